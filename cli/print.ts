// How revealed outputs look on a terminal: `name = value` a line, with the recipient named
// when an output was for one party only; --output writes them as JSON, atomically, or to stdout.

import type { LoadedProgram, Program } from "../vm/bytecode/program.js";
import { type OutputTarget, outputTarget, writeOutput } from "../vm/output-file.js";

export function printOutputs(program: Program, outputs: Record<string, unknown>): void {
  for (const spec of program.outputs) {
    if (!(spec.name in outputs)) continue;
    const to = spec.client !== undefined ? ` (to client ${spec.client})` : spec.to === -1 ? "" : ` (to party ${spec.to})`;
    process.stdout.write(`${spec.name}${to} = ${format(outputs[spec.name])}\n`);
  }
}

function format(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(format).join(", ")}]`;
  return String(value);
}

/** `--output`, checked before anything is computed or sent; null when not given. */
export function outputOption(path: string | undefined): OutputTarget | null {
  return path === undefined ? null : outputTarget(path);
}

/**
 * Prints the outputs, and writes them as JSON where asked (never half a file: see writeAtomically).
 * With `--output -` the JSON takes the place of the printed lines, so standard output stays one JSON document.
 */
export function finish(loaded: LoadedProgram, outputs: Record<string, unknown>, target: OutputTarget | null): void {
  if (target?.stdout !== true) printOutputs(loaded.program, outputs);
  if (target !== null) writeOutput(target, `${JSON.stringify(outputs, null, 2)}\n`);
}

/** How a log line names where the outputs went. */
export function describeTarget(target: OutputTarget): string {
  return target.stdout ? "standard output, as JSON" : target.shown;
}
