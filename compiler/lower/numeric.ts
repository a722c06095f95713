// Non-linear integer operations on run-time values: abs, sign, min and max (element-wise and over a
// vector), bit decomposition and composition, shifts, and integer division by a secret.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import { arithmeticType, resultShape, type Arithmetic, type Operand } from "./arithmetic.js";
import { bitDecomposition, bitToArithmetic, isZeroBit } from "./bit-circuits.js";
import type { Logic } from "./logic.js";
import { describe, isNumber, lengthOf, type RunValue } from "./values.js";
import type { Vectors } from "./vectors.js";

/** Operands of integer division by a secret must stay below this (in magnitude): 31 quotient bits. */
export const DIVISION_BITS = 31;

export class Numeric {
  constructor(
    private readonly arith: Arithmetic,
    private readonly logic: Logic,
    private readonly vectors: Vectors,
  ) {}

  private get ir() {
    return this.arith.ir;
  }

  /** 1 where x < 0, else 0, as a secret (or public) integer gate. */
  private negative(x: RunValue, span: Span): RunValue {
    return { ...this.logic.compare("<", x, { kind: "int", value: 0n }, span), type: "int" };
  }

  /** |x| = x − 2·[x < 0]·x: one comparison and one multiplication. */
  abs(x: RunValue, span: Span): RunValue {
    const negative = this.negative(x, span);
    const twice = this.arith.binary("*", negative, { kind: "int", value: 2n }, span);
    return this.arith.binary("-", x, this.arith.binary("*", twice, x, span), span);
  }

  /** sign(x) ∈ {−1, 0, 1} = [x > 0] − [x < 0]. */
  sign(x: RunValue, span: Span): RunValue {
    const zero = { kind: "int", value: 0n } as const;
    const above = { ...this.logic.compare(">", x, zero, span), type: "int" as const };
    return this.arith.binary("-", above, this.negative(x, span), span);
  }

  /** min(a, b) or max(a, b), element by element. */
  extreme(which: "min" | "max", a: Operand, b: Operand, span: Span): RunValue {
    const less = this.logic.compare("<", a, b, span);
    const chosen = which === "min" ? this.logic.select(less, a, b, span) : this.logic.select(less, b, a, span);
    return chosen as RunValue;
  }

  /** The smallest (or largest) element of a vector: a tournament of ⌈log2 n⌉ rounds of comparisons. */
  reduce(which: "min" | "max", v: RunValue, span: Span): RunValue {
    if (v.shape.length !== 1) return fail("typeMismatch", span, { detail: `${which}() of one argument needs a vector, not ${describe(v)}` });
    let current = v;
    while (current.shape[0]! > 1) {
      const n = current.shape[0]!;
      const half = Math.floor(n / 2);
      const left = this.vectors.select(current, [{ kind: "range", start: 0, stop: 2 * half, step: 2 }], span);
      const right = this.vectors.select(current, [{ kind: "range", start: 1, stop: 2 * half, step: 2 }], span);
      let winners = this.extreme(which, left, right, span);
      if (n % 2 === 1) winners = this.vectors.concat(winners, this.vectors.select(current, [{ kind: "range", start: n - 1, stop: n, step: 1 }], span), span);
      current = winners;
    }
    return this.vectors.select(current, [{ kind: "at", index: 0 }], span);
  }

  /** The k bits of every element as arithmetic 0/1, position-major: bit p of element j at p·len + j. */
  bitPositions(x: RunValue, span: Span): number {
    const len = lengthOf(x.shape);
    return bitToArithmetic(this.ir, bitDecomposition(this.ir, this.arith.hide(x, span).gate, len, span), len, span);
  }

  /** The k bits of each element (two's complement, least significant first) as sbool. */
  decompose(x: RunValue, span: Span): RunValue {
    const len = lengthOf(x.shape);
    const k = this.arith.ringBits;
    const positionMajor = this.bitPositions(x, span);
    const value: RunValue = { kind: "run", secret: true, type: "bool", shape: [k, len], gate: positionMajor };
    if (x.shape.length === 0) return { ...value, shape: [k] };
    return this.vectors.transpose(value, span);
  }

  /** Σ b_i·2^i over the last dimension of a vector (or matrix) of bits. */
  compose(bits: RunValue, span: Span): RunValue {
    const width = bits.shape[bits.shape.length - 1];
    const k = this.arith.ringBits;
    if (width === undefined || width > k)
      return fail("typeMismatch", span, { detail: `from_bits() needs a vector of at most ${k} bits, not ${describe(bits)}` });
    const rows = lengthOf(bits.shape) / width;
    const weights = Array.from({ length: rows * width }, (_, i) => BigInt.asUintN(k, 1n << BigInt(i % width)));
    // k bits weighted by powers of two are the two's complement of a value in the ring: the range
    // check, reading the top weight 2^(k−1) as positive, would warn of an overflow that is none.
    const gate = this.ir.quietly(() => {
      const w = this.ir.gate({ op: "const", values: weights }, [], rows * width, false, span);
      const weighted = this.ir.gate({ op: "mul" }, [bits.gate, w], rows * width, bits.secret, span);
      return this.ir.gate({ op: "sum", group: width }, [weighted], rows, bits.secret, span);
    });
    return { kind: "run", secret: bits.secret, type: "int", shape: bits.shape.slice(0, -1), gate };
  }

  /**
   * x << n multiplies by 2^n; x >> n shifts arithmetically (floors), exactly over the whole range:
   * from the bits, Σ_(i≥n) b_i·2^(i−n) with the sign bit weighted −2^(63−n).
   */
  shift(op: "<<" | ">>", x: RunValue, n: bigint, span: Span): RunValue {
    const k = this.arith.ringBits;
    if (n < 0n || n >= BigInt(k)) return fail("badValue", span, { detail: `a shift by ${n} is out of range (0 to ${k - 1})` });
    if (op === "<<") return this.arith.binary("*", x, { kind: "int", value: 1n << n }, span);
    const len = lengthOf(x.shape);
    if (!x.secret) return { ...x, type: x.type === "bool" ? "int" : x.type, gate: this.arith.exactDivide(x.gate, len, 1n << n, false, span) };
    const bits = this.bitPositions(x, span);
    const weights: bigint[] = [];
    const top = BigInt(k - 1);
    for (let i = 0; i < k; i++) {
      const w = i < Number(n) ? 0n : i === k - 1 ? -(1n << (top - n)) : 1n << (BigInt(i) - n);
      for (let j = 0; j < len; j++) weights.push(BigInt.asUintN(k, w));
    }
    // The weighted bits sum to x >> n exactly; the range check, not knowing they are bits, would warn.
    const gate = this.ir.quietly(() => {
      const weighted = this.ir.gate({ op: "mul" }, [bits, this.ir.gate({ op: "const", values: weights }, [], k * len, false, span)], k * len, true, span);
      const elementMajor = this.ir.gate(
        { op: "gather", indices: Array.from({ length: k * len }, (_, i) => (i % k) * len + Math.floor(i / k)) },
        [weighted],
        k * len,
        true,
        span,
      );
      return this.ir.gate({ op: "sum", group: k }, [elementMajor], len, true, span);
    });
    return { ...x, type: x.type === "bool" ? "int" : x.type, gate };
  }

  /**
   * a // b (and a % b) for a secret b, with Python's flooring: long division of |a| by |b|, one
   * quotient bit per step (a comparison and a multiplication), then the signs. Exact for
   * |a|, |b| < 2^31; 31 steps of about 8 rounds each.
   */
  integerDivide(op: "//" | "%", a: Operand, b: Operand, span: Span): RunValue {
    if (arithmeticType(a, b) !== "int") return fail("unsupported", span, { what: `'${op}' on fixed-point values` });
    const shape = resultShape(op, a, b, span);
    const as = (v: Operand): RunValue =>
      this.arith.hide(this.arith.broadcast(isNumber(v) ? this.arith.constant(v, "int", [], false, span) : { ...v, type: "int" }, shape, span), span);
    const x = as(a);
    const y = as(b);
    const len = lengthOf(shape);
    const xNeg = this.negative(x, span);
    const yNeg = this.negative(y, span);
    const X = this.abs(x, span);
    const Y = this.abs(y, span);
    const xBits = this.decompose(X, span);
    let remainder = this.arith.constant({ kind: "int", value: 0n }, "int", shape, true, span);
    let quotient = remainder;
    for (let i = DIVISION_BITS - 1; i >= 0; i--) {
      const bit = this.vectors.select(
        xBits,
        shape.length === 0
          ? [{ kind: "at", index: i }]
          : [
              { kind: "range", start: 0, stop: len, step: 1 },
              { kind: "at", index: i },
            ],
        span,
      );
      remainder = this.arith.binary("+", this.arith.binary("*", remainder, { kind: "int", value: 2n }, span), { ...bit, type: "int" }, span);
      const trial = this.arith.binary("-", remainder, Y, span);
      const fits = { ...this.logic.compare(">=", trial, { kind: "int", value: 0n }, span), type: "int" as const };
      // remainder := trial where it fits, else unchanged: trial + (1 − fits)·Y.
      remainder = this.arith.binary("+", trial, this.arith.binary("*", this.arith.binary("-", { kind: "int", value: 1n }, fits, span), Y, span), span);
      quotient = this.arith.binary("+", this.arith.binary("*", quotient, { kind: "int", value: 2n }, span), fits, span);
    }
    // Signs: the magnitude quotient truncates toward zero; Python floors, so a negative quotient
    // with a nonzero remainder is one lower.
    const differ = this.logic.combine("xor", { ...xNeg, type: "bool" }, { ...yNeg, type: "bool" }, span);
    const exact = {
      kind: "run",
      secret: true,
      type: "int",
      shape,
      gate: bitToArithmetic(this.ir, isZeroBit(this.ir, remainder.gate, len, span), len, span),
    } as RunValue;
    const signed = this.logic.select(differ, this.arith.negate(quotient, span), quotient, span) as RunValue;
    const adjust = this.arith.binary("*", { ...differ, type: "int" }, this.arith.binary("-", { kind: "int", value: 1n }, exact, span), span);
    const floored = this.arith.binary("-", signed, adjust, span);
    if (op === "//") return floored;
    return this.arith.binary("-", x, this.arith.binary("*", floored, y, span), span);
  }
}
