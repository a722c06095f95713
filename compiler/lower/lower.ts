// Lowering: runs a module through the compile-time evaluator and collects the IR it emits.
// Applies -D overrides to module-level constants and fixes the party count.

import { diagnostic, fail, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import { IrBuilder } from "../ir/builder.js";
import type { IrProgram } from "../ir/ir.js";
import type { Module } from "../syntax/ast.js";
import { builtins } from "./builtins.js";
import { compileTimeBinary } from "./compile-time-ops.js";
import type { LowerContext } from "./context.js";
import { Evaluator } from "./evaluate.js";
import { Scope } from "./scope.js";
import { SecretArithmetic } from "./secret-arithmetic.js";
import { describe, type Value } from "./values.js";

export interface LowerOptions {
  readonly defines: ReadonlyMap<string, string>;
  readonly parties: number | null;
  readonly fracBits: number;
  readonly maxErrors: number;
}

export interface LowerResult {
  readonly program: IrProgram | null;
  readonly diagnostics: Diagnostic[];
}

export function lower(module: Module, options: LowerOptions): LowerResult {
  const diagnostics: Diagnostic[] = [];
  const overrides = parseDefines(options.defines, diagnostics);
  const ir = new IrBuilder(options.fracBits);
  const arithmetic = new SecretArithmetic(ir, options.fracBits);
  const ctx: LowerContext = {
    ir,
    arithmetic,
    fixedParties: options.parties,
    highestParty: -1,
    outputNames: new Set(),
    binary: (op, a, b, span) => binary(arithmetic, op, a, b, span),
  };
  const scope = new Scope(new Scope(null));
  for (const [name, value] of builtins(ctx)) scope.parent!.set(name, value);
  const used = new Set<string>();
  const evaluator = new Evaluator(ctx, scope, {
    override(name) {
      const value = overrides.get(name);
      if (value !== undefined) used.add(name);
      return value;
    },
  }, options.maxErrors);
  evaluator.runModule(module.body);
  diagnostics.push(...evaluator.diagnostics);
  for (const name of overrides.keys()) {
    if (!used.has(name)) diagnostics.push(diagnostic("unknownDefine", null, { name }));
  }
  if (diagnostics.length > 0) return { program: null, diagnostics };
  const parties = options.parties ?? Math.max(2, ctx.highestParty + 1);
  return { program: ir.finish(parties), diagnostics };
}

function binary(arithmetic: SecretArithmetic, op: string, a: Value, b: Value, span: Span): Value {
  if (a.kind === "secret" || b.kind === "secret") return arithmetic.binary(op, a, b, span);
  const result = compileTimeBinary(op as never, a, b, span);
  return result ?? fail("badOperands", span, { op, left: describe(a), right: describe(b) });
}

/** -D values are Python literals: numbers, True, False, or a quoted string. */
function parseDefines(defines: ReadonlyMap<string, string>, diagnostics: Diagnostic[]): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const [name, text] of defines) {
    const value = parseLiteral(text.trim());
    if (value === null) diagnostics.push(diagnostic("badDefineValue", null, { name, value: text }));
    else values.set(name, value);
  }
  return values;
}

function parseLiteral(text: string): Value | null {
  if (/^[+-]?\d[\d_]*$/.test(text)) return { kind: "int", value: BigInt(text.replace(/_/g, "")) };
  if (/^[+-]?(\d[\d_]*\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$/.test(text)) return { kind: "float", value: Number(text.replace(/_/g, "")) };
  if (text === "True" || text === "False") return { kind: "bool", value: text === "True" };
  const quoted = /^(["'])(.*)\1$/.exec(text);
  return quoted ? { kind: "str", value: quoted[2]! } : null;
}
