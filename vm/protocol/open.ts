// Opening a shared vector: every party sends its share and the receivers add them up.
// The shares themselves are uniformly random, so only the opened value is learned.

import type { Vec } from "../domain/ring64.js";

export function addShares(own: Vec, received: readonly Vec[]): Vec {
  const out = own.slice();
  for (const r of received) for (let i = 0; i < out.length; i++) out[i] = out[i]! + r[i]!;
  return out;
}
