// The evaluator's view of where it is: the current scope, the control structures around the
// statement being evaluated, and the call chain. break, return and print consult it.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type * as A from "../syntax/ast.js";
import type { LowerContext } from "./context.js";
import type { Scope } from "./scope.js";
import type { Value } from "./values.js";

/** A control structure enclosing the current statement, innermost last. */
export type Control =
  | { kind: "function"; name: string }
  | { kind: "ctLoop" }
  | { kind: "rtLoop"; onExit: () => void }
  | { kind: "rtIf" }
  | { kind: "secretIf"; span: Span };

export interface Evaluator {
  readonly ctx: LowerContext;
  scope: Scope;
  readonly controls: Control[];
  readonly calls: Array<{ name: string; span: Span }>;
  /** The file being evaluated, for relative imports. */
  file: string;
  expression(expr: A.Expr): Value;
  block(body: readonly A.Stmt[]): void;
}

// Signals that unwind the evaluator for compile-time control flow.
export class BreakSignal {}
export class ContinueSignal {}
export class ReturnSignal {
  constructor(readonly value: Value) {}
}
/** A break or continue was emitted for a loop on a revealed value: the rest of the block never runs. */
export class RuntimeJump {}

/** The innermost enclosing secret condition across all calls, if any. */
export function secretCondition(ev: Evaluator): Span | null {
  for (let i = ev.controls.length - 1; i >= 0; i--) {
    const c = ev.controls[i]!;
    if (c.kind === "secretIf") return c.span;
  }
  return null;
}

/** Refuses an effect (print, input, output, reveal) under a secret condition, naming it. */
export function requireNoSecretCondition(ev: Evaluator, what: string, span: Span): void {
  const condition = secretCondition(ev);
  if (condition === null) return;
  fail(
    "secretNotAllowed",
    span,
    { what: `the condition at line ${condition.line}`, why: `${what} cannot depend on it, because both branches of a secret if always run` },
    "compute the value in the branches and do this after the if",
  );
}

/** Refuses an effect inside control flow on revealed values, where it would run a varying number of times. */
export function requireStraightLine(ev: Evaluator, what: string, span: Span): void {
  for (let i = ev.controls.length - 1; i >= 0; i--) {
    const c = ev.controls[i]!;
    if (c.kind === "function") continue;
    if (c.kind === "rtIf" || c.kind === "rtLoop") {
      fail("unsupported", span, { what: `${what} inside an if or while on a revealed value` }, "move it after the loop or the if");
    }
  }
}

/** The innermost enclosing structure that a break, continue or return concerns, within this function. */
export function innermost(ev: Evaluator, kinds: ReadonlyArray<Control["kind"]>): { control: Control; crossed: Control[] } | null {
  const crossed: Control[] = [];
  for (let i = ev.controls.length - 1; i >= 0; i--) {
    const c = ev.controls[i]!;
    if (kinds.includes(c.kind)) return { control: c, crossed };
    if (c.kind === "function") return null;
    crossed.push(c);
  }
  return null;
}
