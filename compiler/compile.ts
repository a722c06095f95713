// The compiler pipeline in one call: source text to AST, to IR, to bytecode, stopping at the
// first stage that reports errors. Each stage's output is returned so the CLI can print any of them.

import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { sourceFile, type SourceFile } from "./diagnostics/source.js";
import { emit, type EmitResult } from "./emit/emit.js";
import type { IrProgram } from "./ir/ir.js";
import { lower } from "./lower/lower.js";
import { checkRanges } from "./passes/ranges.js";
import { optimize } from "./passes/optimize.js";
import type { Module } from "./syntax/ast.js";
import { MAX_ERRORS, parse } from "./syntax/parse.js";

export interface CompileOptions {
  readonly defines?: ReadonlyMap<string, string>;
  /** Fix the party count; by default it is one more than the highest party the program names. */
  readonly parties?: number | null;
  readonly fracBits?: number;
  /** How many times a while loop on a revealed condition may run (preprocessing is dealt for that many). */
  readonly maxIterations?: number;
  /** The ring: Z_2^64 (default) or Z_2^128 for programs whose fixed-point values need the headroom. */
  readonly ringBits?: 64 | 128;
  /** Run the optimiser's passes (on by default; `mpcc compile -O0` turns them off). */
  readonly optimize?: boolean;
}

export const DEFAULT_MAX_ITERATIONS = 100;

export const DEFAULT_FRAC_BITS = 16;

export interface CompileResult {
  /** Errors: when there are any, nothing is emitted. */
  readonly diagnostics: Diagnostic[];
  /** Warnings (the range check's): reported, but the bytecode is written. */
  readonly warnings: Diagnostic[];
  readonly sources: Map<string, SourceFile>;
  readonly module: Module | null;
  readonly ir: IrProgram | null;
  readonly output: EmitResult | null;
}

export function compileSource(path: string, text: string, options: CompileOptions = {}): CompileResult {
  const source = sourceFile(path, text);
  const sources = new Map([[path, source]]);
  const parsed = parse(source);
  if (parsed.diagnostics.length > 0) {
    return { diagnostics: parsed.diagnostics, warnings: [], sources, module: parsed.module, ir: null, output: null };
  }
  const lowered = lower(parsed.module, {
    defines: options.defines ?? new Map(),
    parties: options.parties ?? null,
    fracBits: options.fracBits ?? DEFAULT_FRAC_BITS,
    maxErrors: MAX_ERRORS,
    maxIterations: options.maxIterations ?? DEFAULT_MAX_ITERATIONS,
    ringBits: options.ringBits ?? 64,
    sources,
  });
  if (lowered.program === null) {
    return { diagnostics: lowered.diagnostics, warnings: [], sources, module: parsed.module, ir: null, output: null };
  }
  // The range check runs on the lowered IR: its quiet set names gates by the ids the optimiser renumbers.
  const warnings = checkRanges(lowered.program, lowered.program.ringBits);
  const ir = options.optimize === false ? lowered.program : optimize(lowered.program);
  const output = emit(ir, baseName(path));
  return { diagnostics: [], warnings, sources, module: parsed.module, ir, output };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
