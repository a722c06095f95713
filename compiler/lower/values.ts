// The values of the compile-time evaluator: public compile-time data (numbers, strings, lists,
// functions, types) and run-time values, which name an IR gate with an element type and a shape.

import type * as A from "../syntax/ast.js";
import type { Span } from "../diagnostics/source.js";

export type Shape = readonly number[];

/** Element type of a run-time value: integers, fixed-point numbers, booleans (held as 0/1). */
export type ElemType = "int" | "fix" | "bool";

export type Value =
  | { kind: "int"; value: bigint }
  | { kind: "float"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "str"; value: string }
  | { kind: "none" }
  | { kind: "list"; items: readonly Value[] }
  | { kind: "tuple"; items: readonly Value[] }
  | { kind: "range"; start: bigint; stop: bigint; step: bigint }
  | { kind: "type"; elem: ElemType; shape: Shape | null }
  | { kind: "builtin"; name: string; call: BuiltinCall }
  | { kind: "function"; def: FunctionDef; closure: unknown; defaults: Array<Value | null> }
  | RunValue;

/**
 * A value known only at run time: secret (shared) or public (revealed), held by IR gate `gate`.
 * Secret ones are sint/sfix/sbool; public ones cint/cfix/cbool.
 */
export interface RunValue {
  readonly kind: "run";
  readonly secret: boolean;
  readonly type: ElemType;
  readonly shape: Shape;
  readonly gate: number;
}

export type FunctionDef = Extract<A.Stmt, { kind: "def" }>;

export interface CallArgs {
  readonly args: Value[];
  readonly argSpans: Span[];
  readonly keywords: Map<string, { value: Value; span: Span }>;
  readonly span: Span;
}

export type BuiltinCall = (call: CallArgs) => Value;

export type NumberValue = Extract<Value, { kind: "int" | "float" | "bool" }>;

export const NONE: Value = { kind: "none" };

export function isNumber(v: Value): v is NumberValue {
  return v.kind === "int" || v.kind === "float" || v.kind === "bool";
}

export function isRun(v: Value): v is RunValue {
  return v.kind === "run";
}

export function toNumber(v: NumberValue): number {
  return Number(v.value);
}

export function lengthOf(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function shapeText(shape: Shape): string {
  return shape.length === 0 ? "" : `[${shape.join(", ")}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** sint, sfix, sbool for secret values; cint, cfix, cbool for revealed ones. */
export function typeName(secret: boolean, type: ElemType): string {
  return `${secret ? "s" : "c"}${type}`;
}

/** How a value is named in a message: its type, never its contents when it is a run-time value. */
export function describe(v: Value): string {
  switch (v.kind) {
    case "int":
      return "an int";
    case "float":
      return "a float";
    case "bool":
      return "a bool";
    case "str":
      return "a str";
    case "none":
      return "None";
    case "list":
      return "a list";
    case "tuple":
      return "a tuple";
    case "range":
      return "a range";
    case "type":
      return `the type ${typeName(true, v.elem)}${v.shape ? shapeText(v.shape) : ""}`;
    case "builtin":
      return `the function ${v.name}`;
    case "function":
      return `the function ${v.def.name}`;
    case "run":
      return `${v.secret ? "a secret" : "a revealed"} ${typeName(v.secret, v.type)}${shapeText(v.shape)}`;
  }
}

/** Python's str() of compile-time values, for print() and messages. */
export function display(v: Value): string {
  switch (v.kind) {
    case "int":
      return v.value.toString();
    case "float":
      return Number.isInteger(v.value) && Math.abs(v.value) < 1e16 ? v.value.toFixed(1) : String(v.value);
    case "bool":
      return v.value ? "True" : "False";
    case "str":
      return v.value;
    case "list":
      return `[${v.items.map(repr).join(", ")}]`;
    case "tuple":
      return v.items.length === 1 ? `(${repr(v.items[0]!)},)` : `(${v.items.map(repr).join(", ")})`;
    case "range":
      return `range(${v.start}, ${v.stop}${v.step === 1n ? "" : `, ${v.step}`})`;
    default:
      return describe(v);
  }
}

function repr(v: Value): string {
  return v.kind === "str" ? `'${v.value}'` : display(v);
}
