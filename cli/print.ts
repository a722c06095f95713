// How revealed outputs look on a terminal: `name = value` a line, with the recipient named
// when an output was for one party only; --output writes them as JSON, atomically.

import type { LoadedProgram, Program } from "../vm/bytecode/program.js";
import { writeAtomically } from "../vm/files.js";

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

/** Prints the outputs and, if asked, writes them as JSON (never half a file: see writeAtomically). */
export function finish(loaded: LoadedProgram, outputs: Record<string, unknown>, outputPath: string | undefined): void {
  printOutputs(loaded.program, outputs);
  if (outputPath !== undefined) writeAtomically(outputPath, `${JSON.stringify(outputs, null, 2)}\n`);
}
