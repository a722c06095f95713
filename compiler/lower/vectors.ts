// Vectors and matrices of run-time values: indexing and slicing by public positions (gathers),
// element assignment, stacking lists into vectors, transposition, dot products and matrix products.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type { Arithmetic, Operand } from "./arithmetic.js";
import { CarriedSigns } from "./carried-signs.js";
import type { Logic } from "./logic.js";
import { describe, isNumber, lengthOf, sameShape, shapeText, type ElemType, type RunValue, type Shape } from "./values.js";

/** One resolved subscript: a single position or a range of positions, both public. */
export type Selection =
  | { kind: "at"; index: number }
  | { kind: "range"; start: number; stop: number; step: number }
  | { kind: "list"; indices: readonly number[] };

export class Vectors {
  private readonly signs: CarriedSigns;

  constructor(private readonly arith: Arithmetic) {
    this.signs = new CarriedSigns(arith.ir);
  }

  private get ir() {
    return this.arith.ir;
  }

  /** v[s0, s1, …]: the selected elements, dimensions indexed by a single position dropped. */
  select(v: RunValue, selections: readonly Selection[], span: Span): RunValue {
    const { indices, shape } = this.positions(v.shape, selections, span);
    return this.gather(v, indices, shape, span);
  }

  /** v with the selected elements replaced by x (broadcast to the selection). */
  assign(v: RunValue, selections: readonly Selection[], x: Operand, span: Span): RunValue {
    const { indices, shape } = this.positions(v.shape, selections, span);
    let value = this.asRun(x, v.type, span);
    if (value.shape.length > 0 && !sameShape(value.shape, shape)) {
      fail("shapeMismatch", span, { op: "=", left: shapeText(shape), right: shapeText(value.shape) });
    }
    const type: ElemType = v.type === "fix" || value.type === "fix" ? "fix" : v.type === value.type ? v.type : "int";
    let target = this.arith.retype(v, type, span);
    value = this.arith.broadcast(this.arith.retype(value, type, span), shape, span);
    if (target.secret !== value.secret) {
      target = this.arith.hide(target, span);
      value = this.arith.hide(value, span);
    }
    const base = lengthOf(v.shape);
    const mapping = Array.from({ length: base }, (_, i) => i);
    indices.forEach((position, j) => (mapping[position] = base + j));
    const joined = this.ir.gate({ op: "concat" }, [target.gate, value.gate], base + indices.length, target.secret, span);
    return { ...target, gate: this.ir.gate({ op: "gather", indices: mapping }, [joined], base, target.secret, span) };
  }

  /** The elements (of a vector) or rows (of a matrix), for `for x in v` and unpacking. */
  items(v: RunValue, span: Span): RunValue[] {
    if (v.shape.length === 0) return fail("typeMismatch", span, { detail: `cannot iterate over ${describe(v)}` });
    return Array.from({ length: v.shape[0]! }, (_, i) => this.select(v, [{ kind: "at", index: i }], span));
  }

  /** Stacks scalars (or equal-shaped vectors) into a vector (or matrix) of one type and secrecy. */
  stack(items: readonly Operand[], elem: ElemType | null, span: Span): RunValue {
    if (items.length === 0) return fail("badValue", span, { detail: "cannot make a vector of no elements" });
    const runs = items.map((item) => this.asRun(item, elem ?? "int", span));
    const inner = runs[0]!.shape;
    if (runs.some((r) => !sameShape(r.shape, inner))) fail("badValue", span, { detail: "the elements of a vector must all have the same shape" });
    const type: ElemType = elem ?? (runs.some((r) => r.type === "fix") ? "fix" : runs.every((r) => r.type === "bool") ? "bool" : "int");
    const secret = runs.some((r) => r.secret);
    const parts = runs.map((r) => {
      const typed = this.arith.retype(r, type, span);
      return secret ? this.arith.hide(typed, span) : typed;
    });
    // A balanced tree of concatenations copies each element O(log n) times, not O(n).
    const join = (from: number, to: number): number => {
      if (to - from === 1) return parts[from]!.gate;
      const mid = (from + to) >> 1;
      const len = (to - from) * lengthOf(inner);
      return this.ir.gate({ op: "concat" }, [join(from, mid), join(mid, to)], len, secret, span);
    };
    return { kind: "run", secret, type, shape: [items.length, ...inner], gate: join(0, parts.length) };
  }

  concat(a: RunValue, b: RunValue, span: Span): RunValue {
    if (a.shape.length === 0 || b.shape.length === 0 || !sameShape(a.shape.slice(1), b.shape.slice(1))) {
      fail("shapeMismatch", span, { op: "concat", left: shapeText(a.shape), right: shapeText(b.shape) });
    }
    return this.stackPair(a, b, [a.shape[0]! + b.shape[0]!, ...a.shape.slice(1)], span);
  }

  private stackPair(a: RunValue, b: RunValue, shape: Shape, span: Span): RunValue {
    const type: ElemType = a.type === "fix" || b.type === "fix" ? "fix" : a.type === b.type ? a.type : "int";
    const secret = a.secret || b.secret;
    const prepare = (v: RunValue): RunValue => {
      const typed = this.arith.retype(v, type, span);
      return secret ? this.arith.hide(typed, span) : typed;
    };
    const gate = this.ir.gate({ op: "concat" }, [prepare(a).gate, prepare(b).gate], lengthOf(shape), secret, span);
    return { kind: "run", secret, type, shape, gate };
  }

  /**
   * One layer of a sorting network: for every pair (lo[i], hi[i]) of positions, the smaller key goes
   * to lo and the larger to hi, and each payload vector follows its key. One comparison and one
   * multiplication per pair and payload: large = a + b − small needs none. With a raw `bound`,
   * the keys are promised to lie in [−bound, bound), and the comparison is the cheaper bounded one.
   */
  compareExchange(
    keys: RunValue,
    lo: readonly number[],
    hi: readonly number[],
    payloads: readonly RunValue[],
    logic: Pick<Logic, "compare" | "greaterBounded" | "greaterGivenSigns">,
    span: Span,
    bound: bigint | null = null,
  ): RunValue[] {
    if (keys.shape.length !== 1 || lo.length !== hi.length || lo.length === 0) {
      fail("badCall", span, { detail: "compare_exchange() needs a vector of keys and two equally long lists of positions" });
    }
    const n = keys.shape[0]!;
    const at = (list: readonly number[]): Selection[] => [{ kind: "list", indices: list }];
    const a = this.select(keys, at(lo), span);
    const b = this.select(keys, at(hi), span);
    // Full-range secret keys: their sign bits are carried from layer to layer (carried-signs.ts).
    const carried = bound === null && keys.secret ? this.carriedSigns(keys, lo, hi, a, b, logic, span) : null;
    const greater = carried?.greater.value ?? (bound === null ? logic.compare(">", a, b, span) : logic.greaterBounded(a, b, bound, span));
    const swap = { ...greater, type: "int" as const };
    const exchange = (v: RunValue): RunValue => {
      if (v.shape[0] !== n || v.shape.length !== 1)
        fail("shapeMismatch", span, { op: "compare_exchange", left: shapeText(keys.shape), right: shapeText(v.shape) });
      const x = this.select(v, at(lo), span);
      const y = this.select(v, at(hi), span);
      // small = x + swap·(y − x); large = x + y − small.
      const small = this.arith.binary("+", x, this.arith.binary("*", swap, this.arith.binary("-", y, x, span), span), span);
      const large = this.arith.binary("-", this.arith.binary("+", x, y, span), small, span);
      const mapping = Array.from({ length: n }, (_, i) => i);
      lo.forEach((p, i) => (mapping[p] = n + i));
      hi.forEach((p, i) => (mapping[p] = n + lo.length + i));
      const joined = this.concat(this.concat(v, { ...small, type: v.type }, span), { ...large, type: v.type }, span);
      return this.select(joined, at(mapping), span);
    };
    const results = [keys, ...payloads].map(exchange);
    if (carried !== null) this.signs.exchanged(results[0]!.gate, carried.signs, lo, hi, carried.greater.bit, span);
    return results;
  }

  private carriedSigns(
    keys: RunValue,
    lo: readonly number[],
    hi: readonly number[],
    a: RunValue,
    b: RunValue,
    logic: Pick<Logic, "greaterGivenSigns">,
    span: Span,
  ) {
    const signs = this.signs.pick(keys.gate, lo, hi, span);
    return { signs, greater: logic.greaterGivenSigns(a, b, signs.lo, signs.hi, span) };
  }

  transpose(m: RunValue, span: Span): RunValue {
    if (m.shape.length !== 2) return fail("typeMismatch", span, { detail: `only a matrix can be transposed, not ${describe(m)}` });
    const [rows, cols] = m.shape as [number, number];
    const indices: number[] = [];
    for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) indices.push(i * cols + j);
    return this.gather(m, indices, [cols, rows], span);
  }

  /**
   * a @ b for vectors and matrices: every product a[i, t]·b[t, j] as one vector multiplication,
   * then sums of groups of the inner dimension; fixed-point products are truncated once per sum.
   */
  matmul(a: RunValue, b: RunValue, span: Span): RunValue {
    const aRows = a.shape.length === 2 ? a.shape[0]! : 1;
    const inner = a.shape[a.shape.length - 1];
    const bInner = b.shape[0];
    const bCols = b.shape.length === 2 ? b.shape[1]! : 1;
    if (a.shape.length === 0 || b.shape.length === 0 || a.shape.length > 2 || b.shape.length > 2 || inner !== bInner) {
      fail("shapeMismatch", span, { op: "@", left: shapeText(a.shape), right: shapeText(b.shape) });
    }
    const k = inner!;
    const left: number[] = [];
    const right: number[] = [];
    for (let i = 0; i < aRows; i++) {
      for (let j = 0; j < bCols; j++) {
        for (let t = 0; t < k; t++) {
          left.push(i * k + t);
          right.push(t * bCols + j);
        }
      }
    }
    const shape = [...(a.shape.length === 2 ? [aRows] : []), ...(b.shape.length === 2 ? [bCols] : [])];
    const x = this.gather(a, left, [left.length], span);
    const y = this.gather(b, right, [right.length], span);
    const secret = a.secret || b.secret;
    const product = this.ir.gate({ op: "mul" }, [x.gate, y.gate], left.length, secret, span);
    const sums = this.ir.gate({ op: "sum", group: k }, [product], left.length / k, secret, span);
    const fixed = a.type === "fix" && b.type === "fix";
    const gate = fixed ? this.arith.truncate(sums, left.length / k, secret, span) : sums;
    // With one side integer, each product carries a single scale factor, as a fixed-point value should.
    const type: ElemType = a.type === "fix" || b.type === "fix" ? "fix" : "int";
    return { kind: "run", secret, type, shape, gate };
  }

  /** The elements at `indices`: a strided slice when they are evenly spaced, else a gather. */
  private gather(v: RunValue, indices: readonly number[], shape: Shape, span: Span): RunValue {
    if (indices.length === lengthOf(v.shape) && indices.every((x, i) => x === i)) return { ...v, shape };
    const step = progression(indices);
    const kind = step === null ? { op: "gather" as const, indices } : { op: "slice" as const, start: indices[0]!, step };
    return { ...v, shape, gate: this.ir.gate(kind, [v.gate], indices.length, v.secret, span) };
  }

  private asRun(x: Operand, type: ElemType, span: Span): RunValue {
    return isNumber(x) ? this.arith.constant(x, x.kind === "float" ? "fix" : type, [], false, span) : x;
  }

  /** The flat positions a selection picks from a value of `shape`, and the shape of the result. */
  private positions(shape: Shape, selections: readonly Selection[], span: Span): { indices: number[]; shape: number[] } {
    if (selections.length > shape.length) {
      fail("typeMismatch", span, { detail: `${selections.length} subscripts for a value with ${shape.length} dimension${shape.length === 1 ? "" : "s"}` });
    }
    const perDimension = shape.map((size, d) => {
      const s = selections[d] ?? { kind: "range", start: 0, stop: size, step: 1 };
      const position = (index: number): number => {
        const i = index < 0 ? size + index : index;
        if (i < 0 || i >= size) fail("badValue", span, { detail: `index ${index} is out of range for a dimension of ${size}` });
        return i;
      };
      if (s.kind === "at") return { picks: [position(s.index)], keep: false };
      if (s.kind === "list") return { picks: s.indices.map(position), keep: true };
      const picks: number[] = [];
      for (let i = s.start; s.step > 0 ? i < s.stop : i > s.stop; i += s.step) picks.push(i);
      return { picks, keep: true };
    });
    const strides = shape.map((_, d) => lengthOf(shape.slice(d + 1)));
    let indices = [0];
    perDimension.forEach(({ picks }, d) => {
      indices = indices.flatMap((base) => picks.map((p) => base + p * strides[d]!));
    });
    const resultShape = perDimension.filter((x) => x.keep).map((x) => x.picks.length);
    if (indices.length === 0) fail("badValue", span, { detail: "the slice selects no elements" });
    return { indices, shape: resultShape };
  }
}

/** The common difference of indices in arithmetic progression (0 for one index), or null. */
function progression(indices: readonly number[]): number | null {
  if (indices.length === 1) return 0;
  const step = indices[1]! - indices[0]!;
  for (let i = 2; i < indices.length; i++) if (indices[i]! - indices[i - 1]! !== step) return null;
  return step;
}

/** Python's slice.indices(): a slice's start, stop and step made concrete for a length. */
export function resolveSlice(lower: bigint | null, upper: bigint | null, step: bigint | null, length: number): Selection {
  const st = step === null ? 1 : Number(step);
  const clamp = (v: bigint | null, dflt: number, lo: number, hi: number): number => {
    if (v === null) return dflt;
    let x = Number(v);
    if (x < 0) x += length;
    return Math.min(Math.max(x, lo), hi);
  };
  if (st > 0) return { kind: "range", start: clamp(lower, 0, 0, length), stop: clamp(upper, length, 0, length), step: st };
  return { kind: "range", start: clamp(lower, length - 1, -1, length - 1), stop: clamp(upper, -1, -1, length - 1), step: st };
}
