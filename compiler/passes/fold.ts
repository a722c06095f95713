// Constant folding: public gates of constants become constants, x + 0, x · 1, −(−x) and
// whole-vector slices become x, and slices of slices or of concatenations collapse into one.

import { isSink, type Gate, type IrProgram } from "../ir/ir.js";
import { compact, evaluate } from "./constants.js";
import { join, lookThrough, positionsOf, samePositions, select, type Axis, type Positions } from "./positions.js";
import { gateByGate, Rewriter } from "./rewrite.js";

export function fold(program: IrProgram): IrProgram {
  const bits = ringBits(program);
  return new Rewriter(program).run(
    gateByGate((g, rw) => {
      const replacement = isSink(g) || g.args.length === 0 ? null : simplify(g, rw, bits);
      if (replacement === null) rw.copy(g);
      else rw.set(g.id, replacement);
    }),
  );
}

/** The ring's bit length: 64, unless the program is for a larger ring. */
function ringBits(program: IrProgram): number {
  return (program as { readonly ringBits?: number }).ringBits ?? 64;
}

/** The new gate that computes what `g` did, or null to copy g as it is. */
function simplify(g: Gate, rw: Rewriter, bits: number): number | null {
  const args = g.args.map((a) => rw.map(a));
  const a = args.map((id) => rw.get(id));
  if (!g.secret && a.every((x) => x.kind.op === "const")) {
    const values = evaluate(
      g.kind,
      a.map((x) => ({ values: (x.kind as { values: readonly bigint[] }).values, len: x.len })),
      g.len,
      bits,
    );
    if (values !== null) return rw.add({ op: "const", values: compact(values) }, [], g.len, false, g.span);
  }
  const same = (i: number): number | null => (a[i]!.secret === g.secret && a[i]!.len === g.len && a[i]!.width === g.width ? args[i]! : null);
  const k = g.kind;
  switch (k.op) {
    case "add":
      return isConstant(rw, a[1]!, 0n) ? same(0) : isConstant(rw, a[0]!, 0n) ? same(1) : null;
    case "sub":
      return isConstant(rw, a[1]!, 0n) ? same(0) : null;
    case "mul":
      if (isConstant(rw, a[0]!, 0n) || isConstant(rw, a[1]!, 0n)) return zero(rw, g);
      return isConstant(rw, a[1]!, 1n) ? same(0) : isConstant(rw, a[0]!, 1n) ? same(1) : null;
    case "neg":
      return a[0]!.kind.op === "neg" ? sameAs(rw, a[0]!.args[0]!, g) : null;
    case "sum":
      return k.group === 1 ? same(0) : null;
    case "open":
      // Opening what party 0 lifted from a public value reveals nothing new: use the value itself.
      return k.to === null && a[0]!.kind.op === "lift" ? sameAs(rw, a[0]!.args[0]!, { ...g, secret: false }) : null;
    case "slice":
      return g.width === 0 ? reselect(rw, args[0]!, { start: k.start, step: k.step, n: g.len }, "elements", g) : null;
    case "gather":
      return reselect(rw, args[0]!, { indices: k.indices }, "elements", g);
    case "bslice":
      return reselect(rw, args[0]!, { start: k.start, step: k.step, n: g.width }, "bits", g);
    case "concat":
      return g.width === 0 ? joinParts(rw, a[0]!, a[1]!, "elements", g) : null;
    case "bconcat":
      return joinParts(rw, a[0]!, a[1]!, "bits", g);
    default:
      return null;
  }
}

/** A public constant whose every element is `value`, or a secret one party 0 lifted from it. */
function isConstant(rw: Rewriter, g: Gate, value: bigint): boolean {
  if (g.kind.op === "lift") return isConstant(rw, rw.get(g.args[0]!), value);
  return g.kind.op === "const" && g.kind.values.every((v) => v === value);
}

function zero(rw: Rewriter, g: Gate): number {
  const c = rw.add({ op: "const", values: [0n] }, [], g.len, false, g.span);
  return g.secret ? rw.add({ op: "lift" }, [c], g.len, true, g.span) : c;
}

/** `id` if it has g's type (secrecy, length, width), else null. */
function sameAs(rw: Rewriter, id: number, g: Gate): number | null {
  const x = rw.get(id);
  return x.secret === g.secret && x.len === g.len && x.width === g.width ? id : null;
}

/** Positions `pos` of `src`, looked through the slices, gathers and concatenations that made src. */
function reselect(rw: Rewriter, src: number, pos: Positions, axis: Axis, g: Gate): number | null {
  let current: { src: number; pos: Positions } = { src, pos };
  for (let next = lookThrough(rw, rw.get(src), pos, axis); next !== null; next = lookThrough(rw, rw.get(next.src), next.pos, axis)) {
    current = next;
  }
  // Nothing to gain where g (a slice or gather of src) already selects exactly these positions.
  if (current.src === src && g.kind.op !== "concat" && g.kind.op !== "bconcat" && samePositions(pos, current.pos)) return null;
  const result = select(rw, current.src, current.pos, axis, g.span);
  return result === null ? null : sameAs(rw, result, g);
}

/** Two pieces of one source side by side: one selection of that source. */
function joinParts(rw: Rewriter, a: Gate, b: Gate, axis: Axis, g: Gate): number | null {
  const p = positionsOf(a, axis);
  const q = positionsOf(b, axis);
  if (p.src !== q.src) return null;
  const joined = join(p.pos, q.pos);
  return joined === null ? null : reselect(rw, p.src, joined, axis, g);
}
