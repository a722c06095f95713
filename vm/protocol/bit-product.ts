// A secret bit b (XOR-shared) times a secret value z in one round. With a daBit r (shared both
// ways), a random β and r·β from preprocessing, open c = b ⊕ r and e = z − β: r·z = e·r + rβ, b·z = c·z + (1 − 2c)·r·z.

import { toBitSliced } from "../domain/bits.js";
import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";

/** One component of this party's XOR share of c = b ⊕ r, bit-sliced (r as the daBit's words, bit 0 each). */
export function maskBit(bits: Vec, rXor: Vec): Vec {
  const r = toBitSliced(rXor, 1);
  const out = new BigUint64Array(bits.length);
  for (let w = 0; w < out.length; w++) out[w] = bits[w]! ^ r[w]!;
  return out;
}

/** One component of this party's share of b·z from the opened c (bit-sliced) and e, and its shares of z, r and rβ. */
export function bitProductShare(ring: Ring, c: Vec, e: Vec, len: number, z: Vec, r: Vec, rBeta: Vec, out: Vec): Vec {
  const c32 = new Uint32Array(c.buffer, c.byteOffset, 2 * c.length);
  // r·z = e·r + rβ, then where c = 1: z − r·z (b = 1 − r), where c = 0: r·z (b = r).
  ring.add(out, ring.mul(out, e, r), rBeta);
  if (ring.words === 1) {
    for (let i = 0; i < len; i++) if ((c32[i >> 5]! >>> (i & 31)) & 1) out[i] = z[i]! - out[i]!;
    return out;
  }
  for (let i = 0; i < len; i++) if ((c32[i >> 5]! >>> (i & 31)) & 1) ring.set(out, i, ring.get(z, i) - ring.get(out, i));
  return out;
}
