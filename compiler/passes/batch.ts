// Batching: interactive gates of one op that run in the same round, on the same source line,
// become one vector gate over their concatenated operands; each result is a slice of it.

import type { Span } from "../diagnostics/source.js";
import { isInteractive, type Gate, type GateOp, type IrProgram } from "../ir/ir.js";
import { traitsOf } from "../ir/traits.js";
import { MAX_REGISTER_LENGTH, MAX_WIDTH } from "../../vm/bytecode/limits.js";
import { join, positionsOf, select, type Axis, type Positions } from "./positions.js";
import { Rewriter } from "./rewrite.js";
import { interactiveDepths, scheduleKeys, type GateNumbers } from "./schedule.js";

/**
 * Members larger than this many storage words stay on their own: copying them into one vector
 * would cost more than the instruction it saves.
 */
const MAX_MEMBER_WORDS = 1024;

export function batch(program: IrProgram): IrProgram {
  return new Rewriter(program).run({
    segment(ids, rw) {
      // In schedule order every member's operands come before the group's last member and
      // every reader of a member after it, so the merged gate can stand where the last one was.
      const keys = scheduleKeys(program, ids);
      const order = byKey(ids, keys);
      const groups = groupsOf(program, order, keys, interactiveDepths(program, ids));
      for (const id of order) {
        const group = groups.get(id);
        if (group === undefined) rw.copy(program.gates[id]!);
        else if (group[group.length - 1] === id)
          merge(
            rw,
            group.map((m) => program.gates[m]!),
          );
      }
    },
  });
}

/** For each batched gate, its group (in schedule order); gates left alone are absent. */
function groupsOf(program: IrProgram, order: readonly number[], keys: GateNumbers, depths: GateNumbers): Map<number, number[]> {
  const byKey = new Map<string, number[]>();
  const texts = new Map<GateOp, string>();
  for (const id of order) {
    const g = program.gates[id]!;
    const axis = traitsOf(g.kind.op).batch;
    if (axis === undefined || !isInteractive(g, program.gates) || words(g) > MAX_MEMBER_WORDS) continue;
    // Equal depth keeps members independent of each other; the line keeps the report's attribution.
    const shape = axis === "elements" ? `w${g.width}` : `n${g.len}`;
    let text = texts.get(g.kind);
    if (text === undefined) texts.set(g.kind, (text = attributes(g.kind)));
    const key = `${keys.get(id)}|${depths.get(id)}|${text}|${g.span?.line ?? 0}|${g.secret}|${shape}`;
    const group = byKey.get(key) ?? [];
    group.push(id);
    byKey.set(key, group);
  }
  const groups = new Map<number, number[]>();
  for (const members of byKey.values()) {
    for (const group of withinLimits(program, members)) if (group.length > 1) for (const id of group) groups.set(id, group);
  }
  return groups;
}

/** Consecutive runs of the members whose merged register stays within what the VM accepts. */
function withinLimits(program: IrProgram, members: readonly number[]): number[][] {
  const first = program.gates[members[0]!]!;
  const bits = traitsOf(first.kind.op).batch === "bits";
  const limit = bits ? MAX_WIDTH : MAX_REGISTER_LENGTH;
  const runs: number[][] = [];
  let total = Infinity;
  for (const id of members) {
    const size = bits ? program.gates[id]!.width : program.gates[id]!.len;
    if (total + size > limit) {
      runs.push([]);
      total = 0;
    }
    runs[runs.length - 1]!.push(id);
    total += size;
  }
  return runs;
}

/** The ids ordered by key, keeping their order within a key (a counting sort: keys are small). */
function byKey(ids: readonly number[], keys: GateNumbers): number[] {
  let max = 0;
  for (const id of ids) max = Math.max(max, keys.get(id)!);
  const start = new Int32Array(max + 2);
  for (const id of ids) start[keys.get(id)! + 1]!++;
  for (let k = 1; k < start.length; k++) start[k]! += start[k - 1]!;
  const order = new Array<number>(ids.length);
  for (const id of ids) order[start[keys.get(id)!]!++] = id;
  return order;
}

function words(g: Gate): number {
  return g.width === 0 ? g.len : g.width * Math.ceil(g.len / 64);
}

function attributes(kind: GateOp): string {
  return JSON.stringify(kind, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
}

/** One gate for the whole group, on concatenated operands; each member becomes a slice of it. */
function merge(rw: Rewriter, members: readonly Gate[]): void {
  const first = members[0]!;
  const axis = traitsOf(first.kind.op).batch!;
  const args = first.args.map((_, j) =>
    concatenate(
      rw,
      members.map((m) => rw.map(m.args[j]!)),
      axis,
      first.span,
    ),
  );
  const total = members.reduce((n, m) => n + (axis === "elements" ? m.len : m.width), 0);
  const merged =
    axis === "elements" ? rw.add(first.kind, args, total, first.secret, first.span) : rw.add(first.kind, args, first.len, first.secret, first.span, total);
  let offset = 0;
  for (const m of members) {
    const part =
      axis === "elements"
        ? rw.add({ op: "slice", start: offset, step: 1 }, [merged], m.len, m.secret, m.span)
        : rw.add({ op: "bslice", start: offset, step: 1 }, [merged], m.len, m.secret, m.span, m.width);
    rw.set(m.id, part);
    offset += axis === "elements" ? m.len : m.width;
  }
}

/**
 * The parts side by side. Neighbouring parts that pick from one source merge into one selection
 * of it first (x[0], x[1], … become x itself); what is left is joined by a balanced tree of
 * concatenations, which copies each element log n times.
 */
function concatenate(rw: Rewriter, parts: readonly number[], axis: Axis, span: Span | null): number {
  const runs: Array<{ src: number; pos: Positions; only: number | null }> = [];
  for (const part of parts) {
    const next = positionsOf(rw.get(part), axis);
    const last = runs[runs.length - 1];
    const joined = last !== undefined && last.src === next.src ? join(last.pos, next.pos) : null;
    if (joined !== null && (axis === "elements" || ("n" in joined && joined.step >= 1))) runs[runs.length - 1] = { src: last!.src, pos: joined, only: null };
    else runs.push({ ...next, only: part });
  }
  return tree(
    rw,
    runs.map((r) => r.only ?? select(rw, r.src, r.pos, axis, span)!),
    axis,
    span,
  );
}

function tree(rw: Rewriter, parts: readonly number[], axis: Axis, span: Span | null): number {
  if (parts.length === 1) return parts[0]!;
  const mid = parts.length >> 1;
  const a = rw.get(tree(rw, parts.slice(0, mid), axis, span));
  const b = rw.get(tree(rw, parts.slice(mid), axis, span));
  const secret = a.secret || b.secret;
  if (axis === "elements") return rw.add({ op: "concat" }, [a.id, b.id], a.len + b.len, secret, span);
  return rw.add({ op: "bconcat" }, [a.id, b.id], a.len, secret, span, a.width + b.width);
}
