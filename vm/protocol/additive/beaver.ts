// Multiplication of shared vectors with Beaver triples [Beaver, CRYPTO '91]: with a random
// triple (a, b, c = a·b), open d = x - a and e = y - b; then x·y = c + d·b + e·a + d·e.

import type { Ring } from "../../domain/ring.js";
import type { Vec } from "../../domain/ring64.js";

/** This party's shares of d = x - a and e = y - b, back to back, to be opened. */
export function maskFactors(ring: Ring, x: Vec, y: Vec, a: Vec, b: Vec): Vec {
  const n = x.length;
  const out = new BigUint64Array(2 * n);
  ring.sub(out.subarray(0, n), x, a);
  ring.sub(out.subarray(n), y, b);
  return out;
}

/** This party's share of x·y from the opened d and e (party 0 adds the public d·e). */
export function productShare(ring: Ring, party: number, opened: Vec, a: Vec, b: Vec, c: Vec, out?: Vec): Vec {
  const n = a.length;
  const d = opened.subarray(0, n);
  const e = opened.subarray(n);
  if (ring.words === 1) return productShare64(party === 0, d, e, a, b, c, out ?? new BigUint64Array(n));
  const z = c.slice();
  const t = new BigUint64Array(n);
  ring.add(z, z, ring.mul(t, d, b));
  ring.add(z, z, ring.mul(t, e, a));
  if (party === 0) ring.add(z, z, ring.mul(t, d, e));
  if (out === undefined) return z;
  out.set(z);
  return out;
}

/** The same in Z_2^64 in one pass, written into `out`: no temporaries (simple loops stay unboxed). */
function productShare64(first: boolean, d: Vec, e: Vec, a: Vec, b: Vec, c: Vec, out: Vec): Vec {
  if (first) for (let i = 0; i < out.length; i++) out[i] = c[i]! + d[i]! * b[i]! + e[i]! * a[i]! + d[i]! * e[i]!;
  else for (let i = 0; i < out.length; i++) out[i] = c[i]! + d[i]! * b[i]! + e[i]! * a[i]!;
  return out;
}
