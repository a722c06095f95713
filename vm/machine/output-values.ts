// Revealed numbers as a user reads them: sfix as decimals, sint as integers (strings past 2^53,
// where JSON numbers lose precision), sbool as booleans, vectors as nested arrays. Pure.

import type { NumberType } from "./encode.js";

export type OutputValue = number | string | boolean | OutputValue[];

/** A signed revealed value as the user reads it. */
export function decodeNumber(x: bigint, type: NumberType, fracBits: number): number | string | boolean {
  if (type === "sbool") return x !== 0n;
  if (type === "sfix") return Number(x) / 2 ** fracBits;
  return x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x.toString();
}

/** Flat values in the output's shape: a scalar for shape [], nested arrays otherwise. */
export function shaped(shape: readonly number[], flat: ReadonlyArray<number | string | boolean>): OutputValue {
  if (shape.length === 0) return flat[0]!;
  const build = (dims: readonly number[], offset: number): OutputValue[] => {
    const [first, ...rest] = dims;
    const stride = rest.reduce((a, b) => a * b, 1);
    return Array.from({ length: first! }, (_, i) => (rest.length === 0 ? flat[offset + i]! : build(rest, offset + i * stride)));
  };
  return build(shape, 0);
}
