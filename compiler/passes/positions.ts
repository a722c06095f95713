// The algebra of picking elements (or bit positions) out of a gate: slices, gathers and
// concatenations of pieces of one source collapse into one slice, one gather, or the source itself.

import type { Span } from "../diagnostics/source.js";
import type { Gate } from "../ir/ir.js";
import type { Rewriter } from "./rewrite.js";

/** Positions start, start + step, … (n of them), or an explicit list. */
export type Positions = { readonly start: number; readonly step: number; readonly n: number } | { readonly indices: readonly number[] };

/** Elements of arithmetic gates (slice, gather, concat) or bit positions of boolean ones (bslice, bconcat). */
export type Axis = "elements" | "bits";

/** A gather's index list is a constant in the bytecode: longer lists are not built. */
const MAX_INDICES = 1 << 16;

export function count(p: Positions): number {
  return "n" in p ? p.n : p.indices.length;
}

function at(p: Positions, i: number): number {
  return "n" in p ? p.start + i * p.step : p.indices[i]!;
}

function toList(p: Positions): number[] {
  return Array.from({ length: count(p) }, (_, i) => at(p, i));
}

/** An explicit list as a progression where it is one. */
function normalise(p: Positions): Positions {
  if ("n" in p) return p.n === 1 ? { start: p.start, step: 1, n: 1 } : p;
  const list = p.indices;
  if (list.length === 1) return { start: list[0]!, step: 1, n: 1 };
  const step = list[1]! - list[0]!;
  for (let i = 2; i < list.length; i++) if (list[i]! - list[i - 1]! !== step) return p;
  return { start: list[0]!, step, n: list.length };
}

function range(p: Positions): { lo: number; hi: number } {
  if ("n" in p) {
    const last = p.start + (p.n - 1) * p.step;
    return { lo: Math.min(p.start, last), hi: Math.max(p.start, last) };
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of p.indices) {
    lo = Math.min(lo, i);
    hi = Math.max(hi, i);
  }
  return { lo, hi };
}

function size(g: Gate, axis: Axis): number {
  return axis === "elements" ? g.len : g.width;
}

/** The source a gate picks from and which positions, looking through one slice or gather. */
export function positionsOf(g: Gate, axis: Axis): { src: number; pos: Positions } {
  const k = g.kind;
  if (axis === "elements" && g.width === 0) {
    if (k.op === "slice") return { src: g.args[0]!, pos: normalise({ start: k.start, step: k.step, n: g.len }) };
    if (k.op === "gather") return { src: g.args[0]!, pos: normalise({ indices: k.indices }) };
  }
  if (axis === "bits" && k.op === "bslice") return { src: g.args[0]!, pos: normalise({ start: k.start, step: k.step, n: g.width }) };
  return { src: g.id, pos: { start: 0, step: 1, n: size(g, axis) } };
}

export function samePositions(a: Positions, b: Positions): boolean {
  const x = normalise(a);
  const y = normalise(b);
  if ("n" in x && "n" in y) return x.start === y.start && x.step === y.step && x.n === y.n;
  if ("n" in x || "n" in y) return false;
  return x.indices.length === y.indices.length && x.indices.every((v, i) => v === y.indices[i]);
}

/** Positions `outer` of a selection `inner`: a slice of a slice is one slice. */
export function compose(inner: Positions, outer: Positions): Positions | null {
  if ("n" in inner && "n" in outer) return normalise({ start: inner.start + outer.start * inner.step, step: outer.step * inner.step, n: outer.n });
  if (count(outer) > MAX_INDICES) return null;
  return normalise({ indices: toList(outer).map((i) => at(inner, i)) });
}

/** The positions of `a` followed by those of `b` (of one source). */
export function join(a: Positions, b: Positions): Positions | null {
  if ("n" in a && "n" in b) {
    const step = a.n === 1 ? b.start - a.start : a.step;
    if (b.start === a.start + a.n * step && (b.n === 1 || b.step === step)) return normalise({ start: a.start, step, n: a.n + b.n });
  }
  if (count(a) + count(b) > MAX_INDICES) return null;
  return normalise({ indices: [...toList(a), ...toList(b)] });
}

/**
 * A gate holding positions `pos` of `src` (new ids): the source itself when that is all of it,
 * else a slice, gather or bslice. Null where the ISA has no instruction for it (bits in no order).
 */
export function select(rw: Rewriter, src: number, pos: Positions, axis: Axis, span: Span | null): number | null {
  const s = rw.get(src);
  const p = normalise(pos);
  if ("n" in p && p.start === 0 && p.step === 1 && p.n === size(s, axis)) return src;
  if (axis === "bits") {
    if (!("n" in p) || p.step < 1) return null;
    return rw.add({ op: "bslice", start: p.start, step: p.step }, [src], s.len, s.secret, span, p.n);
  }
  if ("n" in p) return rw.add({ op: "slice", start: p.start, step: p.step }, [src], p.n, s.secret, span);
  return rw.add({ op: "gather", indices: p.indices }, [src], p.indices.length, s.secret, span);
}

/** Positions `pos` of gate `g` as positions of what g itself selects from, if g is a slice or gather (or a concat they fall in). */
export function lookThrough(rw: Rewriter, g: Gate, pos: Positions, axis: Axis): { src: number; pos: Positions } | null {
  const op = g.kind.op;
  if ((axis === "elements" && op === "concat") || (axis === "bits" && op === "bconcat")) {
    const first = size(rw.get(g.args[0]!), axis);
    const { lo, hi } = range(pos);
    if (hi < first) return { src: g.args[0]!, pos };
    if (lo >= first) return { src: g.args[1]!, pos: "n" in pos ? { ...pos, start: pos.start - first } : { indices: pos.indices.map((i) => i - first) } };
    return null;
  }
  const inner = positionsOf(g, axis);
  if (inner.src === g.id) return null;
  const composed = compose(inner.pos, pos);
  return composed === null ? null : { src: inner.src, pos: composed };
}
