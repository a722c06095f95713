// Opening a shared vector: every party sends its share and the receivers add them up.
// The shares themselves are uniformly random, so only the opened value is learned.

import type { Ring } from "../../domain/ring.js";
import type { Vec } from "../../domain/ring64.js";

export function addShares(ring: Ring, own: Vec, received: readonly Vec[]): Vec {
  const out = own.slice();
  for (const r of received) ring.add(out, out, r);
  return out;
}
