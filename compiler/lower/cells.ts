// Cells: registers that keep one identity across control flow on revealed values, so a variable
// assigned in a branch or a loop body can be read after it. Also the join of the values they hold.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import { isOperand, type Operand } from "./arithmetic.js";
import type { LowerContext } from "./context.js";
import type * as A from "../syntax/ast.js";
import { describe, isNumber, lengthOf, sameShape, shapeText, type ElemType, type RunValue, type Shape, type Value } from "./values.js";

export interface CellInfo {
  readonly cell: number;
  readonly secret: boolean;
  readonly type: ElemType;
  readonly shape: Shape;
}

/** The kind of cell that can hold every one of `values`: secret if any is, fixed point if any is. */
export function joinKinds(name: string, values: readonly Value[], span: Span): { secret: boolean; type: ElemType; shape: Shape } {
  const operands = values.map((v) =>
    isOperand(v) ? v : fail("typeMismatch", span, { detail: `'${name}' holds ${describe(v)}, which cannot change at run time` }),
  );
  const runs = operands.filter((v): v is RunValue => v.kind === "run");
  const shapes = runs.map((r) => r.shape);
  const shape = shapes[0] ?? [];
  if (shapes.some((s) => !sameShape(s, shape)))
    fail("typeMismatch", span, { detail: `'${name}' has different shapes on different paths (${shapes.map(shapeText).join(" and ")})` });
  const typeOf = (v: Operand): ElemType => (v.kind === "run" ? v.type : v.kind === "float" ? "fix" : v.kind === "bool" ? "bool" : "int");
  const types = operands.map(typeOf);
  const type: ElemType = types.includes("fix") ? "fix" : types.every((t) => t === "bool") ? "bool" : "int";
  return { secret: runs.some((r) => r.secret), type, shape };
}

export function newCell(ctx: LowerContext, kind: { secret: boolean; type: ElemType; shape: Shape }): CellInfo {
  return { ...kind, cell: ctx.ir.cell({ len: lengthOf(kind.shape), width: 0, secret: kind.secret }) };
}

export function store(ctx: LowerContext, cell: CellInfo, value: Value, span: Span): void {
  if (!isOperand(value)) fail("typeMismatch", span, { detail: `${describe(value)} cannot be kept in a run-time variable` });
  let run: RunValue = isNumber(value) ? ctx.arith.constant(value, cell.type, [], false, span) : value;
  if (run.secret && !cell.secret) fail("typeMismatch", span, { detail: "a secret value cannot be stored where a public one was expected" });
  run = ctx.arith.retype(run, cell.type, span);
  run = ctx.arith.broadcast(run, cell.shape, span);
  if (cell.secret) run = ctx.arith.hide(run, span);
  ctx.ir.gate({ op: "store", cell: cell.cell }, [run.gate], lengthOf(cell.shape), cell.secret, span);
}

export function load(ctx: LowerContext, cell: CellInfo, span: Span): RunValue {
  const gate = ctx.ir.gate({ op: "load", cell: cell.cell }, [], lengthOf(cell.shape), cell.secret, span);
  return { kind: "run", secret: cell.secret, type: cell.type, shape: cell.shape, gate };
}

/** Every name a block assigns at its own function level (not inside nested defs), in order. */
export function assignedNames(body: readonly A.Stmt[]): Set<string> {
  const names = new Set<string>();
  const target = (t: A.Expr): void => {
    if (t.kind === "name") names.add(t.name);
    else if (t.kind === "tuple" || t.kind === "list") t.items.forEach(target);
    else if (t.kind === "index" && t.target.kind === "name") names.add(t.target.name);
  };
  const walk = (stmts: readonly A.Stmt[]): void => {
    for (const s of stmts) {
      switch (s.kind) {
        case "assign":
          s.targets.forEach(target);
          break;
        case "augassign":
          target(s.target);
          break;
        case "for":
          target(s.target);
          walk(s.body);
          break;
        case "while":
          walk(s.body);
          break;
        case "if":
          s.branches.forEach((b) => walk(b.body));
          if (s.otherwise) walk(s.otherwise);
          break;
        case "def":
          names.add(s.name);
          break;
        case "import":
          s.names.forEach((n) => names.add(n.alias));
          break;
        case "expr":
          if (s.expr.kind === "call" && s.expr.callee.kind === "attribute" && s.expr.callee.target.kind === "name") names.add(s.expr.callee.target.name);
          break;
      }
    }
  };
  walk(body);
  return names;
}
