// Lowering: runs a module through the compile-time evaluator and collects the IR it emits.
// Applies -D overrides to module-level constants and fixes the party count.

import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source.js";
import { IrBuilder } from "../ir/builder.js";
import type { IrProgram } from "../ir/ir.js";
import type { Module, Stmt } from "../syntax/ast.js";
import { Arithmetic } from "./arithmetic.js";
import { builtinValues } from "./builtins.js";
import type { LowerContext } from "./context.js";
import { ModuleEvaluator } from "./evaluator.js";
import { FixedFunctions } from "./fixed-functions.js";
import { Logic } from "./logic.js";
import { Numeric } from "./numeric.js";
import { ModuleLoader, stdlibDir } from "./modules.js";
import { Scope } from "./scope.js";
import type { Value } from "./values.js";
import { Vectors } from "./vectors.js";
import { MIN_PARTIES } from "../../vm/bytecode/limits.js";

export interface LowerOptions {
  readonly defines: ReadonlyMap<string, string>;
  readonly parties: number | null;
  readonly fracBits: number;
  readonly maxErrors: number;
  readonly maxIterations: number;
  readonly ringBits: number;
  readonly sources: Map<string, SourceFile>;
  readonly library?: string;
}

export interface LowerResult {
  readonly program: IrProgram | null;
  readonly diagnostics: Diagnostic[];
}

export function lower(module: Module, options: LowerOptions): LowerResult {
  const diagnostics: Diagnostic[] = [];
  const overrides = parseDefines(options.defines, diagnostics);
  const ir = new IrBuilder(options.fracBits, options.ringBits);
  const arith = new Arithmetic(ir, options.fracBits);
  const builtins = new Scope(null);
  const loader = new ModuleLoader(options.library ?? stdlibDir(), options.maxErrors);
  const logic = new Logic(arith);
  const vectors = new Vectors(arith);
  const numeric = new Numeric(arith, logic, vectors);
  const ctx: LowerContext = {
    ir,
    arith,
    logic,
    vectors,
    numeric,
    fixed: new FixedFunctions(arith, logic, numeric),
    fixedParties: options.parties,
    maxIterations: options.maxIterations,
    highestParty: -1,
    outputNames: new Set(),
    sources: options.sources,
    diagnostics,
    builtins,
    loadModule: (name, from, span) => loader.load(ctx, name, from, span),
  };
  const evaluator = new ModuleEvaluator(ctx, new Scope(builtins), module.path, diagnostics, options.maxErrors);
  for (const [name, value] of builtinValues(() => evaluator)) builtins.set(name, value);
  const used = new Set<string>();
  evaluator.runModule(module.body, (stmt) => applyOverride(stmt, overrides, used, evaluator));
  for (const name of overrides.keys()) {
    if (!used.has(name)) diagnostics.push(diagnostic("unknownDefine", null, { name }));
  }
  if (diagnostics.length > 0) return { program: null, diagnostics };
  const parties = options.parties ?? Math.max(MIN_PARTIES, ctx.highestParty + 1);
  return { program: ir.finish(parties), diagnostics };
}

/** A module-level `NAME = …` that -D overrides binds the given value instead. */
function applyOverride(stmt: Stmt, overrides: ReadonlyMap<string, Value>, used: Set<string>, ev: ModuleEvaluator): boolean {
  if (stmt.kind !== "assign" || stmt.targets.length !== 1 || stmt.targets[0]!.kind !== "name") return false;
  const name = stmt.targets[0]!.name;
  const value = overrides.get(name);
  if (value === undefined) return false;
  used.add(name);
  ev.scope.set(name, value);
  return true;
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
