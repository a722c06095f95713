// Multiplication of shared vectors with Beaver triples [Beaver, CRYPTO '91]: with a random
// triple (a, b, c = a·b), open d = x - a and e = y - b; then x·y = c + d·b + e·a + d·e.

import type { Vec } from "../domain/ring64.js";

/** This party's shares of d = x - a and e = y - b, back to back, to be opened. */
export function maskFactors(x: Vec, y: Vec, a: Vec, b: Vec): Vec {
  const n = x.length;
  const out = new BigUint64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[i] = x[i]! - a[i]!;
    out[n + i] = y[i]! - b[i]!;
  }
  return out;
}

/** This party's share of x·y from the opened d and e (party 0 adds the public d·e). */
export function productShare(party: number, opened: Vec, a: Vec, b: Vec, c: Vec): Vec {
  const n = a.length;
  const z = new BigUint64Array(n);
  for (let i = 0; i < n; i++) {
    const d = opened[i]!;
    const e = opened[n + i]!;
    z[i] = c[i]! + d * b[i]! + e * a[i]!;
  }
  if (party === 0) for (let i = 0; i < n; i++) z[i] = z[i]! + opened[i]! * opened[n + i]!;
  return z;
}
