// Secret sharing among n parties: additive over the ring (arithmetic values) or by XOR
// (bit-sliced boolean values). n-1 shares are uniformly random, so any n-1 reveal nothing.

import { randomWords } from "../../domain/random.js";
import type { Ring } from "../../domain/ring.js";
import type { Vec } from "../../domain/ring64.js";

/** Splits every element of `values` into `parties` additive shares. */
export function share(ring: Ring, values: Vec, parties: number): Vec[] {
  const shares: Vec[] = [];
  const last = values.slice();
  for (let p = 0; p < parties - 1; p++) {
    const r = ring.random(values.length / ring.words);
    ring.sub(last, last, r);
    shares.push(r);
  }
  shares.push(last);
  return shares;
}

/** Splits every word of `values` into `parties` XOR shares. */
export function shareXor(values: Vec, parties: number): Vec[] {
  const shares: Vec[] = [];
  const last = values.slice();
  for (let p = 0; p < parties - 1; p++) {
    const r = randomWords(values.length);
    for (let i = 0; i < r.length; i++) last[i] = last[i]! ^ r[i]!;
    shares.push(r);
  }
  shares.push(last);
  return shares;
}

/** The sum of all shares: the shared values. */
export function reconstruct(ring: Ring, shares: readonly Vec[]): Vec {
  const out = new BigUint64Array(shares[0]!.length);
  for (const s of shares) ring.add(out, out, s);
  return out;
}

export function reconstructXor(shares: readonly Vec[]): Vec {
  const out = new BigUint64Array(shares[0]!.length);
  for (const s of shares) for (let i = 0; i < out.length; i++) out[i] = out[i]! ^ s[i]!;
  return out;
}
