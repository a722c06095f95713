// Arithmetic on run-time values: chooses the result type (sint or sfix), broadcasts scalars,
// and keeps fixed-point scaling right (a product of two sfix is truncated by 2^f once).

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type { IrBuilder } from "../ir/builder.js";
import type { NumberType } from "../ir/ir.js";
import { describe, isNumber, lengthOf, shapeText, type NumberValue, type SecretValue, type Shape, type Value } from "./values.js";

const RING_BITS = 64n;
const MAX_DIVISOR = 1n << 61n;

/** An operand reduced to a gate, with whether its integer holds value·2^f (scaled) or the value. */
interface Operand {
  readonly gate: number;
  readonly scaled: boolean;
}

export class SecretArithmetic {
  constructor(
    private readonly ir: IrBuilder,
    readonly fracBits: number,
  ) {}

  /** `a op b` where at least one side is a run-time value. */
  binary(op: string, a: Value, b: Value, span: Span): Value {
    if (!isOperand(a) || !isOperand(b)) fail("badOperands", span, { op, left: describe(a), right: describe(b) });
    const shape = this.broadcastShape(op, a, b, span);
    switch (op) {
      case "+":
      case "-":
        return this.addOrSub(op === "+" ? "add" : "sub", a, b, shape, span);
      case "*":
        return this.multiply(a, b, shape, span);
      case "/":
        return this.divide(a, b, shape, span);
      default:
        return fail("unsupported", span, { what: `'${op}' on secret values` });
    }
  }

  negate(a: SecretValue, span: Span): Value {
    return { ...a, gate: this.ir.gate({ op: "neg" }, [a.gate], lengthOf(a.shape), true, span) };
  }

  sum(a: SecretValue, span: Span): Value {
    if (a.shape.length === 0) return a;
    return { kind: "secret", type: a.type, shape: [], gate: this.ir.gate({ op: "sum" }, [a.gate], 1, true, span) };
  }

  /** sfix(x) and sint(x): a compile-time number becomes a secret constant; sint widens to sfix. */
  convert(target: NumberType, v: Value, span: Span): Value {
    if (isNumber(v)) {
      const len = 1;
      const c = this.constant(v, target === "sfix", len, span);
      return { kind: "secret", type: target, shape: [], gate: this.ir.gate({ op: "lift" }, [c], len, true, span) };
    }
    if (v.kind !== "secret") return fail("typeMismatch", span, { detail: `${target}() cannot convert ${describe(v)}` });
    if (v.type === target) return v;
    if (target === "sfix") return { ...v, type: "sfix", gate: this.scale({ gate: v.gate, scaled: false }, lengthOf(v.shape), span, "sfix").gate };
    return fail("unsupported", span, { what: "converting sfix to sint" }, "the conversion needs a truncation protocol that comes with comparisons");
  }

  private addOrSub(op: "add" | "sub", a: Value & Op, b: Value & Op, shape: Shape, span: Span): Value {
    const type = resultType(a, b);
    const len = lengthOf(shape);
    const mode = type === "sfix" ? "scaled" : "natural";
    const x = this.scale(this.operand(a, mode, len, span), len, span, type);
    const y = this.scale(this.operand(b, mode, len, span), len, span, type);
    return this.secret(type, shape, this.ir.gate({ op }, [x.gate, y.gate], len, true, span));
  }

  private multiply(a: Value & Op, b: Value & Op, shape: Shape, span: Span): Value {
    const type = resultType(a, b);
    const len = lengthOf(shape);
    const x = this.operand(a, "natural", len, span);
    const y = this.operand(b, "natural", len, span);
    let gate = this.ir.gate({ op: "mul" }, [x.gate, y.gate], len, true, span);
    if (x.scaled && y.scaled) gate = this.truncate(gate, len, span);
    return this.secret(type, shape, gate);
  }

  private divide(a: Value & Op, b: Value & Op, shape: Shape, span: Span): Value {
    if (!isNumber(b)) {
      return fail("unsupported", span, { what: "division by a secret" }, "divide by a public number, or wait for the division protocol");
    }
    const divisor = b.kind === "float" ? b.value : Number(b.value);
    if (divisor === 0) fail("divisionByZero", span, {});
    const len = lengthOf(shape);
    const x = this.scale(this.operand(a, "scaled", len, span), len, span, "sfix");
    let gate: number;
    if (Number.isInteger(divisor) && BigInt(Math.abs(divisor)) < MAX_DIVISOR) {
      gate = this.ir.gate({ op: "divpub", divisor: BigInt(Math.abs(divisor)) }, [x.gate], len, true, span);
    } else {
      const reciprocal = Math.round((2 ** this.fracBits) / Math.abs(divisor));
      if (reciprocal === 0) fail("badValue", span, { detail: `dividing by ${divisor} leaves nothing of the value at ${this.fracBits} fractional bits` });
      const k = this.ir.gate({ op: "const", values: [BigInt(reciprocal)] }, [], len, false, span);
      gate = this.truncate(this.ir.gate({ op: "mul" }, [x.gate, k], len, true, span), len, span);
    }
    if (divisor < 0) gate = this.ir.gate({ op: "neg" }, [gate], len, true, span);
    return this.secret("sfix", shape, gate);
  }

  private truncate(gate: number, len: number, span: Span): number {
    return this.ir.gate({ op: "divpub", divisor: 1n << BigInt(this.fracBits) }, [gate], len, true, span);
  }

  /** Brings an sint operand to sfix scale when the result is sfix; sint results are left alone. */
  private scale(x: Operand, len: number, span: Span, type: NumberType): Operand {
    if (x.scaled || type === "sint") return x;
    const factor = this.ir.gate({ op: "const", values: [1n << BigInt(this.fracBits)] }, [], len, false, span);
    return { gate: this.ir.gate({ op: "mul" }, [x.gate, factor], len, this.ir.isSecret(x.gate), span), scaled: true };
  }

  /**
   * A value as a gate of length `len`, scalars broadcast. Constants are encoded as fixed point when
   * `mode` is "scaled", and in "natural" mode only floats are (so `x * 3` needs no truncation).
   */
  private operand(v: Value & Op, mode: "scaled" | "natural", len: number, span: Span): Operand {
    if (isNumber(v)) {
      const scaled = mode === "scaled" || v.kind === "float";
      return { gate: this.constant(v, scaled, len, span), scaled };
    }
    const gate = lengthOf(v.shape) === len ? v.gate : this.ir.gate({ op: "bcast" }, [v.gate], len, true, span);
    return { gate, scaled: v.type === "sfix" };
  }

  private constant(v: NumberValue, scaled: boolean, len: number, span: Span): number {
    return this.ir.gate({ op: "const", values: [this.encode(v, scaled, span)] }, [], len, false, span);
  }

  /** A compile-time number as a ring element: value·2^f when scaled, else the integer itself. */
  encode(v: NumberValue, scaled: boolean, span: Span): bigint {
    let x: bigint;
    if (v.kind === "float") {
      if (!scaled && !Number.isInteger(v.value)) fail("typeMismatch", span, { detail: `${v.value} is not an integer; use sfix for fractions` });
      const real = scaled ? v.value * 2 ** this.fracBits : v.value;
      if (!Number.isFinite(real) || Math.abs(real) >= 2 ** 63) fail("tooLarge", span, { what: `the constant ${v.value}`, limit: "the 64-bit ring" });
      x = BigInt(Math.round(real));
    } else {
      x = v.kind === "bool" ? BigInt(v.value) : v.value;
      if (scaled) x <<= BigInt(this.fracBits);
      if (x >= 1n << 63n || x < -(1n << 63n)) fail("tooLarge", span, { what: `the constant ${v.value}`, limit: "the 64-bit ring" });
    }
    return BigInt.asUintN(Number(RING_BITS), x);
  }

  private broadcastShape(op: string, a: Value & Op, b: Value & Op, span: Span): Shape {
    const sa = isNumber(a) ? [] : a.shape;
    const sb = isNumber(b) ? [] : b.shape;
    if (sa.length === 0) return sb;
    if (sb.length === 0) return sa;
    if (sa.length !== sb.length || sa.some((d, i) => d !== sb[i])) {
      fail("shapeMismatch", span, { op, left: `${shapeText(sa)}`, right: `${shapeText(sb)}` });
    }
    return sa;
  }

  private secret(type: NumberType, shape: Shape, gate: number): Value {
    return { kind: "secret", type, shape, gate };
  }
}

type Op = NumberValue | SecretValue;

function isOperand(v: Value): v is Op {
  return isNumber(v) || v.kind === "secret";
}

function resultType(a: Op, b: Op): NumberType {
  const fixed = (v: Op) => (v.kind === "secret" ? v.type === "sfix" : v.kind === "float");
  return fixed(a) || fixed(b) ? "sfix" : "sint";
}
