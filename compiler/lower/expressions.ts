// Evaluating expressions: compile-time values are computed, run-time values become gates.
// Names, literals, operators, calls, subscripts, attributes and comprehensions.

import { fail } from "../diagnostics/diagnostic.js";
import type * as A from "../syntax/ast.js";
import { compileTimeInt } from "./builtins.js";
import { callValue } from "./calls.js";
import { truthy } from "./compile-time-ops.js";
import { iterate } from "./iteration.js";
import { binary, combineTruths, compare, unary } from "./operators.js";
import { closestName, POISON, Scope } from "./scope.js";
import { bindTarget } from "./statements.js";
import type { Evaluator } from "./state.js";
import { describe, type CallArgs, type Value } from "./values.js";
import { resolveSlice, type Selection } from "./vectors.js";
import { MAX_REGISTER_LENGTH } from "../../vm/bytecode/limits.js";

/** Raised when an expression uses a name whose defining statement already failed. */
export class Poisoned extends Error {}

export function evaluate(ev: Evaluator, expr: A.Expr): Value {
  switch (expr.kind) {
    case "name":
      return lookup(ev, expr);
    case "int":
      return { kind: "int", value: expr.value };
    case "float":
      return { kind: "float", value: expr.value };
    case "str":
      return { kind: "str", value: expr.value };
    case "bool":
      return { kind: "bool", value: expr.value };
    case "none":
      return { kind: "none" };
    case "list":
      return { kind: "list", items: expr.items.map((e) => evaluate(ev, e)) };
    case "tuple":
      return { kind: "tuple", items: expr.items.map((e) => evaluate(ev, e)) };
    case "comprehension":
      return comprehension(ev, expr);
    case "unary":
      return unary(ev.ctx, expr.op, evaluate(ev, expr.operand), expr.span);
    case "binary":
      return binary(ev.ctx, expr.op, evaluate(ev, expr.left), evaluate(ev, expr.right), expr.span);
    case "logical":
      return logical(ev, expr);
    case "compare":
      return comparison(ev, expr);
    case "conditional":
      return conditional(ev, expr);
    case "call":
      return call(ev, expr);
    case "index":
      return index(ev, expr);
    case "attribute":
      return attribute(ev, expr);
  }
}

function lookup(ev: Evaluator, expr: Extract<A.Expr, { kind: "name" }>): Value {
  const v = ev.scope.lookup(expr.name);
  if (v === POISON) throw new Poisoned();
  if (v !== undefined && v.kind === "unbound") return fail("undefinedName", expr.span, { name: expr.name }, v.reason);
  if (v !== undefined) return v;
  const suggestion = closestName(expr.name, ev.scope.visibleNames());
  return fail("undefinedName", expr.span, { name: expr.name }, suggestion ? `did you mean '${suggestion}'?` : undefined);
}

/** and/or: Python's short circuit on compile-time values; once a run-time value appears, all are combined. */
function logical(ev: Evaluator, expr: Extract<A.Expr, { kind: "logical" }>): Value {
  const runtime: Value[] = [];
  let last: Value = { kind: "none" };
  for (const operand of expr.operands) {
    last = evaluate(ev, operand);
    const t = truthy(last);
    if (t === null) {
      runtime.push(last);
      continue;
    }
    if (expr.op === "and" ? !t : t) return last;
  }
  return runtime.length === 0 ? last : combineTruths(ev.ctx, expr.op, runtime, expr.span);
}

/** a < b < c is (a < b) and (b < c), with b evaluated once. */
function comparison(ev: Evaluator, expr: Extract<A.Expr, { kind: "compare" }>): Value {
  let left = evaluate(ev, expr.first);
  const results: Value[] = [];
  for (const { op, span, right } of expr.rest) {
    const r = evaluate(ev, right);
    const result = compare(ev.ctx, op, left, r, span);
    if (result.kind === "bool" && !result.value) return result;
    results.push(result);
    left = r;
  }
  const runtime = results.filter((r) => r.kind === "run");
  return runtime.length === 0 ? { kind: "bool", value: true } : combineTruths(ev.ctx, "and", runtime, expr.span);
}

function conditional(ev: Evaluator, expr: Extract<A.Expr, { kind: "conditional" }>): Value {
  const condition = evaluate(ev, expr.condition);
  const t = truthy(condition);
  if (t !== null) return t ? evaluate(ev, expr.then) : evaluate(ev, expr.otherwise);
  if (condition.kind !== "run") return fail("typeMismatch", expr.condition.span, { detail: `cannot use ${describe(condition)} as a condition` });
  return ev.ctx.logic.select(condition, evaluate(ev, expr.then), evaluate(ev, expr.otherwise), expr.span);
}

function call(ev: Evaluator, expr: Extract<A.Expr, { kind: "call" }>): Value {
  const callee = evaluate(ev, expr.callee);
  const args: CallArgs = {
    args: expr.args.map((a) => evaluate(ev, a)),
    argSpans: expr.args.map((a) => a.span),
    keywords: new Map(expr.keywords.map((k) => [k.name, { value: evaluate(ev, k.value), span: k.span }])),
    span: expr.span,
  };
  return callValue(ev, callee, args, expr.callee.span);
}

function index(ev: Evaluator, expr: Extract<A.Expr, { kind: "index" }>): Value {
  const target = evaluate(ev, expr.target);
  if (target.kind === "type") return vectorType(ev, target, expr);
  if (target.kind === "run") return ev.ctx.vectors.select(target, selections(ev, expr.indices, target.shape), expr.span);
  if (expr.indices.length !== 1) return fail("typeMismatch", expr.span, { detail: `${describe(target)} takes one subscript` });
  const sub = expr.indices[0]!;
  const items =
    target.kind === "list" || target.kind === "tuple" ? target.items : target.kind === "str" || target.kind === "range" ? iterate(ev, target, expr.span) : null;
  if (items === null) return fail("typeMismatch", expr.span, { detail: `${describe(target)} cannot be indexed` });
  const [selection] = selections(ev, [sub], [items.length]);
  if (selection!.kind === "at") {
    const i = selection!.index < 0 ? items.length + selection!.index : selection!.index;
    if (i < 0 || i >= items.length) fail("badValue", sub.span, { detail: `index ${selection!.index} is out of range for ${items.length} items` });
    return items[i]!;
  }
  const picked: Value[] = [];
  if (selection!.kind === "list") {
    for (const i of selection!.indices) {
      const item = items[i < 0 ? items.length + i : i];
      if (item === undefined) fail("badValue", sub.span, { detail: `index ${i} is out of range for ${items.length} items` });
      picked.push(item);
    }
  } else {
    for (let i = selection!.start; selection!.step > 0 ? i < selection!.stop : i > selection!.stop; i += selection!.step) picked.push(items[i]!);
  }
  if (target.kind === "str") return { kind: "str", value: picked.map((p) => (p as { value: string }).value).join("") };
  return { kind: target.kind === "tuple" ? "tuple" : "list", items: picked };
}

/** Subscripts as public positions; a run-time index is refused with the reason and an alternative. */
export function selections(ev: Evaluator, subs: readonly A.Subscript[], shape: readonly number[]): Selection[] {
  return subs.map((sub, d) => {
    const size = shape[d] ?? 0;
    if (sub.kind === "at") {
      const v = evaluate(ev, sub.index);
      if (v.kind === "list" || v.kind === "tuple") {
        return { kind: "list", indices: v.items.map((item) => Number(compileTimeInt(item, sub.span, "a position in an index list"))) };
      }
      if (v.kind === "run") {
        fail(
          "secretNotAllowed",
          sub.span,
          {
            what: `this index (${describe(v)})`,
            why: v.secret ? "reading at a secret position would reveal the position" : "positions must be known when the program is compiled",
          },
          v.secret
            ? "compare the index with every position instead: sum(v * (positions == i)) reads v[i] obliviously"
            : "reveal values before the program is compiled, or use a loop over all positions",
        );
      }
      return { kind: "at", index: Number(compileTimeInt(v, sub.span, "an index")) };
    }
    const bound = (e: A.Expr | null): bigint | null => (e === null ? null : compileTimeInt(evaluate(ev, e), e.span, "a slice bound"));
    const step = bound(sub.step);
    if (step === 0n) fail("badValue", sub.span, { detail: "a slice step must not be zero" });
    return resolveSlice(bound(sub.lower), bound(sub.upper), step, size);
  });
}

/** sfix[N] and sint[N, M]: the type of a vector or matrix of public, positive size. */
function vectorType(ev: Evaluator, target: Extract<Value, { kind: "type" }>, expr: Extract<A.Expr, { kind: "index" }>): Value {
  if (target.shape !== null) fail("typeMismatch", expr.span, { detail: `${describe(target)} already has a shape` });
  if (expr.indices.length > 2) fail("unsupported", expr.span, { what: "values with more than two dimensions" });
  const shape = expr.indices.map((sub) => {
    if (sub.kind !== "at") return fail("typeMismatch", sub.span, { detail: "a vector size must be a number, not a slice" });
    const n = compileTimeInt(evaluate(ev, sub.index), sub.span, "a vector size");
    if (n <= 0n) fail("badValue", sub.span, { detail: `a vector size must be positive, but it is ${n}` });
    if (n > BigInt(MAX_REGISTER_LENGTH)) fail("tooLarge", sub.span, { what: `the vector size ${n}`, limit: String(MAX_REGISTER_LENGTH) });
    return Number(n);
  });
  return { kind: "type", elem: target.elem, shape };
}

function attribute(ev: Evaluator, expr: Extract<A.Expr, { kind: "attribute" }>): Value {
  const target = evaluate(ev, expr.target);
  if (target.kind === "run" && expr.name === "shape") return { kind: "tuple", items: target.shape.map((d) => ({ kind: "int", value: BigInt(d) })) };
  if (target.kind === "run" && expr.name === "T") return ev.ctx.vectors.transpose(target, expr.span);
  return fail("typeMismatch", expr.span, { detail: `${describe(target)} has no attribute '${expr.name}'` });
}

/** [e for x in xs if c …]: evaluated at compile time in a scope of its own, as in Python 3. */
function comprehension(ev: Evaluator, expr: Extract<A.Expr, { kind: "comprehension" }>): Value {
  const outer = ev.scope;
  const items: Value[] = [];
  ev.scope = new Scope(outer);
  const clause = (i: number): void => {
    if (i === expr.clauses.length) {
      items.push(evaluate(ev, expr.element));
      return;
    }
    const { target, iterable, conditions } = expr.clauses[i]!;
    for (const item of iterate(ev, evaluate(ev, iterable), iterable.span)) {
      bindTarget(ev, target, item);
      const keep = conditions.every((c) => {
        const t = truthy(evaluate(ev, c));
        if (t === null)
          fail(
            "secretNotAllowed",
            c.span,
            { what: "this filter", why: "a list cannot have a secret length" },
            "keep every element and select with x if c else 0",
          );
        return t;
      });
      if (keep) clause(i + 1);
    }
  };
  try {
    clause(0);
  } finally {
    ev.scope = outer;
  }
  return { kind: "list", items };
}
