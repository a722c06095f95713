// A secret bit b (XOR-shared) times a secret value z in one round. With a daBit r (shared both
// ways), a random β and r·β from the dealer, open c = b ⊕ r and e = z − β: r·z = e·r + rβ, b·z = c·z + (1 − 2c)·r·z.

import { toBitSliced, wordsPerPosition } from "../domain/bits.js";
import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";

/** This party's message: its XOR share of c = b ⊕ r (bit-sliced), then its share of e = z − β. */
export function maskBitAndValue(ring: Ring, bits: Vec, rXor: Vec, z: Vec, beta: Vec): Vec {
  const W = bits.length;
  const out = new BigUint64Array(W + z.length);
  const r = toBitSliced(rXor, 1);
  for (let w = 0; w < W; w++) out[w] = bits[w]! ^ r[w]!;
  ring.sub(out.subarray(W), z, beta);
  return out;
}

/** Combines the parties' messages: c by XOR, e by addition, in `own`. */
export function combineOpened(ring: Ring, own: Vec, received: Vec, len: number): void {
  const W = wordsPerPosition(len);
  for (let w = 0; w < W; w++) own[w] = own[w]! ^ received[w]!;
  ring.add(own.subarray(W), own.subarray(W), received.subarray(W));
}

/** This party's share of b·z from the opened c and e, its shares of z, r and rβ. */
export function bitProductShare(ring: Ring, opened: Vec, len: number, z: Vec, r: Vec, rBeta: Vec, out: Vec): Vec {
  const W = wordsPerPosition(len);
  const c = new Uint32Array(opened.buffer, opened.byteOffset, 2 * W);
  const e = opened.subarray(W);
  // r·z = e·r + rβ, then where c = 1: z − r·z (b = 1 − r), where c = 0: r·z (b = r).
  ring.add(out, ring.mul(out, e, r), rBeta);
  if (ring.words === 1) {
    for (let i = 0; i < len; i++) if ((c[i >> 5]! >>> (i & 31)) & 1) out[i] = z[i]! - out[i]!;
    return out;
  }
  for (let i = 0; i < len; i++) if ((c[i >> 5]! >>> (i & 31)) & 1) ring.set(out, i, ring.get(z, i) - ring.get(out, i));
  return out;
}
