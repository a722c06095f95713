// The values of the compile-time evaluator: public compile-time data (numbers, strings, lists,
// functions, types) and run-time values, which are references to IR gates with a type and shape.

import type { NumberType } from "../ir/ir.js";
import type { Span } from "../diagnostics/source.js";

export type Shape = readonly number[];

export type Value =
  | { kind: "int"; value: bigint }
  | { kind: "float"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "str"; value: string }
  | { kind: "none" }
  | { kind: "list"; items: Value[] }
  | { kind: "tuple"; items: Value[] }
  | { kind: "range"; start: bigint; stop: bigint; step: bigint }
  | { kind: "type"; base: NumberType; shape: Shape | null }
  | { kind: "builtin"; name: string; call: BuiltinCall }
  | { kind: "secret"; type: NumberType; shape: Shape; gate: number };

export interface CallArgs {
  readonly args: Value[];
  readonly argSpans: Span[];
  readonly keywords: Map<string, { value: Value; span: Span }>;
  readonly span: Span;
}

export type BuiltinCall = (call: CallArgs) => Value;

export type SecretValue = Extract<Value, { kind: "secret" }>;
export type NumberValue = Extract<Value, { kind: "int" | "float" | "bool" }>;

export const NONE: Value = { kind: "none" };

export function int(value: bigint | number): Value {
  return { kind: "int", value: BigInt(value) };
}

export function isNumber(v: Value): v is NumberValue {
  return v.kind === "int" || v.kind === "float" || v.kind === "bool";
}

export function toNumber(v: NumberValue): number {
  return v.kind === "bool" ? Number(v.value) : Number(v.value);
}

export function lengthOf(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function shapeText(shape: Shape): string {
  return shape.length === 0 ? "" : `[${shape.join(", ")}]`;
}

/** How a value is named in a message: its type, never its contents when it is secret. */
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
      return `the type ${v.base}${v.shape ? shapeText(v.shape) : ""}`;
    case "builtin":
      return `the function ${v.name}`;
    case "secret":
      return `a secret ${v.type}${shapeText(v.shape)}`;
  }
}

/** Python's repr for compile-time values, for print() and messages. */
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
      return `[${v.items.map(display).join(", ")}]`;
    case "tuple":
      return v.items.length === 1 ? `(${display(v.items[0]!)},)` : `(${v.items.map(display).join(", ")})`;
    case "range":
      return `range(${v.start}, ${v.stop}${v.step === 1n ? "" : `, ${v.step}`})`;
    default:
      return describe(v);
  }
}
