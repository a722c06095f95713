// How revealed outputs look on a terminal: `name = value` a line, with the recipient named
// when an output was for one party only.

import type { Program } from "../vm/bytecode/program.js";

export function printOutputs(program: Program, outputs: Record<string, unknown>): void {
  for (const spec of program.outputs) {
    if (!(spec.name in outputs)) continue;
    const to = spec.to === -1 ? "" : ` (to party ${spec.to})`;
    process.stdout.write(`${spec.name}${to} = ${format(outputs[spec.name])}\n`);
  }
}

function format(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(format).join(", ")}]`;
  return String(value);
}
