// Division of a shared value by a public d, by opening x + r for a dealer mask r with known
// ⌊(r mod 2^(k−1))/d⌋, in the style of SPDZ2k's probabilistic truncation with the top bit of r
// handled exactly [Escudero et al., CRYPTO 2020, §5]. The result is ⌊x/d⌋ + e, e ∈ {−1, 0, 1}
// (e ∈ {0, 1} for d = 2^m), for |x| < 2^(k−3). The compiler never reveals this result: it
// corrects e with a comparison of the remainder (compiler/lower/arithmetic.ts), so e cannot leak.

import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import { lowQuotients, maskDividend64, quotientShare64 } from "./divide64.js";
import { divisionRange } from "../bytecode/limits.js";

/** The public offset that makes every x with |x| < 2^(k−3) non-negative; a multiple of d. */
function offset(ring: Ring, d: bigint): bigint {
  const range = divisionRange(ring.bits);
  return ((range + d - 1n) / d) * d;
}

/** One component of this party's share of x + B + r, to be opened (the first component adds the public offset B). */
export function maskDividend(ring: Ring, first: boolean, x: Vec, low: Vec, top: Vec, d: bigint): Vec {
  const n = x.length / ring.words;
  const out = ring.alloc(n);
  const topShift = BigInt(ring.bits - 1);
  const b = first ? offset(ring, d) : 0n;
  if (ring.words === 1) return maskDividend64(x, low, top, Number(b & 0xffffffffn), Number(b >> 32n));
  for (let i = 0; i < n; i++) ring.set(out, i, ring.get(x, i) + ring.get(low, i) + (ring.get(top, i) << topShift) + b);
  return out;
}

/**
 * With c = x + B + r opened: x + B = c' − r' + 2^(k−1)·v where c' = c mod 2^(k−1), r' = r mod
 * 2^(k−1) and v = msb(c) XOR msb(r); so ⌊(x + B)/d⌋ ≈ ⌊c'/d⌋ − ⌊r'/d⌋ + v·⌊2^(k−1)/d⌋, linear in the shares.
 */
export function quotientShare(ring: Ring, first: boolean, opened: Vec, top: Vec, quotient: Vec, d: bigint): Vec {
  const n = opened.length / ring.words;
  const out = ring.alloc(n);
  const half = 1n << BigInt(ring.bits - 1);
  const wrap = half / d;
  const shift = offset(ring, d) / d;
  const own = first ? 1n : 0n;
  const fast = ring.words === 1 ? lowQuotients(opened, d) : null;
  if (fast !== null) return quotientShare64(fast, top, quotient, wrap, own, first ? shift : 0n, first);
  for (let i = 0; i < n; i++) {
    const c = ring.get(opened, i);
    const t = ring.get(top, i);
    const v = c < half ? t : own - t;
    let y = wrap * v - ring.get(quotient, i);
    if (first) y += (c % half) / d - shift;
    ring.set(out, i, y);
  }
  return out;
}
