// Comparisons, boolean logic and oblivious selection on run-time values. Secret comparisons are
// circuits on edaBit-masked bits (bit-circuits.ts); their results are sbool, held as 0 or 1.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type { CompareOp } from "../syntax/ast.js";
import { arithmeticType, resultShape, type Arithmetic, type Operand } from "./arithmetic.js";
import { bitOps, bitToArithmetic, isZeroBit, signBit, signBitBounded } from "./bit-circuits.js";
import { describe, isNumber, lengthOf, sameShape, type RunValue, type Shape, type Value } from "./values.js";

export class Logic {
  constructor(private readonly arith: Arithmetic) {}

  private get ir() {
    return this.arith.ir;
  }

  /** a op b for < <= > >= == != where at least one side is a run-time value. */
  compare(op: CompareOp, a: Operand, b: Operand, span: Span): RunValue {
    switch (op) {
      case "<":
        return this.less(a, b, false, span);
      case ">":
        return this.less(b, a, false, span);
      case "<=":
        return this.less(b, a, true, span);
      case ">=":
        return this.less(a, b, true, span);
      case "==":
        return this.equal(a, b, false, span);
      case "!=":
        return this.equal(a, b, true, span);
      default:
        return fail("unsupported", span, { what: `'${op}' on run-time values` });
    }
  }

  /** a < b, or its negation (a ≥ b). Exact over all 64-bit values, not only where a − b fits. */
  private less(a: Operand, b: Operand, negate: boolean, span: Span): RunValue {
    const { x, y, shape, secret } = this.align(a, b, span);
    const len = lengthOf(shape);
    if (!secret) {
      const lt = this.ir.gate({ op: "compare", cmp: "lt" }, [x, y], len, false, span);
      return this.bool(negate ? this.flip(lt, len, span) : lt, shape, false);
    }
    let lt = this.lessFromSigns(x, y, this.sign(x, len, span), this.sign(y, len, span), len, span);
    if (negate) lt = bitOps(this.ir, len, span).not(lt);
    return this.bool(bitToArithmetic(this.ir, lt, len, span), shape, true);
  }

  /**
   * The bit x < y from the sign bits sx, sy of x and y and that of d = x − y: it is sd, unless x
   * and y have different signs (then d may wrap), where it is sx: sd ⊕ ((sx ⊕ sy) ∧ (sx ⊕ sd)).
   */
  private lessFromSigns(x: number, y: number, sx: number, sy: number, len: number, span: Span): number {
    const sd = signBit(this.ir, this.ir.gate({ op: "sub" }, [x, y], len, true, span), len, span);
    const ops = bitOps(this.ir, len, span);
    return ops.xor(sd, ops.and(ops.xor(sx, sy), ops.xor(sx, sd)));
  }

  /**
   * a > b for secret vectors whose sign bits sa, sb are known already (a sorting network carries
   * them, carried-signs.ts): one carry tree instead of three. Also returns the result's bit.
   */
  greaterGivenSigns(a: RunValue, b: RunValue, sa: number, sb: number, span: Span): { value: RunValue; bit: number } {
    const { x, y, shape } = this.align(b, a, span);
    const len = lengthOf(shape);
    const bit = this.lessFromSigns(x, y, sb, sa, len, span);
    return { value: this.bool(bitToArithmetic(this.ir, bit, len, span), shape, true), bit };
  }

  /**
   * a > b for secrets whose raw values are promised to lie in [−bound, bound): b − a then lies in
   * [−2^(w−1), 2^(w−1)) for w = bitlength(2·bound − 1) + 1, and its sign bit needs one edaBit and
   * ⌈log2(w − 1)⌉ AND rounds instead of the full-range circuit's three edaBits and seven rounds.
   * Values outside the promise give a wrong (but still secret) answer.
   */
  greaterBounded(a: RunValue, b: RunValue, bound: bigint, span: Span): RunValue {
    const { x, y, shape, secret } = this.align(a, b, span);
    const w = (2n * bound - 1n).toString(2).length + 1;
    if (!secret || w >= this.ir.ringBits) return this.compare(">", a, b, span);
    const len = lengthOf(shape);
    const d = this.ir.gate({ op: "sub" }, [y, x], len, true, span);
    return this.bool(bitToArithmetic(this.ir, signBitBounded(this.ir, d, len, w, span), len, span), shape, true);
  }

  private equal(a: Operand, b: Operand, negate: boolean, span: Span): RunValue {
    const { x, y, shape, secret } = this.align(a, b, span);
    const len = lengthOf(shape);
    if (!secret) {
      const eq = this.ir.gate({ op: "compare", cmp: "eq" }, [x, y], len, false, span);
      return this.bool(negate ? this.flip(eq, len, span) : eq, shape, false);
    }
    const d = this.ir.gate({ op: "sub" }, [x, y], len, true, span);
    let zero = isZeroBit(this.ir, d, len, span);
    if (negate) zero = bitOps(this.ir, len, span).not(zero);
    return this.bool(bitToArithmetic(this.ir, zero, len, span), shape, true);
  }

  /** The sign bit of a gate: computed securely for a secret one, read off the bits of a public one. */
  private sign(g: number, len: number, span: Span): number {
    if (this.ir.get(g).secret) return signBit(this.ir, g, len, span);
    const bits = this.ir.gate({ op: "bits" }, [g], len, false, span, 64);
    return this.ir.gate({ op: "bslice", start: 63, step: 1 }, [bits], len, false, span, 1);
  }

  /** Both sides as gates of one shape and one encoding (fixed point if either is). */
  private align(a: Operand, b: Operand, span: Span): { x: number; y: number; shape: Shape; secret: boolean } {
    const type = arithmeticType(a, b);
    const shape = resultShape("compare", a, b, span);
    const gate = (v: Operand): number => {
      if (isNumber(v)) return this.arith.constant(v, type, shape, false, span).gate;
      return this.arith.broadcast(this.arith.retype(v, type, span), shape, span).gate;
    };
    const secret = (a.kind === "run" && a.secret) || (b.kind === "run" && b.secret);
    return { x: gate(a), y: gate(b), shape, secret };
  }

  // ---- boolean logic on 0/1 values

  not(v: Operand, span: Span): RunValue {
    const x = this.asBool(v, span);
    return this.bool(this.flip(x.gate, lengthOf(x.shape), span, x.secret), x.shape, x.secret);
  }

  /** and, or, xor of two truth values: x·y, x + y − x·y, x + y − 2·x·y. */
  combine(op: "and" | "or" | "xor", a: Operand, b: Operand, span: Span): RunValue {
    const x = this.asBool(a, span);
    const y = this.asBool(b, span);
    const product = this.arith.binary("*", x, y, span);
    if (op === "and") return { ...product, type: "bool" };
    const sum = this.arith.binary("+", x, y, span);
    const twice = op === "or" ? product : this.arith.binary("*", product, { kind: "int", value: 2n }, span);
    return { ...this.arith.binary("-", sum, twice, span), type: "bool" };
  }

  /** A truth value: sbool as it is, other numbers compared with zero. */
  asBool(v: Operand, span: Span): RunValue {
    if (v.kind === "run") return v.type === "bool" ? v : this.compare("!=", v, { kind: "int", value: 0n }, span);
    const truth = v.kind === "float" ? v.value !== 0 : Boolean(v.value);
    return { ...this.arith.constant({ kind: "int", value: truth ? 1n : 0n }, "int", [], false, span), type: "bool" };
  }

  /** `x if c else y` for a run-time condition c: y + c·(x − y), element by element. */
  select(c: RunValue, x: Value, y: Value, span: Span): Value {
    if ((x.kind === "list" || x.kind === "tuple") && x.kind === y.kind && x.items.length === (y as typeof x).items.length) {
      return { kind: x.kind, items: x.items.map((item, i) => this.select(c, item, (y as typeof x).items[i]!, span)) };
    }
    if (!((isNumber(x) || x.kind === "run") && (isNumber(y) || y.kind === "run"))) {
      return fail("typeMismatch", span, { detail: `cannot choose obliviously between ${describe(x)} and ${describe(y)}` });
    }
    if (isNumber(x) && isNumber(y) && x.value === y.value && x.kind === y.kind) return x;
    const cond = this.asBool(c, span);
    const difference = this.arith.binary("-", x, y, span);
    if (!sameShape(cond.shape, difference.shape) && cond.shape.length > 0) {
      fail("shapeMismatch", span, { op: "if", left: `[${cond.shape.join(", ")}]`, right: `[${difference.shape.join(", ")}]` });
    }
    const chosen = this.arith.binary("+", y, this.arith.binary("*", { ...cond, type: "int" }, difference, span), span);
    const bothBool = (v: Value): boolean => (v.kind === "run" ? v.type === "bool" : v.kind === "bool");
    return bothBool(x) && bothBool(y) ? { ...chosen, type: "bool" } : chosen;
  }

  private flip(gate: number, len: number, span: Span, secret = false): number {
    const one = this.arith.constantGate(1n, len, span);
    return this.ir.gate({ op: "sub" }, [one, gate], len, secret, span);
  }

  private bool(gate: number, shape: Shape, secret: boolean): RunValue {
    return { kind: "run", secret, type: "bool", shape, gate };
  }
}
