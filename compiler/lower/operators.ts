// Operators on any values: compile-time values follow Python; as soon as one side is a run-time
// value, the arithmetic, logic and vector helpers build gates instead.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type { BinaryOp, CompareOp, UnaryOp } from "../syntax/ast.js";
import { isOperand } from "./arithmetic.js";
import { compileTimeBinary, compileTimeCompare, truthy } from "./compile-time-ops.js";
import type { LowerContext } from "./context.js";
import { describe, isNumber, type Value } from "./values.js";

export function binary(ctx: LowerContext, op: BinaryOp, a: Value, b: Value, span: Span): Value {
  if (a.kind !== "run" && b.kind !== "run") {
    return compileTimeBinary(op, a, b, span) ?? fail("badOperands", span, { op, left: describe(a), right: describe(b) });
  }
  if (!isOperand(a) || !isOperand(b)) fail("badOperands", span, { op, left: describe(a), right: describe(b) });
  switch (op) {
    case "@":
      if (a.kind !== "run" || b.kind !== "run") return fail("badOperands", span, { op, left: describe(a), right: describe(b) });
      return ctx.vectors.matmul(a, b, span);
    case "&":
    case "|":
    case "^":
      if (!isBoolean(a) || !isBoolean(b)) {
        return fail(
          "unsupported",
          span,
          { what: `'${op}' on ${describe(a.kind === "run" ? a : b)}` },
          "decompose into bits with bits(x), combine the sbool vectors, and recompose with from_bits()",
        );
      }
      return ctx.logic.combine(op === "&" ? "and" : op === "|" ? "or" : "xor", a, b, span);
    case "<<":
    case ">>":
      if (a.kind !== "run" || b.kind !== "int") return fail("unsupported", span, { what: `'${op}' by ${describe(b)}` }, "shift by a compile-time integer");
      return ctx.numeric.shift(op, a, b.value, span);
    case "/":
      if (b.kind === "run" && b.secret) return ctx.ir.quietly(() => ctx.fixed.divide(a, b, span));
      return ctx.arith.binary(op, a, b, span);
    case "//":
    case "%":
      if ((b.kind === "run" && b.secret) || (a.kind === "run" && a.secret && b.kind === "run")) return ctx.numeric.integerDivide(op, a, b, span);
      return ctx.arith.binary(op, a, b, span);
    default:
      return ctx.arith.binary(op, a, b, span);
  }
}

function isBoolean(v: Value): boolean {
  return v.kind === "bool" || (v.kind === "run" && v.type === "bool");
}

export function unary(ctx: LowerContext, op: UnaryOp, v: Value, span: Span): Value {
  if (op === "not") {
    if (v.kind === "run") return ctx.logic.not(v, span);
    return { kind: "bool", value: !truthy(v)! };
  }
  if (op === "+" && (isNumber(v) || v.kind === "run")) return v;
  if (op === "-") {
    if (v.kind === "int") return { kind: "int", value: -v.value };
    if (v.kind === "float") return { kind: "float", value: -v.value };
    if (v.kind === "bool") return { kind: "int", value: -BigInt(v.value) };
    if (v.kind === "run") return ctx.arith.negate(v, span);
  }
  if (op === "~" && v.kind === "int") return { kind: "int", value: ~v.value };
  if (op === "~" && v.kind === "bool") return { kind: "int", value: ~BigInt(v.value) };
  return fail("badOperand", span, { op, operand: describe(v) });
}

/** One comparison of a chain. */
export function compare(ctx: LowerContext, op: CompareOp, a: Value, b: Value, span: Span): Value {
  if (a.kind === "run" || b.kind === "run") {
    if (op === "in" || op === "not in") return fail("unsupported", span, { what: `'${op}' with run-time values` });
    if (!isOperand(a) || !isOperand(b)) return fail("badOperands", span, { op, left: describe(a), right: describe(b) });
    return ctx.logic.compare(op, a, b, span);
  }
  const result = compileTimeCompare(op, a, b);
  return result === null ? fail("badOperands", span, { op, left: describe(a), right: describe(b) }) : { kind: "bool", value: result };
}

/** Truth of a chain of and/or operands once one of them is a run-time value: no short circuit. */
export function combineTruths(ctx: LowerContext, op: "and" | "or", values: readonly Value[], span: Span): Value {
  let result: Value | null = null;
  for (const v of values) {
    if (!isOperand(v)) return fail("typeMismatch", span, { detail: `'${op}' cannot combine ${describe(v)} with a run-time value` });
    result = result === null ? (v.kind === "run" ? ctx.logic.asBool(v, span) : v) : ctx.logic.combine(op, result as never, v, span);
  }
  return result!;
}
