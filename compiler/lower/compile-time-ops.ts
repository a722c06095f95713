// Python's meaning of operators on compile-time values (ints are arbitrary precision, as in Python).
// Returns null when the operands are not both compile-time values of a kind the operator accepts.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type { BinaryOp, CompareOp } from "../syntax/ast.js";
import { isNumber, toNumber, type NumberValue, type Value } from "./values.js";

export function compileTimeBinary(op: BinaryOp, a: Value, b: Value, span: Span): Value | null {
  if (isNumber(a) && isNumber(b)) return numberBinary(op, a, b, span);
  if (op === "+" && a.kind === b.kind && (a.kind === "str" || a.kind === "list" || a.kind === "tuple")) {
    if (a.kind === "str") return { kind: "str", value: a.value + (b as typeof a).value };
    return { kind: a.kind, items: [...a.items, ...(b as typeof a).items] };
  }
  if (op === "*") {
    const [seq, n] = isNumber(b) ? [a, b] : [b, a];
    if (isNumber(n) && n.kind !== "float" && (seq.kind === "str" || seq.kind === "list" || seq.kind === "tuple")) {
      const count = Math.max(0, Number(integer(n)));
      if (seq.kind === "str") return { kind: "str", value: seq.value.repeat(count) };
      return { kind: seq.kind, items: Array.from({ length: count }, () => seq.items).flat() };
    }
  }
  return null;
}

function integer(v: NumberValue): bigint {
  return v.kind === "bool" ? BigInt(v.value) : (v.value as bigint);
}

function numberBinary(op: BinaryOp, a: NumberValue, b: NumberValue, span: Span): Value | null {
  if (a.kind !== "float" && b.kind !== "float") return integerBinary(op, integer(a), integer(b), span);
  const x = toNumber(a);
  const y = toNumber(b);
  switch (op) {
    case "+":
      return float(x + y);
    case "-":
      return float(x - y);
    case "*":
      return float(x * y);
    case "/":
      return y === 0 ? fail("divisionByZero", span, {}) : float(x / y);
    case "//":
      return y === 0 ? fail("divisionByZero", span, {}) : float(Math.floor(x / y));
    case "%":
      return y === 0 ? fail("divisionByZero", span, {}) : float(x - Math.floor(x / y) * y);
    case "**":
      return float(x ** y);
    default:
      return null;
  }
}

function integerBinary(op: BinaryOp, x: bigint, y: bigint, span: Span): Value | null {
  switch (op) {
    case "+":
      return int(x + y);
    case "-":
      return int(x - y);
    case "*":
      return int(x * y);
    case "/":
      return y === 0n ? fail("divisionByZero", span, {}) : float(Number(x) / Number(y));
    case "//":
      return y === 0n ? fail("divisionByZero", span, {}) : int(floorDiv(x, y));
    case "%":
      return y === 0n ? fail("divisionByZero", span, {}) : int(x - floorDiv(x, y) * y);
    case "**":
      if (y < 0n) return float(Number(x) ** Number(y));
      if (y > 4096n) fail("tooLarge", span, { what: "the exponent", limit: "4096" });
      return int(x ** y);
    case "<<":
      return int(x << y);
    case ">>":
      return int(x >> y);
    case "&":
      return int(x & y);
    case "|":
      return int(x | y);
    case "^":
      return int(x ^ y);
    default:
      return null;
  }
}

export function floorDiv(x: bigint, y: bigint): bigint {
  const q = x / y;
  return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
}

export function compileTimeCompare(op: CompareOp, a: Value, b: Value): boolean | null {
  if (op === "==" || op === "!=") {
    const same = equal(a, b);
    return same === null ? null : op === "==" ? same : !same;
  }
  if (op === "in" || op === "not in") {
    if (b.kind !== "list" && b.kind !== "tuple") return null;
    const found = b.items.some((item) => equal(a, item) === true);
    return op === "in" ? found : !found;
  }
  const order = compareOrder(a, b);
  if (order === null) return null;
  switch (op) {
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    default:
      return order >= 0;
  }
}

function compareOrder(a: Value, b: Value): number | null {
  if (isNumber(a) && isNumber(b)) {
    if (a.kind !== "float" && b.kind !== "float") {
      const d = integer(a) - integer(b);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    }
    return Math.sign(toNumber(a) - toNumber(b));
  }
  if (a.kind === "str" && b.kind === "str") return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  return null;
}

function equal(a: Value, b: Value): boolean | null {
  if (isNumber(a) && isNumber(b)) return compareOrder(a, b) === 0;
  if (a.kind === "str" && b.kind === "str") return a.value === b.value;
  if (a.kind === "none" || b.kind === "none") return a.kind === b.kind;
  if ((a.kind === "list" || a.kind === "tuple") && a.kind === b.kind) {
    const other = b as typeof a;
    if (a.items.length !== other.items.length) return false;
    for (let i = 0; i < a.items.length; i++) {
      const e = equal(a.items[i]!, other.items[i]!);
      if (e !== true) return e;
    }
    return true;
  }
  if (a.kind === "run" || b.kind === "run") return null;
  return a.kind === b.kind ? null : false;
}

/** Python truthiness of a compile-time value, or null for a run-time value. */
export function truthy(v: Value): boolean | null {
  switch (v.kind) {
    case "int":
      return v.value !== 0n;
    case "float":
      return v.value !== 0;
    case "bool":
      return v.value;
    case "str":
      return v.value.length > 0;
    case "none":
      return false;
    case "list":
    case "tuple":
      return v.items.length > 0;
    case "range":
      return rangeLength(v) > 0n;
    case "run":
      return null;
    default:
      return true;
  }
}

export function rangeLength(r: { start: bigint; stop: bigint; step: bigint }): bigint {
  const span = r.step > 0n ? r.stop - r.start : r.start - r.stop;
  const step = r.step > 0n ? r.step : -r.step;
  return span <= 0n ? 0n : (span + step - 1n) / step;
}

function int(value: bigint): Value {
  return { kind: "int", value };
}

function float(value: number): Value {
  return { kind: "float", value };
}
