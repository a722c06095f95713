// Randomness for shares and preprocessing: only from the platform CSPRNG (node:crypto).
// Never Math.random. Fills whole typed arrays at once so no per-element call is made.

import { randomFillSync } from "node:crypto";

const CHUNK = 1 << 16; // randomFillSync refuses more than 2^31-1 bytes at once; stay well below

export function randomWords(count: number): BigUint64Array {
  const out = new BigUint64Array(count);
  for (let i = 0; i < count; i += CHUNK) {
    randomFillSync(out, i, Math.min(CHUNK, count - i));
  }
  return out;
}
