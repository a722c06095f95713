// Arithmetic on run-time values: picks the result's secrecy and element type, broadcasts
// scalars, keeps fixed-point scaling right (one truncation per sfix product), and encodes constants.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type { IrBuilder } from "../ir/builder.js";
import { bitToArithmetic, signBitBounded } from "./bit-circuits.js";
import { DIVISION_MARGIN_BITS, divisionRange } from "../../vm/bytecode/limits.js";
import {
  typeName,
  describe,
  isNumber,
  lengthOf,
  sameShape,
  shapeText,
  type ElemType,
  type NumberValue,
  type RunValue,
  type Shape,
  type Value,
} from "./values.js";

/** A number or a run-time value: what arithmetic accepts. */
export type Operand = NumberValue | RunValue;

export function isOperand(v: Value): v is Operand {
  return isNumber(v) || v.kind === "run";
}

export class Arithmetic {
  constructor(
    readonly ir: IrBuilder,
    readonly fracBits: number,
  ) {}

  get one(): bigint {
    return 1n << BigInt(this.fracBits);
  }

  get ringBits(): number {
    return this.ir.ringBits;
  }

  /** Public divisors must stay below 2^(k−3): the masked division's range (docs/protocol.md). */
  private get maxDivisor(): bigint {
    return divisionRange(this.ringBits);
  }

  /** `a op b` for + - * / // % ** where at least one side is a run-time value. */
  binary(op: string, a: Operand, b: Operand, span: Span): RunValue {
    switch (op) {
      case "+":
      case "-":
        return this.addOrSub(op === "+" ? "add" : "sub", a, b, span);
      case "*":
        return this.multiply(a, b, span);
      case "/":
        return this.divide(a, b, span);
      case "//":
      case "%":
        return this.floorDivide(op, a, b, span);
      case "**":
        return this.power(a, b, span);
      default:
        return fail("badOperands", span, { op, left: describe(a), right: describe(b) });
    }
  }

  negate(a: RunValue, span: Span): RunValue {
    const type = a.type === "bool" ? "int" : a.type;
    return { ...a, type, gate: this.ir.gate({ op: "neg" }, [a.gate], lengthOf(a.shape), a.secret, span) };
  }

  /** The value as element type `to`, keeping its secrecy: bool → int is free, int → fix scales. */
  retype(v: RunValue, to: ElemType, span: Span): RunValue {
    if (v.type === to || (v.type === "bool" && to === "int")) return { ...v, type: to };
    if (to === "fix") return { ...v, type: "fix", gate: this.scaleUp(v.gate, lengthOf(v.shape), v.secret, span) };
    if (to === "int") return { ...v, type: "int", gate: this.truncate(v.gate, lengthOf(v.shape), v.secret, span) };
    return fail("unsupported", span, { what: `converting ${describe(v)} to ${typeName(v.secret, "bool")}` }, "compare it instead, e.g. x != 0");
  }

  /** A public run-time value as a secret one (party 0 holds it as its share). */
  hide(v: RunValue, span: Span): RunValue {
    if (v.secret) return v;
    return { ...v, secret: true, gate: this.ir.gate({ op: "lift" }, [v.gate], lengthOf(v.shape), true, span) };
  }

  /** A compile-time number as a run-time value of the given type and shape (public unless `secret`). */
  constant(v: NumberValue, type: ElemType, shape: Shape, secret: boolean, span: Span): RunValue {
    const len = lengthOf(shape);
    const gate = this.ir.gate({ op: "const", values: [this.encode(v, type === "fix", span)] }, [], len, false, span);
    const value: RunValue = { kind: "run", secret: false, type, shape, gate };
    return secret ? this.hide(value, span) : value;
  }

  /** A scalar value repeated to `shape`; a value of that shape unchanged. */
  broadcast(v: RunValue, shape: Shape, span: Span): RunValue {
    if (sameShape(v.shape, shape)) return v;
    const len = lengthOf(shape);
    const gate = this.ir.gate({ op: "slice", start: 0, step: 0 }, [v.gate], len, v.secret, span);
    return { ...v, shape, gate };
  }

  private addOrSub(op: "add" | "sub", a: Operand, b: Operand, span: Span): RunValue {
    const type = arithmeticType(a, b);
    const shape = resultShape(op === "add" ? "+" : "-", a, b, span);
    const x = this.operand(a, type, type === "fix", shape, span);
    const y = this.operand(b, type, type === "fix", shape, span);
    return this.result(type, shape, this.ir.gate({ op }, [x.gate, y.gate], lengthOf(shape), x.secret || y.secret, span), x.secret || y.secret);
  }

  private multiply(a: Operand, b: Operand, span: Span): RunValue {
    const type = arithmeticType(a, b);
    const shape = resultShape("*", a, b, span);
    const x = this.operand(a, type, false, shape, span);
    const y = this.operand(b, type, false, shape, span);
    const secret = x.secret || y.secret;
    let gate = this.ir.gate({ op: "mul" }, [x.gate, y.gate], lengthOf(shape), secret, span);
    if (x.scaled && y.scaled) gate = this.truncate(gate, lengthOf(shape), secret, span);
    return this.result(type, shape, gate, secret);
  }

  private divide(a: Operand, b: Operand, span: Span): RunValue {
    const shape = resultShape("/", a, b, span);
    const len = lengthOf(shape);
    if (isNumber(b)) return this.divideByConstant(a, Number(b.value), shape, span);
    if (b.secret) {
      return fail("unsupported", span, { what: "division by a secret value" }, "divide by a public number, or wait for the secret division protocol");
    }
    if (a.kind === "run" && a.secret) return fail("unsupported", span, { what: "dividing a secret by a value revealed at run time" });
    const x = this.operand(a, "fix", true, shape, span);
    const numerator = this.ir.gate({ op: "mul" }, [x.gate, this.constantGate(this.one, len, span)], len, false, span);
    const y = this.operand(b, "fix", true, shape, span);
    return this.result("fix", shape, this.ir.gate({ op: "divide" }, [numerator, y.gate], len, false, span), false);
  }

  private divideByConstant(a: Operand, divisor: number, shape: Shape, span: Span): RunValue {
    if (divisor === 0) fail("divisionByZero", span, {});
    const len = lengthOf(shape);
    const x = this.operand(a, "fix", true, shape, span);
    let gate: number;
    if (Number.isInteger(divisor) && BigInt(Math.abs(divisor)) < this.maxDivisor) {
      gate = this.exactDivide(x.gate, len, BigInt(Math.abs(divisor)), x.secret, span);
    } else {
      const reciprocal = Math.round(2 ** this.fracBits / Math.abs(divisor));
      if (reciprocal === 0) fail("badValue", span, { detail: `dividing by ${divisor} leaves nothing of the value at ${this.fracBits} fractional bits` });
      const product = this.ir.gate({ op: "mul" }, [x.gate, this.constantGate(BigInt(reciprocal), len, span)], len, x.secret, span);
      gate = this.truncate(product, len, x.secret, span);
    }
    if (divisor < 0) gate = this.ir.gate({ op: "neg" }, [gate], len, x.secret, span);
    return this.result("fix", shape, gate, x.secret);
  }

  /** a // b and a % b with Python's flooring, for integers; a secret divisor takes long division. */
  private floorDivide(op: "//" | "%", a: Operand, b: Operand, span: Span): RunValue {
    const type = arithmeticType(a, b);
    if (type !== "int") return fail("unsupported", span, { what: `'${op}' on fixed-point values` }, "divide with / and drop the fraction with floor() instead");
    const shape = resultShape(op, a, b, span);
    const len = lengthOf(shape);
    const x = this.operand(a, "int", false, shape, span);
    const y = this.operand(b, "int", false, shape, span);
    let quotient: number;
    if (isNumber(b)) {
      const d = BigInt(b.value);
      if (d === 0n) fail("divisionByZero", span, {});
      if (d < 0n || d >= this.maxDivisor)
        fail("unsupported", span, { what: `integer division by a negative number or one of 2^${this.ringBits - DIVISION_MARGIN_BITS} or more` });
      quotient = this.exactDivide(x.gate, len, d, x.secret, span);
    } else if (!y.secret && !x.secret) {
      quotient = this.ir.gate({ op: "divide" }, [x.gate, y.gate], len, false, span);
    } else {
      return fail("unsupported", span, { what: `'${op}' by a secret` }, "use integer_divide(a, b) from the numeric functions, which states its range");
    }
    if (op === "//") return this.result("int", shape, quotient, x.secret);
    const product = this.ir.gate({ op: "mul" }, [quotient, y.gate], len, x.secret, span);
    return this.result("int", shape, this.ir.gate({ op: "sub" }, [x.gate, product], len, x.secret, span), x.secret);
  }

  /**
   * ⌊x / d⌋ for a public d, exactly. For a secret x, the masked-open division gives q0 with an
   * error e ∈ {−1, 0, 1}; the remainder x − q0·d then lies in [−d, 2d), and two comparisons of that
   * small number fix q0 — so nothing about x's low digits is left in the result's rounding.
   */
  exactDivide(x: number, len: number, d: bigint, secret: boolean, span: Span): number {
    const q0 = this.ir.gate({ op: "divpub", divisor: d }, [x], len, secret, span);
    if (!secret || d === 1n) return q0;
    const dGate = this.constantGate(d, len, span);
    const remainder = this.ir.gate({ op: "sub" }, [x, this.ir.gate({ op: "mul" }, [q0, dGate], len, true, span)], len, true, span);
    const width = bitLength(d) + 2;
    const below = bitToArithmetic(this.ir, signBitBounded(this.ir, remainder, len, width, span), len, span);
    let q = this.ir.gate({ op: "sub" }, [q0, below], len, true, span);
    if ((d & (d - 1n)) !== 0n) {
      // Only a divisor that is not a power of two can leave q0 one too small.
      const over = this.ir.gate({ op: "sub" }, [remainder, dGate], len, true, span);
      const notAbove = bitToArithmetic(this.ir, signBitBounded(this.ir, over, len, width, span), len, span);
      const one = this.constantGate(1n, len, span);
      q = this.ir.gate({ op: "add" }, [q, this.ir.gate({ op: "sub" }, [one, notAbove], len, true, span)], len, true, span);
    }
    return q;
  }

  /** x ** n for a compile-time n ≥ 0, by repeated squaring: depth ⌈log2 n⌉ multiplications. */
  private power(a: Operand, b: Operand, span: Span): RunValue {
    if (b.kind !== "int" || b.value < 0n || a.kind !== "run") {
      return fail("unsupported", span, { what: `${describe(a)} ** ${describe(b)}` }, "the exponent must be a non-negative compile-time integer");
    }
    if (b.value > 1024n) fail("tooLarge", span, { what: "the exponent", limit: "1024" });
    if (b.value === 0n) return this.constant({ kind: "int", value: 1n }, a.type === "fix" ? "fix" : "int", a.shape, a.secret, span);
    let result: RunValue | null = null;
    let square: RunValue = a;
    for (let n = b.value; n > 0n; n >>= 1n) {
      if (n & 1n) result = result === null ? square : this.multiply(result, square, span);
      if (n > 1n) square = this.multiply(square, square, span);
    }
    return result!;
  }

  /** sum over all elements (a vector to a scalar), or over consecutive groups of `group`. */
  sum(v: RunValue, group: number, span: Span): RunValue {
    const type = v.type === "bool" ? "int" : v.type;
    const len = lengthOf(v.shape);
    const shape = group === len ? [] : [len / group];
    return { kind: "run", secret: v.secret, type, shape, gate: this.ir.gate({ op: "sum", group }, [v.gate], len / group, v.secret, span) };
  }

  /** Drops the fixed-point scale of a product: exact floor division by 2^f. */
  truncate(gate: number, len: number, secret: boolean, span: Span): number {
    return this.exactDivide(gate, len, this.one, secret, span);
  }

  private scaleUp(gate: number, len: number, secret: boolean, span: Span): number {
    return this.ir.gate({ op: "mul" }, [gate, this.constantGate(this.one, len, span)], len, secret, span);
  }

  constantGate(value: bigint, len: number, span: Span): number {
    return this.ir.gate({ op: "const", values: [value] }, [], len, false, span);
  }

  /**
   * An operand as a gate of the result's shape and element type. `scaled` asks for fixed-point
   * encoding; otherwise only what is fixed-point already (sfix, floats) is scaled, so `x * 3`
   * needs no truncation.
   */
  private operand(v: Operand, type: ElemType, scaled: boolean, shape: Shape, span: Span): { gate: number; scaled: boolean; secret: boolean } {
    if (isNumber(v)) {
      const s = type === "fix" && (scaled || v.kind === "float");
      return { gate: this.constantGate(this.encode(v, s, span), lengthOf(shape), span), scaled: s, secret: false };
    }
    let run = this.broadcast(v, shape, span);
    if (scaled && run.type !== "fix") run = this.retype(run, "fix", span);
    return { gate: run.gate, scaled: run.type === "fix", secret: run.secret };
  }

  private result(type: ElemType, shape: Shape, gate: number, secret: boolean): RunValue {
    return { kind: "run", secret, type, shape, gate };
  }

  /** A compile-time number as a ring element: value·2^f when scaled, else the integer itself. */
  encode(v: NumberValue, scaled: boolean, span: Span): bigint {
    let x: bigint;
    if (v.kind === "float") {
      if (!scaled && !Number.isInteger(v.value)) fail("typeMismatch", span, { detail: `${v.value} is not an integer; use sfix for fractions` });
      const real = scaled ? v.value * 2 ** this.fracBits : v.value;
      if (!Number.isFinite(real) || Math.abs(real) >= 2 ** (this.ringBits - 1))
        fail("tooLarge", span, { what: `the constant ${v.value}`, limit: `the ${this.ringBits}-bit ring` });
      x = BigInt(Math.round(real));
    } else {
      x = v.kind === "bool" ? BigInt(v.value) : v.value;
      if (scaled) x <<= BigInt(this.fracBits);
      const k = BigInt(this.ringBits);
      if (x >= 1n << k || x < -(1n << (k - 1n))) fail("tooLarge", span, { what: `the constant ${v.value}`, limit: `the ${this.ringBits}-bit ring` });
    }
    return BigInt.asUintN(this.ringBits, x);
  }
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** The element type of an arithmetic result: fixed point if either side is, else integer. */
export function arithmeticType(a: Operand, b: Operand): ElemType {
  const fixed = (v: Operand): boolean => (v.kind === "run" ? v.type === "fix" : v.kind === "float");
  return fixed(a) || fixed(b) ? "fix" : "int";
}

/** Equal shapes, or a scalar with anything. */
export function resultShape(op: string, a: Operand, b: Operand, span: Span): Shape {
  const sa = a.kind === "run" ? a.shape : [];
  const sb = b.kind === "run" ? b.shape : [];
  if (sa.length === 0) return sb;
  if (sb.length === 0) return sa;
  if (!sameShape(sa, sb)) fail("shapeMismatch", span, { op, left: shapeText(sa), right: shapeText(sb) });
  return sa;
}
