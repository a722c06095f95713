#!/usr/bin/env node
// mpcc: the compiler's command line. Parses flags, calls the compiler, prints diagnostics,
// the IR or the disassembly, and writes the bytecode file. No compiler logic lives here.

import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { compileSource, DEFAULT_FRAC_BITS, DEFAULT_MAX_ITERATIONS, type CompileOptions, type CompileResult } from "../compiler/compile.js";
import { renderDiagnostic } from "../compiler/diagnostics/diagnostic.js";
import { InternalCompilerError } from "../compiler/diagnostics/internal.js";
import { sourceFile } from "../compiler/diagnostics/source.js";
import { printIr } from "../compiler/ir/printer.js";
import { reportDot } from "../compiler/report/dot.js";
import { reportJson } from "../compiler/report/json.js";
import { analyse, buildReport, type ReportOptions } from "../compiler/report/report.js";
import { fileLines, sourceLines } from "../compiler/report/source-lines.js";
import { reportText } from "../compiler/report/text.js";
import { roundsOf } from "../vm/bytecode/analysis.js";
import type { Instruction, LoadedProgram, Program } from "../vm/bytecode/program.js";
import { disassemble } from "../vm/bytecode/disasm.js";
import { loadProgram } from "../vm/files.js";
import { outputTarget, STDOUT, writeOutput } from "../vm/output-file.js";
import { MAX_FRAC_BITS, MAX_LOOP_ITERATIONS, MAX_PARTIES, MIN_PARTIES } from "../vm/bytecode/limits.js";
import { prepKey } from "../vm/preprocessing/kinds.js";
import { PROTOCOL_NAMES, type ProtocolName } from "../vm/protocol/protocol.js";
import { CompileFailed, EXIT, Reported, runCommand, UsageError, stopQuietlyWhenOutputCloses } from "./exit.js";
import { integerOption } from "./options.js";

const REPORT_FORMATS = ["text", "json", "dot"] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

const program = new Command("mpcc").description("Compile .mpc programs for secure multi-party computation").exitOverride().showHelpAfterError(false);

program
  .command("compile")
  .description("compile a .mpc program to bytecode")
  .argument("<program>", "the .mpc source file")
  .option("-o, --output <file>", "where to write the bytecode (default: the program's name with .bc), or - for standard output")
  .option("-D, --define <NAME=VALUE>", "override a module-level constant (repeatable)", collect, [])
  .option("--parties <n>", "the number of parties (default: one more than the highest party the program names; 3 for replicated)")
  .addOption(
    new Option("--protocol <name>", "additive (dealer or offline phase), replicated (3 parties, no preprocessing) or shamir (n ≥ 2t + 1 parties)")
      .choices(PROTOCOL_NAMES)
      .default("additive"),
  )
  .option("--threshold <t>", "shamir: the most parties that may collude (default: (n − 1)/2, rounded down)")
  .addOption(new Option("--fractional-bits <f>", "fractional bits of sfix").default(String(DEFAULT_FRAC_BITS)))
  .option("--ring <bits>", "the ring: 64 (default) or 128 for fixed-point values that need the headroom", "64")
  .option("--max-iterations <n>", "how many times a while loop on a revealed value may run", String(DEFAULT_MAX_ITERATIONS))
  .addOption(new Option("-O, --optimize <level>", "1 runs the optimiser's passes, 0 turns them off").choices(["0", "1"]).default("1"))
  .option("--emit-ir", "print the circuit IR (after the passes)")
  .option("--verify-ir", "check the IR's invariants after lowering and after every pass (for finding compiler bugs)")
  .option("--disasm", "print the bytecode as text")
  .option("--report [format]", "print the depth and cost report: text (the default), json or dot")
  .action((path: string, opts: CompileFlags) => runCommand("mpcc", () => compileCommand(path, opts)));

program
  .command("disasm")
  .description("print a bytecode file as text")
  .argument("<bytecode>", "the .bc file")
  .action((path: string) => runCommand("mpcc", () => void process.stdout.write(disassemble(loadProgram(path)))));

program
  .command("report")
  .description("print the depth and cost report of a bytecode file")
  .argument("<bytecode>", "the .bc file")
  .addOption(new Option("--format <format>", "text, json or dot").choices(REPORT_FORMATS).default("text"))
  .option("--source <file>", "the .mpc file it was compiled from, to show source lines")
  .option("-o, --output <file>", "write the report to this file instead of standard output (- is standard output)")
  .action((path: string, opts: { format: ReportFormat; source?: string; output?: string }) =>
    runCommand("mpcc", () => {
      const target = opts.output === undefined ? STDOUT : outputTarget(opts.output);
      const loaded = loadProgram(path);
      const sourceLine = opts.source === undefined ? undefined : fileLines(sourceFile(opts.source, readText(opts.source, "source file")));
      writeOutput(target, formatReport(loaded, opts.format, { sourceLine }));
    }),
  );

interface CompileFlags {
  output?: string;
  define: string[];
  parties?: string;
  protocol: ProtocolName;
  threshold?: string;
  fractionalBits: string;
  ring: string;
  maxIterations: string;
  optimize: "0" | "1";
  emitIr?: boolean;
  verifyIr?: boolean;
  disasm?: boolean;
  report?: string | boolean;
}

function formatReport(loaded: LoadedProgram, format: ReportFormat, options: ReportOptions): string {
  const analysis = analyse(loaded);
  if (format === "dot") return reportDot(analysis);
  const report = buildReport(analysis, options);
  return format === "json" ? reportJson(report) : reportText(report);
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`cannot read the ${what} ${path}`);
  }
}

function compileCommand(path: string, opts: CompileFlags): void {
  const format = opts.report === undefined ? null : opts.report === true ? "text" : opts.report;
  if (format !== null && !REPORT_FORMATS.includes(format as ReportFormat)) {
    throw new UsageError(`--report ${String(format)}: expected text, json or dot`);
  }
  const text = readText(path, "program");
  const output = opts.output ?? `${path.replace(/\.mpc$/, "")}.bc`;
  const target = outputTarget(output);
  if (target.stdout) refuseMixedOutput(opts, format !== null);
  const result = compileOrReport(path, text, {
    defines: parseDefines(opts.define),
    parties: opts.parties === undefined ? null : integerOption("--parties", opts.parties, MIN_PARTIES, MAX_PARTIES),
    protocol: opts.protocol,
    threshold: opts.threshold === undefined ? null : integerOption("--threshold", opts.threshold, 1, MAX_PARTIES),
    fracBits: integerOption("--fractional-bits", opts.fractionalBits, 0, MAX_FRAC_BITS),
    ringBits: ringOption(opts.ring),
    maxIterations: integerOption("--max-iterations", opts.maxIterations, 1, MAX_LOOP_ITERATIONS),
    optimize: opts.optimize === "1",
    verifyIr: opts.verifyIr === true,
  });
  if (result.diagnostics.length > 0) {
    for (const d of result.diagnostics) process.stderr.write(`${renderDiagnostic(d, result.sources)}\n`);
    const n = result.diagnostics.length;
    process.stderr.write(`mpcc: ${n} error${n === 1 ? "" : "s"}; no bytecode written\n`);
    throw new CompileFailed();
  }
  for (const w of result.warnings) process.stderr.write(`${renderDiagnostic(w, result.sources)}\n`);
  if (opts.emitIr) process.stdout.write(printIr(result.ir!));
  writeOutput(target, result.output!.bytes);
  const { program, instructions, hash } = result.output!;
  if (opts.disasm) process.stdout.write(disassemble({ program, instructions, hash }));
  if (format !== null) {
    const sourceLine = sourceLines(result.ir!, result.sources, path);
    process.stdout.write(formatReport({ program, instructions, hash }, format as ReportFormat, { sourceLine }));
  }
  process.stderr.write(`mpcc: wrote ${target.stdout ? "the bytecode to standard output" : output}: ${summary(program, instructions)}\n`);
}

/** With `-o -` the bytecode is standard output: nothing else may go there, and not to a terminal. */
function refuseMixedOutput(opts: CompileFlags, report: boolean): void {
  const also = [opts.emitIr ? "--emit-ir" : null, opts.disasm ? "--disasm" : null, report ? "--report" : null].filter((f) => f !== null);
  if (also.length > 0) throw new UsageError(`-o - writes the bytecode to standard output; ${also.join(" and ")} would print text into it`);
  if (process.stdout.isTTY) throw new UsageError("-o - would write binary bytecode to the terminal: redirect standard output to a file or a pipe");
}

/** Compiles; a failure of the compiler's own checks is reported as its bug, never the program's (exit 1). */
function compileOrReport(path: string, text: string, options: CompileOptions): CompileResult {
  try {
    return compileSource(path, text, options);
  } catch (e) {
    if (!(e instanceof InternalCompilerError)) throw e;
    process.stderr.write(`mpcc: ${e.message}\n`);
    process.stderr.write(`This is a bug in mpcc, not in ${e.source}; no bytecode written. Please report it with the command you ran.\n`);
    if (process.env.MPC_DEBUG) process.stderr.write(`${e.stack ?? ""}\n`);
    throw new Reported(EXIT.internal);
  }
}

function summary(program: Program, instructions: readonly Instruction[]): string {
  const needs = program.preprocessing.map((n) => `${n.count} ${prepKey(n.kind, n.param)}`);
  const rounds = roundsOf(instructions).length;
  return (
    `${program.parties} parties, ${instructions.length} instructions, ${rounds} round${rounds === 1 ? "" : "s"}` +
    (needs.length ? `; preprocessing: ${needs.join(", ")}` : "")
  );
}

function ringOption(value: string): 64 | 128 {
  if (value !== "64" && value !== "128") throw new UsageError(`--ring ${value}: expected 64 or 128`);
  return value === "64" ? 64 : 128;
}

function parseDefines(defines: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const d of defines) {
    const eq = d.indexOf("=");
    const name = eq < 0 ? "" : d.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`-D ${d}: expected NAME=VALUE`);
    map.set(name, d.slice(eq + 1));
  }
  return map;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

stopQuietlyWhenOutputCloses();
await runCommand("mpcc", () => program.parseAsync().then(() => undefined));
