// The compile-time evaluator: runs the program's public part (constants, loops over ranges,
// list work) and emits IR gates for every operation on a run-time value.

import { CompileError, fail, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type * as A from "../syntax/ast.js";
import { convert, compileTimeInt } from "./builtins.js";
import { compileTimeCompare, truthy } from "./compile-time-ops.js";
import type { LowerContext } from "./context.js";
import { closestName, POISON, Scope } from "./scope.js";
import { describe, display, isNumber, type CallArgs, type Value } from "./values.js";

/** Raised when a statement uses a name whose defining statement already failed. */
class Poisoned extends Error {}

const MAX_LOOP_ITERATIONS = 10_000_000;

export interface ModuleHooks {
  /** Called for a module-level `NAME = value`; returns the -D override to use instead, if any. */
  override(name: string, span: Span): Value | undefined;
}

export class Evaluator {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly ctx: LowerContext,
    private readonly scope: Scope,
    private readonly hooks: ModuleHooks,
    private readonly maxErrors: number,
  ) {}

  runModule(body: A.Stmt[]): void {
    for (const stmt of body) {
      if (this.diagnostics.length >= this.maxErrors) return;
      this.statementRecovering(stmt, true);
    }
  }

  private statementRecovering(stmt: A.Stmt, moduleLevel: boolean): void {
    try {
      this.statement(stmt, moduleLevel);
    } catch (e) {
      if (e instanceof CompileError) this.diagnostics.push(e.diagnostic);
      else if (!(e instanceof Poisoned)) throw e;
      for (const name of assignedNames(stmt)) this.scope.set(name, POISON);
    }
  }

  // ---- statements

  private block(body: A.Stmt[]): void {
    for (const stmt of body) this.statement(stmt, false);
  }

  private statement(stmt: A.Stmt, moduleLevel: boolean): void {
    switch (stmt.kind) {
      case "expr":
        this.expression(stmt.expr);
        return;
      case "assign":
        return this.assign(stmt, moduleLevel);
      case "augassign": {
        const current = this.expression(stmt.target);
        this.bind(stmt.target, this.ctx.binary(stmt.op, current, this.expression(stmt.value), stmt.span));
        return;
      }
      case "for":
        return this.forLoop(stmt);
      case "if":
        return this.ifStatement(stmt);
      case "pass":
        return;
      case "assert":
        return this.assertStatement(stmt);
      default:
        fail("unsupported", stmt.span, { what: `'${stmt.kind}' statements` });
    }
  }

  private assign(stmt: Extract<A.Stmt, { kind: "assign" }>, moduleLevel: boolean): void {
    const [target] = stmt.targets;
    const override = moduleLevel && stmt.targets.length === 1 && target!.kind === "name"
      ? this.hooks.override(target!.name, target!.span)
      : undefined;
    const value = override ?? this.expression(stmt.value);
    for (const t of stmt.targets) this.bind(t, value);
  }

  private bind(target: A.Expr, value: Value): void {
    if (target.kind === "name") {
      this.scope.set(target.name, value);
      return;
    }
    if (target.kind === "tuple" || target.kind === "list") {
      const items = this.unpack(value, target.items.length, target.span);
      target.items.forEach((t, i) => this.bind(t, items[i]!));
      return;
    }
    fail("unsupported", target.span, { what: "assigning to an element" });
  }

  private unpack(value: Value, count: number, span: Span): Value[] {
    const items = this.iterate(value, span);
    if (items.length !== count) {
      fail("badValue", span, { detail: `cannot unpack ${items.length} value${items.length === 1 ? "" : "s"} into ${count} names` });
    }
    return items;
  }

  private forLoop(stmt: Extract<A.Stmt, { kind: "for" }>): void {
    const iterable = this.expression(stmt.iterable);
    if (iterable.kind === "range") {
      let count = 0;
      for (let i = iterable.start; iterable.step > 0n ? i < iterable.stop : i > iterable.stop; i += iterable.step) {
        if (++count > MAX_LOOP_ITERATIONS) fail("tooLarge", stmt.span, { what: "the loop", limit: `${MAX_LOOP_ITERATIONS} iterations` });
        this.bind(stmt.target, { kind: "int", value: i });
        this.block(stmt.body);
      }
      return;
    }
    for (const item of this.iterate(iterable, stmt.iterable.span)) {
      this.bind(stmt.target, item);
      this.block(stmt.body);
    }
  }

  private iterate(value: Value, span: Span): Value[] {
    switch (value.kind) {
      case "list":
      case "tuple":
        return value.items;
      case "str":
        return [...value.value].map((ch) => ({ kind: "str", value: ch }));
      case "range": {
        const items: Value[] = [];
        for (let i = value.start; value.step > 0n ? i < value.stop : i > value.stop; i += value.step) {
          items.push({ kind: "int", value: i });
        }
        return items;
      }
      default:
        return fail("typeMismatch", span, { detail: `cannot iterate over ${describe(value)}` });
    }
  }

  private ifStatement(stmt: Extract<A.Stmt, { kind: "if" }>): void {
    for (const branch of stmt.branches) {
      if (this.condition(branch.condition)) return this.block(branch.body);
    }
    if (stmt.otherwise) this.block(stmt.otherwise);
  }

  private assertStatement(stmt: Extract<A.Stmt, { kind: "assert" }>): void {
    if (this.condition(stmt.condition)) return;
    const message = stmt.message ? display(this.expression(stmt.message)) : "assertion failed";
    fail("badValue", stmt.condition.span, { detail: message });
  }

  private condition(expr: A.Expr): boolean {
    const value = this.expression(expr);
    const t = truthy(value);
    if (t === null) {
      fail("secretNotAllowed", expr.span, { what: "this condition", why: "branching on a secret is not supported yet" });
    }
    return t;
  }

  // ---- expressions

  expression(expr: A.Expr): Value {
    switch (expr.kind) {
      case "name":
        return this.name(expr);
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
        return { kind: "list", items: expr.items.map((e) => this.expression(e)) };
      case "tuple":
        return { kind: "tuple", items: expr.items.map((e) => this.expression(e)) };
      case "unary":
        return this.unary(expr);
      case "binary":
        return this.ctx.binary(expr.op, this.expression(expr.left), this.expression(expr.right), expr.span);
      case "logical":
        return this.logical(expr);
      case "compare":
        return this.compare(expr);
      case "conditional":
        return this.condition(expr.condition) ? this.expression(expr.then) : this.expression(expr.otherwise);
      case "call":
        return this.call(expr);
      case "index":
        return this.index(expr);
      default:
        return fail("unsupported", expr.span, { what: `${expr.kind} expressions` });
    }
  }

  private name(expr: Extract<A.Expr, { kind: "name" }>): Value {
    const v = this.scope.lookup(expr.name);
    if (v === POISON) throw new Poisoned();
    if (v !== undefined) return v;
    const suggestion = closestName(expr.name, this.scope.visibleNames());
    return fail("undefinedName", expr.span, { name: expr.name }, suggestion ? `did you mean '${suggestion}'?` : undefined);
  }

  private unary(expr: Extract<A.Expr, { kind: "unary" }>): Value {
    const v = this.expression(expr.operand);
    if (expr.op === "not") {
      const t = truthy(v);
      if (t === null) fail("unsupported", expr.span, { what: "'not' on a secret value" });
      return { kind: "bool", value: !t };
    }
    if (expr.op === "+" && (isNumber(v) || v.kind === "secret")) return v;
    if (expr.op === "-") {
      if (v.kind === "int") return { kind: "int", value: -v.value };
      if (v.kind === "float") return { kind: "float", value: -v.value };
      if (v.kind === "bool") return { kind: "int", value: -BigInt(v.value) };
      if (v.kind === "secret") return this.ctx.arithmetic.negate(v, expr.span);
    }
    if (expr.op === "~" && v.kind === "int") return { kind: "int", value: ~v.value };
    return fail("badOperand", expr.span, { op: expr.op, operand: describe(v) });
  }

  private logical(expr: Extract<A.Expr, { kind: "logical" }>): Value {
    let last: Value = { kind: "none" };
    for (const operand of expr.operands) {
      last = this.expression(operand);
      const t = truthy(last);
      if (t === null) fail("unsupported", operand.span, { what: `'${expr.op}' on a secret value` });
      if (expr.op === "and" ? !t : t) return last;
    }
    return last;
  }

  private compare(expr: Extract<A.Expr, { kind: "compare" }>): Value {
    let left = this.expression(expr.first);
    for (const { op, span, right } of expr.rest) {
      const r = this.expression(right);
      const result = compileTimeCompare(op, left, r);
      if (result === null) {
        if (left.kind === "secret" || r.kind === "secret") fail("unsupported", span, { what: "comparing secret values" });
        fail("badOperands", span, { op, left: describe(left), right: describe(r) });
      }
      if (!result) return { kind: "bool", value: false };
      left = r;
    }
    return { kind: "bool", value: true };
  }

  private call(expr: Extract<A.Expr, { kind: "call" }>): Value {
    const callee = this.expression(expr.callee);
    const call: CallArgs = {
      args: expr.args.map((a) => this.expression(a)),
      argSpans: expr.args.map((a) => a.span),
      keywords: new Map(expr.keywords.map((k) => [k.name, { value: this.expression(k.value), span: k.span }])),
      span: expr.span,
    };
    if (callee.kind === "builtin") return callee.call(call);
    if (callee.kind === "type" && callee.shape === null) return convert(this.ctx, callee.base, call);
    return fail("typeMismatch", expr.callee.span, { detail: `${describe(callee)} cannot be called` });
  }

  private index(expr: Extract<A.Expr, { kind: "index" }>): Value {
    const target = this.expression(expr.target);
    if (target.kind === "type") return this.vectorType(target, expr);
    if (expr.indices.length !== 1 || expr.indices[0]!.kind !== "at") {
      return fail("unsupported", expr.span, { what: `slicing ${describe(target)}` });
    }
    const at = expr.indices[0]!;
    if (target.kind === "list" || target.kind === "tuple") {
      const i = Number(compileTimeInt(this.expression(at.index), at.span, "a list index"));
      const item = target.items[i < 0 ? target.items.length + i : i];
      if (item === undefined) fail("badValue", at.span, { detail: `index ${i} is out of range for a list of ${target.items.length}` });
      return item;
    }
    return fail("unsupported", expr.span, { what: `indexing ${describe(target)}` });
  }

  /** sfix[N] and sint[N, M]: the type of a vector or matrix of public, positive size. */
  private vectorType(target: Extract<Value, { kind: "type" }>, expr: Extract<A.Expr, { kind: "index" }>): Value {
    if (target.shape !== null) fail("typeMismatch", expr.span, { detail: `${describe(target)} already has a shape` });
    const shape = expr.indices.map((sub) => {
      if (sub.kind !== "at") return fail("typeMismatch", sub.span, { detail: "a vector size must be a number, not a slice" });
      const n = compileTimeInt(this.expression(sub.index), sub.span, "a vector size");
      if (n <= 0n) fail("badValue", sub.span, { detail: `a vector size must be positive, but it is ${n}` });
      if (n > 1n << 28n) fail("tooLarge", sub.span, { what: `the vector size ${n}`, limit: String(1 << 28) });
      return Number(n);
    });
    return { kind: "type", base: target.base, shape };
  }
}

/** Every name a statement assigns at its own level, for poisoning after a failure. */
function assignedNames(stmt: A.Stmt): string[] {
  const names: string[] = [];
  const collect = (t: A.Expr): void => {
    if (t.kind === "name") names.push(t.name);
    else if (t.kind === "tuple" || t.kind === "list") t.items.forEach(collect);
  };
  if (stmt.kind === "assign") stmt.targets.forEach(collect);
  if (stmt.kind === "augassign" || stmt.kind === "for") collect(stmt.target);
  return names;
}

