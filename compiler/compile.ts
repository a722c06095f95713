// The compiler pipeline in one call: source text to AST, to IR, to bytecode, stopping at the
// first stage that reports errors. Each stage's output is returned so the CLI can print any of them.

import { defaultThreshold, protocolProblem } from "../vm/protocol/params.js";
import type { ProtocolName, ProtocolParams } from "../vm/protocol/protocol.js";
import { diagnostic, type Diagnostic } from "./diagnostics/diagnostic.js";
import { sourceFile, type SourceFile } from "./diagnostics/source.js";
import { asCompilerBug } from "./diagnostics/internal.js";
import { emit, type EmitResult } from "./emit/emit.js";
import { checkEmitted } from "./emit/self-check.js";
import type { IrProgram } from "./ir/ir.js";
import { assertValidIr } from "./ir/verify.js";
import { lower } from "./lower/lower.js";
import { checkRanges } from "./passes/ranges.js";
import { optimize } from "./passes/optimize.js";
import { MAX_ERRORS, parse } from "./syntax/parse.js";
import { MAX_FRAC_BITS, MAX_LOOP_ITERATIONS, MAX_PARTIES, MIN_PARTIES } from "../vm/bytecode/limits.js";

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
  /** The protocol the parties will run (additive by default) and, for Shamir, its threshold (default ⌊(n − 1)/2⌋). */
  readonly protocol?: ProtocolName;
  readonly threshold?: number | null;
  /** Check the IR's invariants after lowering and after every pass (`mpcc compile --verify-ir`; the tests turn it on). */
  readonly verifyIr?: boolean;
}

export const DEFAULT_MAX_ITERATIONS = 100;

export const DEFAULT_FRAC_BITS = 16;

export interface CompileResult {
  /** Errors: when there are any, nothing is emitted. */
  readonly diagnostics: Diagnostic[];
  /** Warnings (the range check's): reported, but the bytecode is written. */
  readonly warnings: Diagnostic[];
  readonly sources: Map<string, SourceFile>;
  readonly ir: IrProgram | null;
  readonly output: EmitResult | null;
}

export function compileSource(path: string, text: string, options: CompileOptions = {}): CompileResult {
  checkOptions(options);
  const sources = new Map<string, SourceFile>();
  const front = lowerSource(path, text, options, sources);
  if (front.program === null) return { diagnostics: front.diagnostics, warnings: [], sources, ir: null, output: null };
  // The range check runs on the lowered IR: its quiet set names gates by the ids the optimiser renumbers.
  const warnings = checkRanges(front.program, front.program.ringBits);
  const protocol = protocolOf(options, front.program.parties);
  if (typeof protocol === "string") return { diagnostics: [diagnostic("protocol", null, { problem: protocol })], warnings, sources, ir: null, output: null };
  if (options.verifyIr) assertValidIr(front.program, path, "the IR as lowered");
  const verify = options.verifyIr === true;
  const hint = verify ? "" : "; compile with --verify-ir to find the pass that broke the IR";
  const ir = options.optimize === false ? front.program : asCompilerBug(path, "the optimiser", () => optimize(front.program!, { verify, source: path }), hint);
  const output = asCompilerBug(path, "the emitter", () => emit(ir, baseName(path), protocol), hint);
  checkEmitted(output, path);
  return { diagnostics: [], warnings, sources, ir, output };
}

/**
 * Parsing and lowering, in a function of their own so that the syntax tree is garbage once it
 * returns: a program of 100,000 lines has a tree of 100 MB, not needed by the passes.
 */
function lowerSource(
  path: string,
  text: string,
  options: CompileOptions,
  sources: Map<string, SourceFile>,
): { program: IrProgram | null; diagnostics: Diagnostic[] } {
  const source = sourceFile(path, text);
  sources.set(path, source);
  const parsed = parse(source);
  if (parsed.diagnostics.length > 0) return { program: null, diagnostics: parsed.diagnostics };
  return lower(parsed.module, {
    defines: options.defines ?? new Map(),
    // Replicated sharing is for exactly three parties, however many the program names.
    parties: options.parties ?? (options.protocol === "replicated" ? 3 : null),
    fracBits: options.fracBits ?? DEFAULT_FRAC_BITS,
    maxErrors: MAX_ERRORS,
    maxIterations: options.maxIterations ?? DEFAULT_MAX_ITERATIONS,
    ringBits: options.ringBits ?? 64,
    sources,
  });
}

/** The protocol's parameters for `parties`, or why they do not fit. */
function protocolOf(options: CompileOptions, parties: number): ProtocolParams | string {
  const name = options.protocol ?? "additive";
  const params = { name, threshold: options.threshold ?? defaultThreshold(name, parties) };
  return protocolProblem(params, parties) ?? params;
}

/** Options past the bytecode's limits are the caller's mistake: the CLI checks its flags against the same limits. */
function checkOptions(o: CompileOptions): void {
  const within = (name: string, v: number | null | undefined, min: number, max: number): void => {
    if (v !== undefined && v !== null && !(Number.isInteger(v) && v >= min && v <= max))
      throw new RangeError(`the compile option ${name} is ${v}; expected ${min} to ${max}`);
  };
  within("parties", o.parties, MIN_PARTIES, MAX_PARTIES);
  within("fracBits", o.fracBits, 0, MAX_FRAC_BITS);
  within("maxIterations", o.maxIterations, 1, MAX_LOOP_ITERATIONS);
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
