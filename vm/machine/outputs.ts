// Turns revealed ring elements into the values a user reads (see output-values.ts), by output name.

import type { Vec } from "../domain/ring64.js";
import type { Program } from "../bytecode/program.js";
import { ringOf } from "../domain/ring.js";
import { decodeNumber, shaped, type OutputValue } from "./output-values.js";

export type { OutputValue } from "./output-values.js";

export function decodeOutputs(program: Program, revealed: ReadonlyMap<number, Vec>): Record<string, OutputValue> {
  const ring = ringOf(program.domain);
  const result: Record<string, OutputValue> = {};
  for (const [index, values] of [...revealed.entries()].sort(([a], [b]) => a - b)) {
    const spec = program.outputs[index]!;
    const numbers = Array.from({ length: values.length / ring.words }, (_, i) => decodeNumber(ring.signed(values, i), spec.type, program.fracBits));
    result[spec.name] = shaped(spec.shape, numbers);
  }
  return result;
}
