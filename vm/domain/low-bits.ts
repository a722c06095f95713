// Cutting ring elements to their low bits in place: random values below a power of two, drawn as
// uniform ring elements and masked (a fast loop in Z_2^64, element by element otherwise).

import type { Ring } from "./ring.js";
import type { Vec } from "./ring64.js";

export function keepLowBits(ring: Ring, v: Vec, width: number): void {
  const mask = (1n << BigInt(width)) - 1n;
  if (ring.words === 1) {
    // The mask in a typed array: V8 keeps the loop's BigInt arithmetic unboxed (not for a BigInt variable).
    const m = BigUint64Array.of(mask);
    for (let i = 0; i < v.length; i++) v[i] = v[i]! & m[0]!;
    return;
  }
  for (let i = 0; i < v.length / ring.words; i++) ring.set(v, i, ring.get(v, i) & mask);
}
