// The compile-time evaluator of one compilation: runs a module's statements, recovering after a
// failed statement so that one run reports several errors, and dispatches to the expression and statement code.

import { CompileError, type Diagnostic } from "../diagnostics/diagnostic.js";
import type * as A from "../syntax/ast.js";
import { assignedNames } from "./cells.js";
import type { LowerContext } from "./context.js";
import { evaluate, Poisoned } from "./expressions.js";
import { POISON, type Scope } from "./scope.js";
import { execute } from "./statements.js";
import { BreakSignal, ContinueSignal, ReturnSignal, RuntimeJump, type Control, type Evaluator } from "./state.js";
import type { Value } from "./values.js";

export class ModuleEvaluator implements Evaluator {
  readonly controls: Control[] = [];
  readonly calls: Array<{ name: string; span: import("../diagnostics/source.js").Span }> = [];

  constructor(
    readonly ctx: LowerContext,
    public scope: Scope,
    public file: string,
    private readonly diagnostics: Diagnostic[],
    private readonly maxErrors: number,
  ) {}

  expression(expr: A.Expr): Value {
    return evaluate(this, expr);
  }

  block(body: readonly A.Stmt[]): void {
    for (const stmt of body) execute(this, stmt);
  }

  /**
   * Runs a module's top-level statements. A statement that fails is reported, and the names it
   * would have bound are poisoned so that later uses fail silently instead of repeating the error.
   */
  runModule(body: readonly A.Stmt[], override: (stmt: A.Stmt) => boolean): void {
    for (const stmt of body) {
      if (this.diagnostics.length >= this.maxErrors) return;
      try {
        if (!override(stmt)) execute(this, stmt);
      } catch (e) {
        if (e instanceof CompileError) this.diagnostics.push(e.diagnostic);
        else if (e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof ReturnSignal || e instanceof RuntimeJump) {
          throw new Error("a control signal escaped its statement");
        } else if (!(e instanceof Poisoned)) throw e;
        for (const name of assignedNames([stmt])) this.scope.set(name, POISON);
      }
    }
  }
}
