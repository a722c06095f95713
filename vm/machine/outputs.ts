// Turns revealed ring elements into the values a user reads: sfix as decimals, sint as
// integers (strings past 2^53, where JSON numbers lose precision), vectors as nested arrays.

import type { Vec } from "../domain/ring64.js";
import type { OutputSpec, Program } from "../bytecode/program.js";
import { ringOf } from "../domain/ring.js";

export type OutputValue = number | string | boolean | OutputValue[];

export function decodeOutputs(program: Program, revealed: ReadonlyMap<number, Vec>): Record<string, OutputValue> {
  const ring = ringOf(program.domain);
  const result: Record<string, OutputValue> = {};
  for (const [index, values] of [...revealed.entries()].sort(([a], [b]) => a - b)) {
    const spec = program.outputs[index]!;
    const numbers = Array.from({ length: values.length / ring.words }, (_, i) => decodeNumber(ring.signed(values, i), spec, program.fracBits));
    result[spec.name] = shaped(spec, numbers);
  }
  return result;
}

/** A signed revealed value as the user reads it. */
function decodeNumber(x: bigint, spec: OutputSpec, fracBits: number): number | string | boolean {
  if (spec.type === "sbool") return x !== 0n;
  if (spec.type === "sfix") return Number(x) / 2 ** fracBits;
  return x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x.toString();
}

function shaped(spec: OutputSpec, flat: Array<number | string | boolean>): OutputValue {
  if (spec.shape.length === 0) return flat[0]!;
  const build = (dims: readonly number[], offset: number): OutputValue[] => {
    const [first, ...rest] = dims;
    const stride = rest.reduce((a, b) => a * b, 1);
    return Array.from({ length: first! }, (_, i) => (rest.length === 0 ? flat[offset + i]! : build(rest, offset + i * stride)));
  };
  return build(spec.shape, 0);
}
