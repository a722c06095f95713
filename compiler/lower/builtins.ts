// The functions and types every program can use without importing: range, len, sum, input,
// output, sint, sfix and the compile-time helpers. Each checks its arguments and says what is wrong.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type { NumberType } from "../ir/ir.js";
import { MAX_PARTIES, type LowerContext } from "./context.js";
import { rangeLength } from "./compile-time-ops.js";
import { describe, isNumber, lengthOf, NONE, type BuiltinCall, type CallArgs, type Value } from "./values.js";

export function builtins(ctx: LowerContext): Map<string, Value> {
  const table: Record<string, BuiltinCall> = {
    range: (c) => range(c),
    len: (c) => len(c),
    sum: (c) => sum(ctx, c),
    input: (c) => input(ctx, c),
    output: (c) => output(ctx, c),
    abs: (c) => abs(c),
  };
  const values = new Map<string, Value>();
  for (const [name, call] of Object.entries(table)) values.set(name, { kind: "builtin", name, call });
  values.set("sint", { kind: "type", base: "sint", shape: null });
  values.set("sfix", { kind: "type", base: "sfix", shape: null });
  return values;
}

/** Calling a type converts: sfix(3.5), sint(x), sfix(x) for an sint x. */
export function convert(ctx: LowerContext, base: NumberType, c: CallArgs): Value {
  expectArgs(c, base, 1, 1, []);
  return ctx.arithmetic.convert(base, c.args[0]!, c.span);
}

function range(c: CallArgs): Value {
  expectArgs(c, "range", 1, 3, []);
  const ints = c.args.map((a, i) => compileTimeInt(a, c.argSpans[i]!, "range() arguments"));
  const [start, stop, step] = ints.length === 1 ? [0n, ints[0]!, 1n] : [ints[0]!, ints[1]!, ints[2] ?? 1n];
  if (step === 0n) fail("badValue", c.argSpans[2]!, { detail: "range() step must not be zero" });
  return { kind: "range", start, stop, step };
}

function len(c: CallArgs): Value {
  expectArgs(c, "len", 1, 1, []);
  const v = c.args[0]!;
  switch (v.kind) {
    case "list":
    case "tuple":
      return { kind: "int", value: BigInt(v.items.length) };
    case "str":
      return { kind: "int", value: BigInt(v.value.length) };
    case "range":
      return { kind: "int", value: rangeLength(v) };
    case "secret":
      if (v.shape.length > 0) return { kind: "int", value: BigInt(v.shape[0]!) };
      break;
  }
  return fail("typeMismatch", c.argSpans[0]!, { detail: `len() needs a list, a string or a vector, but got ${describe(v)}` });
}

function sum(ctx: LowerContext, c: CallArgs): Value {
  expectArgs(c, "sum", 1, 1, []);
  const v = c.args[0]!;
  if (v.kind === "secret") return ctx.arithmetic.sum(v, c.span);
  if (v.kind === "list" || v.kind === "tuple") {
    return v.items.reduce<Value>((acc, item) => ctx.binary("+", acc, item, c.span), { kind: "int", value: 0n });
  }
  if (v.kind === "range") {
    let total = 0n;
    for (let i = v.start; v.step > 0n ? i < v.stop : i > v.stop; i += v.step) total += i;
    return { kind: "int", value: total };
  }
  return fail("typeMismatch", c.argSpans[0]!, { detail: `sum() needs a vector or a list, but got ${describe(v)}` });
}

function abs(c: CallArgs): Value {
  expectArgs(c, "abs", 1, 1, []);
  const v = c.args[0]!;
  if (v.kind === "int") return { kind: "int", value: v.value < 0n ? -v.value : v.value };
  if (v.kind === "float") return { kind: "float", value: Math.abs(v.value) };
  return fail("unsupported", c.span, { what: `abs() of ${describe(v)}` });
}

function input(ctx: LowerContext, c: CallArgs): Value {
  expectArgs(c, "input", 1, 2, ["party"]);
  const type = c.args[0]!;
  if (type.kind !== "type") return fail("badInputType", c.argSpans[0]!, { got: describe(type) });
  const party = partyArgument(ctx, c, c.args[1], c.argSpans[1], "party");
  if (party === null) return fail("badCall", c.span, { detail: "input() needs the party that provides it: input(sfix[N], party=0)" });
  const shape = type.shape ?? [];
  const len = lengthOf(shape);
  const index = ctx.ir.addInput({ party, len, type: type.base, span: c.span });
  const gate = ctx.ir.gate({ op: "input", party, input: index }, [], len, true, c.span);
  return { kind: "secret", type: type.base, shape, gate };
}

function output(ctx: LowerContext, c: CallArgs): Value {
  expectArgs(c, "output", 1, 1, ["name", "to"]);
  const value = c.args[0]!;
  const to = partyArgument(ctx, c, undefined, undefined, "to");
  const name = outputName(ctx, c);
  if (value.kind !== "secret" && !isNumber(value)) {
    fail("typeMismatch", c.argSpans[0]!, { detail: `output() needs a number or a secret value, but got ${describe(value)}` });
  }
  const type: NumberType = value.kind === "secret" ? value.type : value.kind === "float" ? "sfix" : "sint";
  const shape = value.kind === "secret" ? value.shape : [];
  const len = lengthOf(shape);
  const gate = value.kind === "secret"
    ? ctx.ir.gate({ op: "open", to }, [value.gate], len, false, c.span)
    : ctx.ir.gate({ op: "const", values: [ctx.arithmetic.encode(value, type === "sfix", c.span)] }, [], 1, false, c.span);
  const index = ctx.ir.addOutput({ name, type, shape, to, span: c.span });
  ctx.ir.gate({ op: "output", output: index }, [gate], len, false, c.span);
  return NONE;
}

function outputName(ctx: LowerContext, c: CallArgs): string {
  const given = c.keywords.get("name");
  let name = `output_${ctx.outputNames.size}`;
  if (given !== undefined) {
    if (given.value.kind !== "str" || given.value.value === "") {
      fail("typeMismatch", given.span, { detail: `output name must be a non-empty string, but got ${describe(given.value)}` });
    }
    name = given.value.value;
  }
  if (ctx.outputNames.has(name)) fail("badCall", given?.span ?? c.span, { detail: `an output named '${name}' already exists` });
  ctx.outputNames.add(name);
  return name;
}

/** A party number from a positional or keyword argument, checked against the party count. */
function partyArgument(ctx: LowerContext, c: CallArgs, positional: Value | undefined, positionalSpan: Span | undefined, keyword: string): number | null {
  const kw = c.keywords.get(keyword);
  if (kw !== undefined && positional !== undefined) fail("badCall", kw.span, { detail: `${keyword} is given twice` });
  const value = kw?.value ?? positional;
  const span = kw?.span ?? positionalSpan ?? c.span;
  if (value === undefined || value.kind === "none") return null;
  const party = compileTimeInt(value, span, `${keyword}=`);
  const limit = ctx.fixedParties ?? MAX_PARTIES;
  if (party < 0n || party >= BigInt(limit)) fail("badParty", span, { party: party.toString(), parties: limit });
  ctx.highestParty = Math.max(ctx.highestParty, Number(party));
  return Number(party);
}

export function compileTimeInt(v: Value, span: Span, what: string): bigint {
  if (v.kind === "int") return v.value;
  if (v.kind === "bool") return BigInt(v.value);
  if (v.kind === "float" && Number.isInteger(v.value)) return BigInt(v.value);
  return fail("notCompileTime", span, { what, value: describe(v) });
}

function expectArgs(c: CallArgs, name: string, min: number, max: number, keywords: string[]): void {
  if (c.args.length < min || c.args.length > max) {
    const count = min === max ? `${min}` : `${min} to ${max}`;
    fail("badCall", c.span, { detail: `${name}() takes ${count} positional argument${max === 1 ? "" : "s"}, but got ${c.args.length}` });
  }
  for (const [kw, { span }] of c.keywords) {
    if (!keywords.includes(kw)) {
      const known = keywords.length === 0 ? "none" : keywords.join(", ");
      fail("badCall", span, { detail: `${name}() has no argument '${kw}' (it takes: ${known})` });
    }
  }
}
