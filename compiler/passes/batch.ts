// Batching: interactive gates of one op that run in the same round, on the same source line,
// become one vector gate over their concatenated operands; each result is a slice of it.

import type { Span } from "../diagnostics/source.js";
import { isInteractive, type Gate, type GateOp, type IrProgram } from "../ir/ir.js";
import { traitsOf } from "../ir/traits.js";
import { join, positionsOf, select, type Axis, type Positions } from "./positions.js";
import { Rewriter } from "./rewrite.js";
import { interactiveDepths, scheduleKeys } from "./schedule.js";

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
      const order = [...ids].sort((a, b) => keys[a]! - keys[b]!);
      const groups = groupsOf(program, order, keys, interactiveDepths(program, ids));
      for (const id of order) {
        const group = groups.get(id);
        if (group === undefined) rw.copy(program.gates[id]!);
        else if (group[group.length - 1] === id) merge(rw, group.map((m) => program.gates[m]!));
      }
    },
  });
}

/** For each batched gate, its group (in schedule order); gates left alone are absent. */
function groupsOf(program: IrProgram, order: readonly number[], keys: Int32Array, depths: Int32Array): Map<number, number[]> {
  const byKey = new Map<string, number[]>();
  for (const id of order) {
    const g = program.gates[id]!;
    const axis = traitsOf(g.kind.op).batch;
    if (axis === undefined || !isInteractive(g, program.gates) || words(g) > MAX_MEMBER_WORDS) continue;
    // Equal depth keeps members independent of each other; the line keeps the report's attribution.
    const shape = axis === "elements" ? `w${g.width}` : `n${g.len}`;
    const key = [keys[id], depths[id], g.kind.op, attributes(g.kind), g.span?.line ?? 0, g.secret, shape].join("|");
    const group = byKey.get(key) ?? [];
    group.push(id);
    byKey.set(key, group);
  }
  const groups = new Map<number, number[]>();
  for (const group of byKey.values()) if (group.length > 1) for (const id of group) groups.set(id, group);
  return groups;
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
  const args = first.args.map((_, j) => concatenate(rw, members.map((m) => rw.map(m.args[j]!)), axis, first.span));
  const total = members.reduce((n, m) => n + (axis === "elements" ? m.len : m.width), 0);
  const merged = axis === "elements"
    ? rw.add(first.kind, args, total, first.secret, first.span)
    : rw.add(first.kind, args, first.len, first.secret, first.span, total);
  let offset = 0;
  for (const m of members) {
    const part = axis === "elements"
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
  return tree(rw, runs.map((r) => r.only ?? select(rw, r.src, r.pos, axis, span)!), axis, span);
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
