#!/usr/bin/env node
// mpcc: the compiler's command line. Parses flags, calls the compiler, prints diagnostics,
// the IR or the disassembly, and writes the bytecode file. No compiler logic lives here.

import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { compileSource, DEFAULT_FRAC_BITS } from "../compiler/compile.js";
import { renderDiagnostic } from "../compiler/diagnostics/diagnostic.js";
import { printIr } from "../compiler/ir/printer.js";
import { roundsOf } from "../vm/bytecode/analysis.js";
import type { Instruction, Program } from "../vm/bytecode/program.js";
import { disassemble } from "../vm/bytecode/disasm.js";
import { loadProgram, writeAtomically } from "../vm/files.js";
import { prepKey } from "../vm/preprocessing/kinds.js";
import { CompileFailed, runCommand, UsageError } from "./exit.js";
import { integerOption } from "./options.js";

const program = new Command("mpcc")
  .description("Compile .mpc programs for secure multi-party computation")
  .exitOverride()
  .showHelpAfterError(false);

program
  .command("compile")
  .description("compile a .mpc program to bytecode")
  .argument("<program>", "the .mpc source file")
  .option("-o, --output <file>", "where to write the bytecode (default: the program's name with .bc)")
  .option("-D, --define <NAME=VALUE>", "override a module-level constant (repeatable)", collect, [])
  .option("--parties <n>", "the number of parties (default: one more than the highest party the program names)")
  .addOption(new Option("--fractional-bits <f>", "fractional bits of sfix").default(String(DEFAULT_FRAC_BITS)))
  .option("--ring <bits>", "the ring: 64 (default) or 128 for fixed-point values that need the headroom", "64")
  .option("--max-iterations <n>", "how often a while loop on a revealed value may run", "100")
  .option("--emit-ir", "print the circuit IR")
  .option("--disasm", "print the bytecode as text")
  .action((path: string, opts: CompileFlags) => runCommand("mpcc", () => compileCommand(path, opts)));

program
  .command("disasm")
  .description("print a bytecode file as text")
  .argument("<bytecode>", "the .bc file")
  .action((path: string) => runCommand("mpcc", () => void process.stdout.write(disassemble(loadProgram(path)))));

interface CompileFlags {
  output?: string;
  define: string[];
  parties?: string;
  fractionalBits: string;
  ring: string;
  maxIterations: string;
  emitIr?: boolean;
  disasm?: boolean;
}

function compileCommand(path: string, opts: CompileFlags): void {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`cannot read the program ${path}`);
  }
  const result = compileSource(path, text, {
    defines: parseDefines(opts.define),
    parties: opts.parties === undefined ? null : integerOption("--parties", opts.parties, 2, 10),
    fracBits: integerOption("--fractional-bits", opts.fractionalBits, 0, 40),
    ringBits: ringOption(opts.ring),
    maxIterations: integerOption("--max-iterations", opts.maxIterations, 1, 1_000_000),
  });
  if (result.diagnostics.length > 0) {
    for (const d of result.diagnostics) process.stderr.write(renderDiagnostic(d, result.sources) + "\n");
    const n = result.diagnostics.length;
    process.stderr.write(`mpcc: ${n} error${n === 1 ? "" : "s"}; no bytecode written\n`);
    throw new CompileFailed();
  }
  for (const w of result.warnings) process.stderr.write(renderDiagnostic(w, result.sources) + "\n");
  if (opts.emitIr) process.stdout.write(printIr(result.ir!));
  const output = opts.output ?? path.replace(/\.mpc$/, "") + ".bc";
  writeAtomically(output, result.output!.bytes);
  const { program, instructions, hash } = result.output!;
  if (opts.disasm) process.stdout.write(disassemble({ program, instructions, hash }));
  process.stderr.write(`mpcc: wrote ${output}: ${summary(program, instructions)}\n`);
}

function summary(program: Program, instructions: readonly Instruction[]): string {
  const needs = program.preprocessing.map((n) => `${n.count} ${prepKey(n.kind, n.param)}`);
  const rounds = roundsOf(instructions).length;
  return `${program.parties} parties, ${instructions.length} instructions, ${rounds} round${rounds === 1 ? "" : "s"}` +
    (needs.length ? `; preprocessing: ${needs.join(", ")}` : "");
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

await runCommand("mpcc", () => program.parseAsync().then(() => undefined));
