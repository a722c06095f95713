// Calls: builtins, conversions by calling a type (sfix(x), sint[3]([a, b, c])), and user
// functions, which are inlined: their body runs again for every call, with its own scope.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import { isOperand } from "./arithmetic.js";
import { expectArgs } from "./builtins.js";
import { iterate } from "./iteration.js";
import { Scope } from "./scope.js";
import { ReturnSignal, type Evaluator } from "./state.js";
import { describe, isNumber, NONE, sameShape, shapeText, type CallArgs, type ElemType, type RunValue, type Value } from "./values.js";

const MAX_CALL_DEPTH = 200;

export function callValue(ev: Evaluator, callee: Value, c: CallArgs, calleeSpan: Span): Value {
  switch (callee.kind) {
    case "builtin":
      return callee.call(c);
    case "type":
      return convert(ev, callee, c);
    case "function":
      return callFunction(ev, callee, c);
    default:
      return fail("typeMismatch", calleeSpan, { detail: `${describe(callee)} cannot be called` });
  }
}

/** sfix(x), sint(x), sbool(x); sfix[N](list or value) makes a vector. */
function convert(ev: Evaluator, type: Extract<Value, { kind: "type" }>, c: CallArgs): Value {
  const name = `s${type.elem}${type.shape ? shapeText(type.shape) : ""}`;
  expectArgs(c, name, 1, 1);
  const v = c.args[0]!;
  const span = c.argSpans[0]!;
  if (type.shape === null) {
    if (!isOperand(v)) return fail("typeMismatch", span, { detail: `${name}() cannot convert ${describe(v)}` });
    return toSecret(ev, v, type.elem, [], span);
  }
  if (v.kind === "list" || v.kind === "tuple") {
    const items = v.items.map((item) => (isOperand(item) ? item : fail("typeMismatch", span, { detail: `a vector cannot hold ${describe(item)}` })));
    const vector = ev.ctx.arith.hide(
      ev.ctx.vectors.stack(
        items.map((i) => (i.kind === "run" ? ev.ctx.arith.retype(i, type.elem, span) : i)),
        type.elem,
        span,
      ),
      span,
    );
    if (!sameShape(vector.shape, type.shape)) fail("shapeMismatch", span, { op: name, left: shapeText(type.shape), right: shapeText(vector.shape) });
    return vector;
  }
  if (!isOperand(v)) return fail("typeMismatch", span, { detail: `${name}() cannot convert ${describe(v)}` });
  if (v.kind === "run" && v.shape.length > 0 && !sameShape(v.shape, type.shape)) {
    fail("shapeMismatch", span, { op: name, left: shapeText(type.shape), right: shapeText(v.shape) });
  }
  return toSecret(ev, v, type.elem, type.shape, span);
}

/** A number or run-time value as a secret of element type `elem`, broadcast to `shape`. */
function toSecret(
  ev: Evaluator,
  v: Extract<Value, { kind: "int" | "float" | "bool" | "run" }>,
  elem: ElemType,
  shape: readonly number[],
  span: Span,
): RunValue {
  const { arith, logic } = ev.ctx;
  if (isNumber(v)) {
    if (elem === "int" && v.kind === "float" && !Number.isInteger(v.value)) {
      fail("typeMismatch", span, { detail: `sint(${v.value}) would lose the fraction; use sfix, or int() to drop it at compile time` });
    }
    if (elem === "bool") return arith.constant({ kind: "int", value: Number(v.value) !== 0 ? 1n : 0n }, "bool", shape, true, span);
    return arith.constant(v, elem, shape, true, span);
  }
  let run: RunValue = v;
  if (elem === "bool" && v.type !== "bool") run = logic.asBool(v, span);
  else run = arith.retype(v, elem, span);
  return arith.hide(arith.broadcast(run, shape.length === 0 ? run.shape : shape, span), span);
}

function callFunction(ev: Evaluator, fn: Extract<Value, { kind: "function" }>, c: CallArgs): Value {
  const def = fn.def;
  if (ev.calls.length >= MAX_CALL_DEPTH) {
    const chain = [...ev.calls.slice(0, 3), { name: "…", span: c.span }, ...ev.calls.slice(-3)].map((s) =>
      s.name === "…" ? "…" : `${s.name} (line ${s.span.line})`,
    );
    fail(
      "tooLarge",
      c.span,
      { what: `the recursion (${chain.join(" → ")})`, limit: `${MAX_CALL_DEPTH} nested calls` },
      "a recursion must end at compile time: its depth cannot depend on a run-time value",
    );
  }
  const scope = new Scope(fn.closure as Scope);
  bindParameters(fn, c, scope);
  const saved = { scope: ev.scope, file: ev.file };
  ev.scope = scope;
  ev.controls.push({ kind: "function", name: def.name });
  ev.calls.push({ name: def.name, span: c.span });
  try {
    if (def.span.file === c.span.file) ev.block(def.body);
    else ev.ctx.ir.atCallSite(c.span, () => ev.block(def.body));
    return NONE;
  } catch (e) {
    if (e instanceof ReturnSignal) return e.value;
    throw e;
  } finally {
    ev.scope = saved.scope;
    ev.file = saved.file;
    ev.controls.pop();
    ev.calls.pop();
  }
}

function bindParameters(fn: Extract<Value, { kind: "function" }>, c: CallArgs, scope: Scope): void {
  const { def } = fn;
  if (c.args.length > def.params.length) {
    fail("badCall", c.span, { detail: `${def.name}() takes ${def.params.length} argument${def.params.length === 1 ? "" : "s"}, but got ${c.args.length}` });
  }
  def.params.forEach((param, i) => {
    const keyword = c.keywords.get(param.name);
    if (keyword !== undefined && i < c.args.length) fail("badCall", keyword.span, { detail: `${def.name}() got '${param.name}' twice` });
    const value = i < c.args.length ? c.args[i]! : (keyword?.value ?? fn.defaults[i]);
    if (value === undefined || value === null) fail("badCall", c.span, { detail: `${def.name}() is missing the argument '${param.name}'` });
    scope.set(param.name, value);
  });
  for (const [name, { span }] of c.keywords) {
    if (!def.params.some((p) => p.name === name)) fail("badCall", span, { detail: `${def.name}() has no parameter '${name}'` });
  }
}

/** The elements of a value being unpacked into `count` names. */
export function unpack(ev: Evaluator, value: Value, count: number, span: Span): readonly Value[] {
  const items = iterate(ev, value, span);
  if (items.length !== count) {
    fail("badValue", span, { detail: `cannot unpack ${items.length} value${items.length === 1 ? "" : "s"} into ${count} names` });
  }
  return items;
}
