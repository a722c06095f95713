// Fixed-point functions of secrets: reciprocal and division (Newton's method after normalising
// with the highest set bit [Catrina and Saxena, FC 2010]), square root, exp, log and sigmoid.

import type { Span } from "../diagnostics/source.js";
import type { Arithmetic, Operand } from "./arithmetic.js";
import { bitDecomposition, bitToArithmetic, highestBit } from "./bit-circuits.js";
import type { Logic } from "./logic.js";
import { Newton } from "./newton.js";
import type { Numeric } from "./numeric.js";
import { lengthOf, type RunValue } from "./values.js";
import { DIVISION_MARGIN_BITS } from "../../vm/bytecode/limits.js";

// Least-squares fits on Chebyshev nodes (max error over the interval in the comment).
/** 2^φ for φ in [0, 1): degree 5, error 1.1e-7. */
const EXP2 = [0.9999998957635922, 0.6931546199790194, 0.24014077028840528, 0.05586328210892901, 0.008946215292872406, 0.0018951070416185288];
/** ln(0.75 + u) for u in [−0.25, 0.25): degree 6, error 1.5e-6. */
const LN = [-0.28768188903895764, 1.3333673452034742, -0.8889815896417542, 0.7858523380790661, -0.7828645547061294, 0.9743681452229699, -1.1145009617898132];
const NEWTON_STEPS = 3;

export class FixedFunctions {
  /** Values to normalise must stay below 2^M in raw form (2^(M−f) as numbers): 2^29 for f = 16. */
  readonly M: number;
  /** The fused iterations, where the ring holds their products (f ≤ 19 in Z_2^64); else one truncation per product. */
  private readonly newton: Newton | null;

  constructor(
    private readonly arith: Arithmetic,
    private readonly logic: Logic,
    private readonly numeric: Numeric,
  ) {
    this.M = arith.ringBits - arith.fracBits - DIVISION_MARGIN_BITS;
    this.newton = Newton.fits(arith.ringBits, arith.fracBits) ? new Newton(arith, arith.fracBits) : null;
  }

  private get f(): number {
    return this.arith.fracBits;
  }

  private fix(v: number): Operand {
    return { kind: "float", value: v };
  }

  /**
   * For x > 0 (raw X < 2^M): the highest set bit p of X as a one-hot vector z (arithmetic 0/1,
   * position-major), and c = X·2^(M−1−p) / 2^(M−f), a fixed-point number in [0.5, 1).
   */
  private normalize(x: RunValue, span: Span): { c: RunValue; hot: RunValue } {
    const { ir } = this.arith;
    const len = lengthOf(x.shape);
    // x < 2^M: its low M bits are all there is, and their carries need no position above.
    const low = bitDecomposition(ir, x.gate, len, span, this.M);
    const hot = bitToArithmetic(ir, highestBit(ir, low, len, span), len, span);
    const hotValue: RunValue = { kind: "run", secret: true, type: "int", shape: [this.M, len], gate: hot };
    const v = this.weigh(hotValue, len, (p) => 1n << BigInt(this.M - 1 - p), span);
    const product = ir.gate({ op: "mul" }, [x.gate, v], len, true, span);
    const c = this.arith.exactDivide(product, len, 1n << BigInt(this.M - this.f), true, span);
    return { c: { ...x, type: "fix", gate: c }, hot: hotValue };
  }

  /**
   * Σ_p z[p]·w(p) for each element, from one-hot z in position-major layout: local. Row by row
   * (a slice times a public scalar), so no weight vector of M × len values lands in the bytecode,
   * and rows whose weight is 0 cost nothing.
   */
  private weigh(hot: RunValue, len: number, weight: (p: number) => bigint, span: Span): number {
    const { ir } = this.arith;
    let total: number | null = null;
    for (let p = 0; p < this.M; p++) {
      const w = BigInt.asUintN(this.arith.ringBits, weight(p));
      if (w === 0n) continue;
      const row = ir.gate({ op: "slice", start: p * len, step: 1 }, [hot.gate], len, true, span);
      const term = w === 1n ? row : ir.gate({ op: "mul" }, [row, this.arith.constantGate(w, len, span)], len, true, span);
      total = total === null ? term : ir.gate({ op: "add" }, [total, term], len, true, span);
    }
    return total ?? ir.gate({ op: "lift" }, [this.arith.constantGate(0n, len, span)], len, true, span);
  }

  /** 1/c for the normalised c in [0.5, 1): Newton's iteration y ← y(2 − c·y) (newton.ts), or from a linear start. */
  private inverse(c: RunValue, span: Span): RunValue {
    if (this.newton !== null) return { ...c, gate: this.newton.reciprocal(c.gate, lengthOf(c.shape), span) };
    let y = this.arith.binary("-", this.fix(2.9142), this.arith.binary("*", c, { kind: "int", value: 2n }, span), span);
    for (let i = 0; i < NEWTON_STEPS; i++) {
      y = this.arith.binary("*", y, this.arith.binary("-", this.fix(2), this.arith.binary("*", c, y, span), span), span);
    }
    return y;
  }

  /** value · 2^(M−1−p) / 2^(M−f) for the one-hot p: undoes the normalisation. */
  private rescale(value: RunValue, hot: RunValue, span: Span): RunValue {
    const len = lengthOf(value.shape);
    const hotLen = hot.shape[1]!;
    let v = this.weigh(hot, hotLen, (p) => 1n << BigInt(this.M - 1 - p), span);
    // A vector divided by one secret: the divisor's scale applies to every element.
    if (hotLen !== len) v = this.arith.ir.gate({ op: "slice", start: 0, step: 0 }, [v], len, true, span);
    const product = this.arith.ir.gate({ op: "mul" }, [value.gate, v], len, true, span);
    return { ...value, gate: this.arith.exactDivide(product, len, 1n << BigInt(this.M - this.f), true, span) };
  }

  /**
   * value · 2^(f−1−p) for the one-hot p, exactly (floored), for values up to 2^(k−3−f) raw, too
   * large for `rescale`'s one product with 2^(M−1−p). The positions are cut into bands of f + 1:
   * each band multiplies by 2^(hi−p) for p in it (0 elsewhere), so a product grows by at most 2^f
   * and stays below 2^(k−3), then shifts by its public 2^(f−1−hi). The bands run side by side:
   * as many rounds as one product, a triple per band and element.
   */
  private rescaleWide(value: RunValue, hot: RunValue, span: Span): RunValue {
    const { ir } = this.arith;
    const len = lengthOf(value.shape);
    const hotLen = hot.shape[1]!;
    let total: number | null = null;
    for (let lo = 0; lo < this.M; lo += this.f + 1) {
      const hi = Math.min(lo + this.f, this.M - 1);
      let v = this.weigh(hot, hotLen, (p) => (p >= lo && p <= hi ? 1n << BigInt(hi - p) : 0n), span);
      if (hotLen !== len) v = ir.gate({ op: "slice", start: 0, step: 0 }, [v], len, true, span);
      const product = ir.gate({ op: "mul" }, [value.gate, v], len, true, span);
      const shift = this.f - 1 - hi;
      const band =
        shift >= 0
          ? ir.gate({ op: "mul" }, [product, this.arith.constantGate(1n << BigInt(shift), len, span)], len, true, span)
          : this.arith.exactDivide(product, len, 1n << BigInt(-shift), true, span);
      total = total === null ? band : ir.gate({ op: "add" }, [total, band], len, true, span);
    }
    return { ...value, gate: total! };
  }

  /** |x| and a function to give a result x's sign back: r − 2·[x < 0]·r. */
  private magnitude(x: RunValue, span: Span): { size: RunValue; signed: (r: RunValue) => RunValue } {
    const negative = { ...this.logic.compare("<", x, { kind: "int", value: 0n }, span), type: "int" as const };
    const twice = this.arith.binary("*", negative, { kind: "int", value: 2n }, span);
    return {
      size: this.arith.binary("-", x, this.arith.binary("*", twice, x, span), span),
      signed: (r) => this.arith.binary("-", r, this.arith.binary("*", twice, r, span), span),
    };
  }

  /** 1/x, with 2^−f absolute precision: for |x| ≥ 2^−f (0 for x = 0, which has no reciprocal). */
  reciprocal(x: RunValue, span: Span): RunValue {
    const value = this.arith.hide(this.arith.retype(x, "fix", span), span);
    const { size, signed } = this.magnitude(value, span);
    const { c, hot } = this.normalize(size, span);
    return signed(this.rescale(this.inverse(c, span), hot, span));
  }

  /**
   * a / b for a secret b as (a · 1/c) rescaled by b's normalisation, which keeps the quotient's
   * relative precision even when 1/b is tiny. For |a| < 2^(k−4−2f), any quotient the type holds.
   * Division by zero gives 0: an error could not be raised without revealing that b is zero.
   */
  divide(a: Operand, b: RunValue, span: Span): RunValue {
    const divisor = this.arith.hide(this.arith.retype(b, "fix", span), span);
    const { size, signed } = this.magnitude(divisor, span);
    const { c, hot } = this.normalize(size, span);
    const scaled = this.arith.hide(this.arith.binary("*", a, this.inverse(c, span), span), span);
    return signed(this.rescaleWide(scaled, hot, span));
  }

  /** √x for x ≥ 0: √c by Newton on 1/√c (y ← y(1.5 − c/2·y²)), times 2^((p+1−f)/2) from a table. */
  sqrt(x: RunValue, span: Span): RunValue {
    const value = this.arith.hide(this.arith.retype(x, "fix", span), span);
    const { c, hot } = this.normalize(value, span);
    const len = lengthOf(value.shape);
    const y = this.newton !== null ? { ...c, gate: this.newton.inverseRoot(c.gate, len, span) } : this.inverseRootSlowly(c, span);
    const root = this.arith.binary("*", c, y, span);
    const scale = this.weigh(hot, len, (p) => BigInt(Math.round(2 ** ((p + 1 - this.f) / 2) * 2 ** this.f)), span);
    return this.arith.binary("*", root, { ...value, type: "fix", gate: scale }, span);
  }

  /** 1/√c by y ← y(1.5 − c/2·y²) from a linear start, a truncation after every product: for rings too small for newton.ts. */
  private inverseRootSlowly(c: RunValue, span: Span): RunValue {
    const half = this.arith.binary("*", c, this.fix(0.5), span);
    let y = this.arith.binary("-", this.fix(1.7), this.arith.binary("*", c, this.fix(0.7), span), span);
    for (let i = 0; i < NEWTON_STEPS; i++) {
      const y2 = this.arith.binary("*", y, y, span);
      y = this.arith.binary("*", y, this.arith.binary("-", this.fix(1.5), this.arith.binary("*", half, y2, span), span), span);
    }
    return y;
  }

  /**
   * e^x as 2^t with t = x·log2 e, clamped to [−f, M−f−2]: 2^⌊t⌋ from the bits of ⌊t⌋ + f (a product
   * of ⌈log2 M⌉ factors), 2^frac(t) from a polynomial. Saturates above 2^(M−f−2): 2^27 for 64 bits.
   */
  exp(x: RunValue, span: Span): RunValue {
    const value = this.arith.retype(x, "fix", span);
    const len = lengthOf(value.shape);
    const { ir } = this.arith;
    // t with more precision than f bits: x·round(log2(e)·2^(f+10)) / 2^(f+10).
    const precise = this.arith.constantGate(BigInt(Math.round(Math.LOG2E * 2 ** (this.f + 10))), len, span);
    const product = ir.gate({ op: "mul" }, [value.gate, precise], len, value.secret, span);
    let t: RunValue = { ...value, gate: this.arith.exactDivide(product, len, 1n << BigInt(this.f + 10), value.secret, span) };
    t = this.numeric.extreme("max", t, this.fix(-this.f), span);
    t = this.numeric.extreme("min", t, this.fix(this.M - this.f - 2), span);
    const n = this.arith.exactDivide(t.gate, len, this.arith.one, true, span);
    const fraction: RunValue = {
      ...t,
      gate: ir.gate({ op: "sub" }, [t.gate, ir.gate({ op: "mul" }, [n, this.arith.constantGate(this.arith.one, len, span)], len, true, span)], len, true, span),
    };
    const m: RunValue = { ...t, type: "int", gate: ir.gate({ op: "add" }, [n, this.arith.constantGate(BigInt(this.f), len, span)], len, true, span) };
    // 2^m from the bits of m (m < M): Π (1 + b_j·(2^(2^j) − 1)), raw 2^(n+f) = 2^m.
    const bits = this.numeric.bitPositions(m, span);
    let power: RunValue | null = null;
    for (let j = 0; 1 << j < this.M; j++) {
      const bit = this.arith.ir.gate({ op: "slice", start: j * len, step: 1 }, [bits], len, true, span);
      const factor = this.arith.binary(
        "+",
        { kind: "int", value: 1n },
        this.arith.binary("*", { ...value, type: "int", gate: bit }, { kind: "int", value: (1n << (1n << BigInt(j))) - 1n }, span),
        span,
      );
      power = power === null ? factor : this.arith.binary("*", power, factor, span);
    }
    const mantissa = this.polynomial(fraction, EXP2, span);
    const scaled = ir.gate({ op: "mul" }, [power!.gate, mantissa.gate], len, true, span);
    return { ...mantissa, gate: this.arith.exactDivide(scaled, len, this.arith.one, true, span) };
  }

  /** ln x for x > 0: ln c + (p + 1 − f)·ln 2 with c in [0.5, 1) from the normalisation. */
  log(x: RunValue, span: Span): RunValue {
    const value = this.arith.hide(this.arith.retype(x, "fix", span), span);
    const { c, hot } = this.normalize(value, span);
    const len = lengthOf(value.shape);
    const exponent = this.weigh(hot, len, (p) => BigInt(p + 1 - this.f), span);
    const lnc = this.polynomial(this.arith.binary("-", c, this.fix(0.75), span), LN, span);
    // (p + 1 − f)·ln 2 with ln 2 to f + 20 bits, so the constant's rounding does not grow with p.
    const ln2 = this.arith.constantGate(BigInt(Math.round(Math.LN2 * 2 ** (this.f + 20))), len, span);
    const product = this.arith.ir.gate({ op: "mul" }, [exponent, ln2], len, true, span);
    const scaled: RunValue = { ...lnc, gate: this.arith.exactDivide(product, len, 1n << 20n, true, span) };
    return this.arith.binary("+", lnc, scaled, span);
  }

  /** 1 / (1 + e^(−x)). */
  sigmoid(x: RunValue, span: Span): RunValue {
    const e = this.exp(this.arith.negate(this.arith.retype(x, "fix", span), span), span);
    const { c, hot } = this.normalize(this.arith.binary("+", e, this.fix(1), span), span);
    return this.rescale(this.inverse(c, span), hot, span);
  }

  /** Σ a_i·x^i with the powers computed in a balanced way: depth ⌈log2 degree⌉ multiplications. */
  polynomial(x: RunValue, coefficients: readonly number[], span: Span): RunValue {
    const powers: RunValue[] = [x, x];
    for (let i = 2; i < coefficients.length; i++) powers.push(this.arith.binary("*", powers[Math.floor(i / 2)]!, powers[Math.ceil(i / 2)]!, span));
    let sum: RunValue = this.arith.constant({ kind: "float", value: coefficients[0]! }, "fix", x.shape, x.secret, span);
    for (let i = 1; i < coefficients.length; i++) sum = this.arith.binary("+", sum, this.arith.binary("*", powers[i]!, this.fix(coefficients[i]!), span), span);
    return sum;
  }
}
