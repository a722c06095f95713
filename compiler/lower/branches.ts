// if and while whose condition is a run-time value. A secret condition runs both branches and
// merges every variable with an oblivious select; a revealed one becomes IF/LOOP blocks with cells.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type { Sequence } from "../ir/ir.js";
import type * as A from "../syntax/ast.js";
import { assignedNames, joinKinds, load, newCell, store, type CellInfo } from "./cells.js";
import type { Binding } from "./scope.js";
import { RuntimeJump, type Evaluator } from "./state.js";
import { describe, lengthOf, type RunValue, type Value } from "./values.js";

type Branch = { body: readonly A.Stmt[] };

/** `if c: … else: …` with a secret c: both branches run, then each changed variable is selected. */
export function secretIf(ev: Evaluator, condition: RunValue, conditionSpan: Span, then: Branch, otherwise: Branch | null): void {
  if (condition.shape.length > 0) {
    fail(
      "typeMismatch",
      conditionSpan,
      { detail: `an if needs one truth value, but this is ${describe(condition)}` },
      "for element-wise choices write x if c else y, which works on vectors",
    );
  }
  const names = assignedNames([...then.body, ...(otherwise?.body ?? [])]);
  const before = ev.scope.snapshot(names);
  ev.controls.push({ kind: "secretIf", span: conditionSpan });
  let afterThen: Map<string, Binding | undefined>;
  let afterElse: Map<string, Binding | undefined>;
  try {
    ev.block(then.body);
    afterThen = ev.scope.snapshot(names);
    ev.scope.restore(before);
    if (otherwise) ev.block(otherwise.body);
    afterElse = ev.scope.snapshot(names);
  } finally {
    ev.controls.pop();
  }
  for (const name of names) {
    const a = afterThen.get(name);
    const b = afterElse.get(name);
    if (a === b) continue;
    if (a === undefined || b === undefined || !isValue(a) || !isValue(b)) {
      ev.scope.set(name, {
        kind: "unbound",
        reason: `'${name}' is assigned in only one branch of the secret if at line ${conditionSpan.line}, and not before it`,
        span: conditionSpan,
      });
      continue;
    }
    ev.scope.set(name, ev.ctx.logic.select(condition, a, b, conditionSpan));
  }
}

/** `if c: … else: …` with a revealed c: real IF/ELSE blocks; changed variables meet in cells. */
export function revealedIf(ev: Evaluator, condition: RunValue, conditionSpan: Span, then: Branch, otherwise: Branch | null): void {
  const names = assignedNames([...then.body, ...(otherwise?.body ?? [])]);
  const before = ev.scope.snapshot(names);
  const arms = [then, otherwise ?? { body: [] }].map((branch) => {
    const sequence: Sequence = { items: [] };
    ev.scope.restore(before);
    const ended = ev.ctx.ir.within(sequence, () => runBranch(ev, branch.body));
    return { sequence, ended, after: ev.scope.snapshot(names) };
  });
  ev.scope.restore(before);
  const live = arms.filter((arm) => !arm.ended);
  const merged = new Map<string, CellInfo>();
  for (const name of names) {
    const values = live.map((arm) => arm.after.get(name));
    if (values.length === 0 || values.every((v) => v === values[0])) {
      if (values.length > 0) restoreOne(ev, name, values[0]);
      continue;
    }
    if (values.some((v) => v === undefined || !isValue(v))) {
      ev.scope.set(name, {
        kind: "unbound",
        reason: `'${name}' is assigned in only one branch of the if at line ${conditionSpan.line}, and not before it`,
        span: conditionSpan,
      });
      continue;
    }
    const cell = newCell(ev.ctx, joinKinds(name, values as Value[], conditionSpan));
    merged.set(name, cell);
    live.forEach((arm) => ev.ctx.ir.within(arm.sequence, () => store(ev.ctx, cell, arm.after.get(name) as Value, conditionSpan)));
  }
  ev.ctx.ir.item({
    kind: "if",
    condition: truthGate(ev, condition, conditionSpan),
    then: arms[0]!.sequence,
    otherwise: arms[1]!.sequence,
    span: conditionSpan,
  });
  for (const [name, cell] of merged) ev.scope.set(name, load(ev.ctx, cell, conditionSpan));
  if (live.length === 0) throw new RuntimeJump();
}

/** Runs a block; true if it ended in a break or continue of a loop on a revealed value. */
function runBranch(ev: Evaluator, body: readonly A.Stmt[]): boolean {
  ev.controls.push({ kind: "rtIf" });
  try {
    ev.block(body);
    return false;
  } catch (e) {
    if (e instanceof RuntimeJump) return true;
    throw e;
  } finally {
    ev.controls.pop();
  }
}

/**
 * `while c:` where c is revealed at run time: a LOOP block that re-evaluates c each time. Every
 * variable the body assigns lives in a cell; the body is evaluated once first to learn the kinds
 * of value (secret or public, integer or fixed point) each variable takes on.
 */
export function revealedWhile(ev: Evaluator, stmt: Extract<A.Stmt, { kind: "while" }>): void {
  const names = assignedNames(stmt.body);
  const carried = [...names].filter((n) => {
    const b = ev.scope.own(n) ?? ev.scope.lookup(n);
    return b !== undefined && isValue(b) && (b.kind === "run" || b.kind === "int" || b.kind === "float" || b.kind === "bool");
  });
  let kinds = new Map(carried.map((n) => [n, joinKinds(n, [ev.scope.lookup(n) as Value], stmt.span)]));
  for (let attempt = 0; ; attempt++) {
    const learned = emitLoop(ev, stmt, names, kinds, attempt < 3);
    if (learned === null) return;
    kinds = learned;
  }
}

/**
 * Emits the loop with cells of the given kinds. When `probe` is set and the body leaves a variable
 * of a wider kind than its cell, everything is rolled back and the wider kinds are returned.
 */
function emitLoop(
  ev: Evaluator,
  stmt: Extract<A.Stmt, { kind: "while" }>,
  names: ReadonlySet<string>,
  kinds: Map<string, ReturnType<typeof joinKinds>>,
  probe: boolean,
): Map<string, ReturnType<typeof joinKinds>> | null {
  const { ctx } = ev;
  const checkpoint = ctx.ir.checkpoint();
  const before = ev.scope.snapshot(names);
  const cells = new Map([...kinds].map(([name, kind]) => [name, newCell(ctx, kind)]));
  for (const [name, cell] of cells) store(ctx, cell, ev.scope.lookup(name) as Value, stmt.span);
  const body: Sequence = { items: [] };
  const bound = ctx.maxIterations + 1;
  ctx.ir.item({ kind: "loop", bound, body, span: stmt.span });
  const wider = new Map<string, ReturnType<typeof joinKinds>>();
  const saveAll = (): void => {
    for (const [name, cell] of cells) {
      const value = ev.scope.lookup(name);
      if (value === undefined || !isValue(value)) {
        fail("typeMismatch", stmt.span, { detail: `'${name}' is not defined at the end of the loop body` });
      }
      const joined = joinKinds(name, [value, { kind: "run", secret: cell.secret, type: cell.type, shape: cell.shape, gate: -1 }], stmt.span);
      if (joined.secret !== cell.secret || joined.type !== cell.type) wider.set(name, joined);
      else store(ctx, cell, value, stmt.span);
    }
  };
  ctx.ir.within(body, () => {
    for (const [name, cell] of cells) ev.scope.set(name, load(ctx, cell, stmt.span));
    const condition = ev.expression(stmt.condition);
    if (condition.kind !== "run" || condition.secret) {
      const why = condition.kind === "run" ? "a loop cannot run a secret number of times" : "it does not change at run time";
      fail(
        "badValue",
        stmt.condition.span,
        { detail: `this loop condition cannot be used: ${why}` },
        condition.kind === "run" ? "loop over a public range and use if on the secret condition inside" : undefined,
      );
    }
    ctx.ir.item({ kind: "breakIfZero", condition: truthGate(ev, condition, stmt.condition.span) });
    ev.controls.push({ kind: "rtLoop", onExit: saveAll });
    try {
      ev.block(stmt.body);
      saveAll();
    } catch (e) {
      if (!(e instanceof RuntimeJump)) throw e;
    } finally {
      ev.controls.pop();
    }
  });
  if (probe && wider.size > 0) {
    ctx.ir.rollback(checkpoint);
    ev.scope.restore(before);
    return new Map([...kinds, ...wider]);
  }
  if (wider.size > 0) fail("typeMismatch", stmt.span, { detail: `the variables ${[...wider.keys()].join(", ")} keep changing kind in this loop` });
  ev.scope.restore(before);
  for (const [name, cell] of cells) ev.scope.set(name, load(ctx, cell, stmt.span));
  for (const name of names) {
    if (!cells.has(name))
      ev.scope.set(name, { kind: "unbound", reason: `'${name}' is assigned only inside the loop at line ${stmt.span.line}`, span: stmt.span });
  }
  return null;
}

/** A public scalar truth value as a gate that is nonzero exactly when it is true. */
function truthGate(ev: Evaluator, condition: RunValue, span: Span): number {
  if (lengthOf(condition.shape) !== 1) fail("typeMismatch", span, { detail: `a condition must be one value, not ${describe(condition)}` });
  if (condition.type === "bool" || condition.type === "int") return condition.gate;
  return ev.ctx.logic.asBool(condition, span).gate;
}

function restoreOne(ev: Evaluator, name: string, value: Binding | undefined): void {
  if (value === undefined) ev.scope.delete(name);
  else ev.scope.set(name, value);
}

function isValue(b: Binding): b is Value {
  return typeof b === "object" && b.kind !== "unbound";
}
