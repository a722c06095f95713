// Executing statements: assignments and their targets, loops (unrolled, or LOOP blocks on
// revealed conditions), if (chosen, selected or blocks), functions, imports, assert, return.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type * as A from "../syntax/ast.js";
import { isOperand } from "./arithmetic.js";
import { revealedIf, revealedWhile, secretIf } from "./branches.js";
import { unpack } from "./calls.js";
import { truthy } from "./compile-time-ops.js";
import { evaluate, selections } from "./expressions.js";
import { iterate } from "./iteration.js";
import { binary } from "./operators.js";
import { BreakSignal, ContinueSignal, innermost, ReturnSignal, RuntimeJump, secretCondition, type Evaluator } from "./state.js";
import { describe, display, type Value } from "./values.js";

const MAX_LOOP_ITERATIONS = 10_000_000;

export function execute(ev: Evaluator, stmt: A.Stmt): void {
  switch (stmt.kind) {
    case "expr":
      if (listMethod(ev, stmt.expr)) return;
      evaluate(ev, stmt.expr);
      return;
    case "assign": {
      const value = evaluate(ev, stmt.value);
      for (const target of stmt.targets) bindTarget(ev, target, value);
      return;
    }
    case "augassign":
      bindTarget(ev, stmt.target, binary(ev.ctx, stmt.op, evaluate(ev, stmt.target), evaluate(ev, stmt.value), stmt.span));
      return;
    case "for":
      return forLoop(ev, stmt);
    case "while":
      return whileLoop(ev, stmt);
    case "if":
      return ifStatement(ev, stmt.branches, stmt.otherwise);
    case "def":
      ev.scope.set(stmt.name, {
        kind: "function",
        def: stmt,
        closure: ev.scope,
        defaults: stmt.params.map((p) => (p.default ? evaluate(ev, p.default) : null)),
      });
      return;
    case "return":
      return returnStatement(ev, stmt);
    case "break":
    case "continue":
      return jump(ev, stmt.kind, stmt.span);
    case "pass":
      return;
    case "assert":
      return assertStatement(ev, stmt);
    case "import":
      return importNames(ev, stmt);
  }
}

/** Binds a value to a name, unpacks it into several, or replaces elements of a vector or list. */
export function bindTarget(ev: Evaluator, target: A.Expr, value: Value): void {
  switch (target.kind) {
    case "name":
      ev.scope.set(target.name, value);
      return;
    case "tuple":
    case "list": {
      const items = unpack(ev, value, target.items.length, target.span);
      target.items.forEach((t, i) => bindTarget(ev, t, items[i]!));
      return;
    }
    case "index":
      return assignElement(ev, target, value);
    default:
      fail("badAssignTarget", target.span, { what: "this expression" });
  }
}

/** v[i] = x makes a new vector (or list) and binds it to the same name. */
function assignElement(ev: Evaluator, target: Extract<A.Expr, { kind: "index" }>, value: Value): void {
  if (target.target.kind !== "name") fail("unsupported", target.span, { what: "assigning into a nested element" }, "assign to m[i, j] rather than m[i][j]");
  const name = target.target.name;
  const current = evaluate(ev, target.target);
  if (current.kind === "run") {
    if (!isOperand(value)) fail("typeMismatch", target.span, { detail: `a vector element cannot hold ${describe(value)}` });
    ev.scope.set(name, ev.ctx.vectors.assign(current, selections(ev, target.indices, current.shape), value, target.span));
    return;
  }
  if (current.kind !== "list") return fail("typeMismatch", target.span, { detail: `cannot assign into ${describe(current)}` });
  const [selection] = selections(ev, target.indices, [current.items.length]);
  if (target.indices.length !== 1 || selection!.kind !== "at") return fail("unsupported", target.span, { what: "assigning to a slice of a list" });
  const i = selection!.index < 0 ? current.items.length + selection!.index : selection!.index;
  if (i < 0 || i >= current.items.length)
    fail("badValue", target.span, { detail: `index ${selection!.index} is out of range for ${current.items.length} items` });
  const items = [...current.items];
  items[i] = value;
  ev.scope.set(name, { kind: "list", items });
}

/** lst.append(x) and lst.extend(xs) rebind lst to a longer list (lists are values here). */
function listMethod(ev: Evaluator, expr: A.Expr): boolean {
  if (expr.kind !== "call" || expr.callee.kind !== "attribute" || expr.callee.target.kind !== "name") return false;
  const method = expr.callee.name;
  if (method !== "append" && method !== "extend") return false;
  const name = expr.callee.target.name;
  const current = evaluate(ev, expr.callee.target);
  if (current.kind !== "list") return fail("typeMismatch", expr.callee.span, { detail: `${describe(current)} has no method '${method}'` });
  if (expr.args.length !== 1 || expr.keywords.length > 0) fail("badCall", expr.span, { detail: `${method}() takes one argument` });
  const arg = evaluate(ev, expr.args[0]!);
  const added = method === "append" ? [arg] : iterate(ev, arg, expr.args[0]!.span);
  ev.scope.set(name, { kind: "list", items: [...current.items, ...added] });
  return true;
}

function forLoop(ev: Evaluator, stmt: Extract<A.Stmt, { kind: "for" }>): void {
  const iterable = evaluate(ev, stmt.iterable);
  const items = iterable.kind === "range" ? null : iterate(ev, iterable, stmt.iterable.span);
  ev.controls.push({ kind: "ctLoop" });
  try {
    if (items !== null) {
      for (const item of items) if (!iteration(ev, stmt.target, item, stmt.body)) break;
      return;
    }
    const r = iterable as Extract<Value, { kind: "range" }>;
    let count = 0;
    for (let i = r.start; r.step > 0n ? i < r.stop : i > r.stop; i += r.step) {
      if (++count > MAX_LOOP_ITERATIONS) fail("tooLarge", stmt.span, { what: "the loop", limit: `${MAX_LOOP_ITERATIONS} iterations` });
      if (!iteration(ev, stmt.target, { kind: "int", value: i }, stmt.body)) break;
    }
  } finally {
    ev.controls.pop();
  }
}

/** One unrolled iteration; false after a break. */
function iteration(ev: Evaluator, target: A.Expr, item: Value, body: readonly A.Stmt[]): boolean {
  bindTarget(ev, target, item);
  try {
    ev.block(body);
  } catch (e) {
    if (e instanceof BreakSignal) return false;
    if (!(e instanceof ContinueSignal)) throw e;
  }
  return true;
}

/**
 * A while is unrolled while its condition is known at compile time; from the first iteration
 * whose condition is a value revealed at run time, the rest of it becomes a LOOP block.
 */
function whileLoop(ev: Evaluator, stmt: Extract<A.Stmt, { kind: "while" }>): void {
  ev.controls.push({ kind: "ctLoop" });
  try {
    for (let count = 0; ; count++) {
      const checkpoint = ev.ctx.ir.checkpoint();
      const condition = evaluate(ev, stmt.condition);
      const t = truthy(condition);
      if (t === null) {
        // The iterations so far ran at compile time; the rest depend on a run-time value.
        ev.ctx.ir.rollback(checkpoint);
        ev.controls.pop();
        try {
          return runtimeRemainder(ev, stmt, condition);
        } finally {
          ev.controls.push({ kind: "ctLoop" });
        }
      }
      if (!t) return;
      if (count >= MAX_LOOP_ITERATIONS) fail("tooLarge", stmt.span, { what: "the loop", limit: `${MAX_LOOP_ITERATIONS} iterations` });
      try {
        ev.block(stmt.body);
      } catch (e) {
        if (e instanceof BreakSignal) return;
        if (!(e instanceof ContinueSignal)) throw e;
      }
    }
  } finally {
    ev.controls.pop();
  }
}

function runtimeRemainder(ev: Evaluator, stmt: Extract<A.Stmt, { kind: "while" }>, condition: Value): void {
  if (condition.kind !== "run") return fail("typeMismatch", stmt.condition.span, { detail: `cannot use ${describe(condition)} as a loop condition` });
  if (condition.secret) {
    fail(
      "secretNotAllowed",
      stmt.condition.span,
      { what: "this loop condition", why: "a loop cannot run a secret number of times" },
      "loop over a public range and use if on the secret condition inside, or reveal the condition with reveal()",
    );
  }
  if (secretCondition(ev) !== null) fail("unsupported", stmt.span, { what: "a loop on a revealed value under a secret condition" });
  revealedWhile(ev, stmt);
}

function ifStatement(ev: Evaluator, branches: ReadonlyArray<{ condition: A.Expr; body: A.Stmt[] }>, otherwise: A.Stmt[] | null): void {
  if (branches.length === 0) {
    if (otherwise) ev.block(otherwise);
    return;
  }
  const [first, ...rest] = branches;
  const condition = evaluate(ev, first!.condition);
  const t = truthy(condition);
  if (t !== null) {
    if (t) ev.block(first!.body);
    else ifStatement(ev, rest, otherwise);
    return;
  }
  if (condition.kind !== "run") return fail("typeMismatch", first!.condition.span, { detail: `cannot use ${describe(condition)} as a condition` });
  // elif chains nest: `if a: … elif b: …` is `if a: … else: (if b: …)`.
  const elseBody: A.Stmt[] | null = rest.length > 0 ? [{ kind: "if", span: rest[0]!.condition.span, branches: rest, otherwise }] : otherwise;
  const elseBranch = elseBody === null ? null : { body: elseBody };
  if (condition.secret) secretIf(ev, condition, first!.condition.span, first!, elseBranch);
  else revealedIf(ev, condition, first!.condition.span, first!, elseBranch);
}

function returnStatement(ev: Evaluator, stmt: Extract<A.Stmt, { kind: "return" }>): void {
  const found = innermost(ev, ["function"]);
  if (found === null) return fail("badCall", stmt.span, { detail: "return outside a function" });
  const secret = found.crossed.find((c) => c.kind === "secretIf");
  if (secret !== undefined && secret.kind === "secretIf") {
    fail(
      "secretNotAllowed",
      stmt.span,
      { what: `the condition at line ${secret.span.line}`, why: "a function cannot return early under it, because both branches always run" },
      "assign the result to a variable in both branches and return it after the if",
    );
  }
  if (found.crossed.some((c) => c.kind === "rtIf" || c.kind === "rtLoop")) {
    fail(
      "unsupported",
      stmt.span,
      { what: "return inside an if or while on a revealed value" },
      "assign the result to a variable and return it after the loop or the if",
    );
  }
  throw new ReturnSignal(stmt.value ? evaluate(ev, stmt.value) : { kind: "none" });
}

function jump(ev: Evaluator, kind: "break" | "continue", span: Span): void {
  const found = innermost(ev, ["ctLoop", "rtLoop"]);
  if (found === null) return fail("badCall", span, { detail: `${kind} outside a loop` });
  const secret = found.crossed.find((c) => c.kind === "secretIf");
  if (secret !== undefined && secret.kind === "secretIf") {
    fail(
      "secretNotAllowed",
      span,
      { what: `the condition at line ${secret.span.line}`, why: `${kind} cannot depend on it, because both branches of a secret if always run` },
      "use a variable that records the condition and skip the work with if in later iterations",
    );
  }
  if (found.control.kind === "ctLoop") {
    if (found.crossed.some((c) => c.kind === "rtIf")) {
      fail(
        "unsupported",
        span,
        { what: `${kind} under a condition revealed at run time, in a loop the compiler unrolls` },
        "write the loop as while reveal(...) instead",
      );
    }
    throw kind === "break" ? new BreakSignal() : new ContinueSignal();
  }
  if (found.control.kind === "rtLoop") found.control.onExit();
  ev.ctx.ir.item({ kind });
  throw new RuntimeJump();
}

function assertStatement(ev: Evaluator, stmt: Extract<A.Stmt, { kind: "assert" }>): void {
  const condition = evaluate(ev, stmt.condition);
  const t = truthy(condition);
  if (t === null) fail("notCompileTime", stmt.condition.span, { what: "an assert condition", value: describe(condition) });
  if (t) return;
  const message = stmt.message ? display(evaluate(ev, stmt.message)) : "assertion failed";
  fail("badValue", stmt.condition.span, { detail: message });
}

function importNames(ev: Evaluator, stmt: Extract<A.Stmt, { kind: "import" }>): void {
  const module = ev.ctx.loadModule(stmt.module, ev.file, stmt.span);
  for (const { name, alias, span } of stmt.names) {
    const value = module.own(name);
    if (value === undefined || typeof value !== "object" || value.kind === "unbound") {
      fail("undefinedName", span, { name: `${stmt.module}.${name}` }, `module '${stmt.module}' has no '${name}'`);
    }
    ev.scope.set(alias, value);
  }
}
