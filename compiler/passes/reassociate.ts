// Reassociation: a chain of one associative op (x1·x2·…·xn built left to right) becomes a tree
// that combines the operands ready earliest first — depth ⌈log2 n⌉ instead of n−1 rounds.

import type { Span } from "../diagnostics/source.js";
import { isInteractive, type Gate, type IrProgram } from "../ir/ir.js";
import { traitsOf } from "../ir/traits.js";
import { MinHeap } from "./heap.js";
import { positionsOf, select } from "./positions.js";
import { bodyGates, Rewriter, segmentOf, useCounts } from "./rewrite.js";

export function reassociate(program: IrProgram): IrProgram {
  const inner = innerNodes(program);
  const rw = new Rewriter(program);
  const depths = new SegmentDepths(rw);
  return rw.run({
    segment(ids, rw) {
      depths.begin();
      for (const id of ids) {
        const g = program.gates[id]!;
        if (inner[id]) continue; // rebuilt as part of its chain's root
        if (!chainable(g) || !g.args.some((a) => inner[a])) rw.copy(g);
        else rw.set(id, rebuild(rw, depths, g, inner));
        depths.catchUp();
      }
    },
  });
}

function chainable(g: Gate): boolean {
  const t = traitsOf(g.kind.op);
  return t.associative === true && t.commutative === true && g.args.length === 2;
}

function sameChain(a: Gate, b: Gate): boolean {
  const plain = (g: Gate): boolean => Object.keys(g.kind).length === 1;
  const sameOp = a.kind === b.kind || (a.kind.op === b.kind.op && plain(a) && plain(b));
  return sameOp && a.len === b.len && a.width === b.width;
}

/** Gates folded into the chain of their only reader: same op, length and width, same straight-line segment. */
function innerNodes(program: IrProgram): Uint8Array {
  const uses = useCounts(program);
  const segment = segmentOf(program);
  const inner = new Uint8Array(program.gates.length);
  for (const id of bodyGates(program)) {
    const user = program.gates[id]!;
    if (!chainable(user)) continue;
    for (const a of user.args) {
      const g = program.gates[a]!;
      if (uses[a] === 1 && chainable(g) && sameChain(g, user) && segment[a] === segment[user.id]) inner[a] = 1;
    }
  }
  return inner;
}

/**
 * Interactive depth of the gates of the current segment as the scheduler sees it (gates of other
 * segments count 0): typed arrays indexed by id and stamped by segment, since Maps of 100,000s of
 * entries cost more in garbage collection than the pass itself.
 */
class SegmentDepths {
  private depth = new Int32Array(1024);
  private stamp = new Int32Array(1024);
  private segment = 0;
  private cursor = 0;

  constructor(private readonly rw: Rewriter) {}

  /** Starts a segment at the end of the sequence being built. */
  begin(): void {
    this.segment++;
    this.cursor = this.rw.built.length;
  }

  of(id: number): number {
    return id < this.stamp.length && this.stamp[id] === this.segment ? this.depth[id]! : 0;
  }

  /** Records the depth of every gate appended since the last call. */
  catchUp(): void {
    const items = this.rw.built;
    for (; this.cursor < items.length; this.cursor++) {
      const id = items[this.cursor]!;
      if (typeof id !== "number") continue;
      const g = this.rw.get(id);
      let d = 0;
      for (const a of g.args) d = Math.max(d, this.of(a));
      this.grow(id);
      this.depth[id] = d + (isInteractive(g, this.rw.gates) ? 1 : 0);
      this.stamp[id] = this.segment;
    }
  }

  private grow(id: number): void {
    if (id < this.stamp.length) return;
    const size = Math.max(id + 1, 2 * this.stamp.length);
    const depth = new Int32Array(size);
    const stamp = new Int32Array(size);
    depth.set(this.depth);
    stamp.set(this.stamp);
    this.depth = depth;
    this.stamp = stamp;
  }
}

/** The chain ending in `root` as a tree over its leaves, combining the shallowest two first. */
function rebuild(rw: Rewriter, depths: SegmentDepths, root: Gate, inner: Uint8Array): number {
  const { leaves, nodes } = unfold(rw.old, root, inner);
  // The new nodes take the spans of the old ones in program order, so each line keeps its gates.
  const spans = nodes.sort((a, b) => a - b).map((id) => rw.old.gates[id]!.span);
  // Leaves in the order they were computed, so equal-depth trees pair neighbours.
  let mapped = leaves.map((id) => rw.map(id)).sort((a, b) => a - b);
  if (root.kind.op === "add" && root.width === 0) mapped = sumsOfSlices(rw, mapped);
  depths.catchUp();
  const heap = new MinHeap<number>();
  const key = (id: number): number => (rw.get(id).secret ? depths.of(id) : -1);
  for (const id of mapped) heap.push(key(id), id);
  let next = spans.length - (mapped.length - 1);
  while (heap.size > 1) {
    const a = rw.get(heap.pop());
    const b = rw.get(heap.pop());
    const span: Span | null = spans[Math.max(0, next++)] ?? root.span;
    const id = rw.add(root.kind, [a.id, b.id], root.len, a.secret || b.secret, span, root.width);
    depths.catchUp();
    heap.push(key(id), id);
  }
  return heap.pop();
}

/** The leaves of the chain (left to right) and its nodes (root and inner). */
function unfold(program: IrProgram, root: Gate, inner: Uint8Array): { leaves: number[]; nodes: number[] } {
  const leaves: number[] = [];
  const nodes: number[] = [];
  // Depth first, left operand first; an explicit stack, since chains may be 100,000 long.
  const stack = [root.id];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id !== root.id && !inner[id]) {
      leaves.push(id);
      continue;
    }
    nodes.push(id);
    const args = program.gates[id]!.args;
    for (let i = args.length - 1; i >= 0; i--) stack.push(args[i]!);
  }
  return { leaves, nodes };
}

/**
 * Single elements of one vector added together (x[0] + x[1] + …, or the pieces of a batched
 * product) become one sum over a slice of it: one local instruction instead of a tree of them.
 */
function sumsOfSlices(rw: Rewriter, leaves: number[]): number[] {
  const bySource = new Map<number, Map<number, number>>();
  const rest: number[] = [];
  for (const id of leaves) {
    const g = rw.get(id);
    const { src, pos } = positionsOf(g, "elements");
    const position = "n" in pos && pos.n === 1 && src !== id ? pos.start : -1;
    const seen = bySource.get(src) ?? new Map<number, number>();
    if (position < 0 || seen.has(position)) {
      rest.push(id);
      continue;
    }
    seen.set(position, id);
    bySource.set(src, seen);
  }
  const result = [...rest];
  for (const [src, byPosition] of bySource) {
    const positions = [...byPosition.keys()].sort((a, b) => a - b);
    for (const run of runs(positions)) {
      const first = byPosition.get(run[0]!)!;
      if (run.length < 2) {
        result.push(first);
        continue;
      }
      const span = rw.get(first).span;
      const part = select(rw, src, { start: run[0]!, step: 1, n: run.length }, "elements", span)!;
      result.push(rw.add({ op: "sum", group: run.length }, [part], 1, rw.get(src).secret, span));
    }
  }
  return result;
}

/** Maximal runs of consecutive numbers in a sorted list. */
function runs(sorted: readonly number[]): number[][] {
  const out: number[][] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last[last.length - 1]! + 1 === x) last.push(x);
    else out.push([x]);
  }
  return out;
}
