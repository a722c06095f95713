// Division of a shared value by a public d (fixed-point truncation when d = 2^f), by opening
// x + r for a dealer mask r with known ⌊(r mod 2^63)/d⌋, in the style of SPDZ2k's probabilistic
// truncation with the top bit of r handled exactly [Escudero et al., CRYPTO 2020, §5].
//
// For |x| < 2^61 the result is ⌊x/d⌋ + e with e ∈ {0, 1} when d is a power of two and
// e ∈ {-1, 0, 1} otherwise. The rounding e depends on x mod d, so when the result is revealed it
// says a little about the low bits of x (eprint 2024/1127); see docs/protocol.md.

import { MASK63, type Vec } from "../domain/ring64.js";

const TOP = 1n << 63n;
const RANGE = 1n << 61n;

/** The public offset that makes every x with |x| < 2^61 non-negative; a multiple of d. */
function offset(d: bigint): bigint {
  return ((RANGE + d - 1n) / d) * d;
}

/** This party's share of x + B + r, to be opened (party 0 adds the public offset B). */
export function maskDividend(party: number, x: Vec, low: Vec, top: Vec, d: bigint): Vec {
  const out = new BigUint64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! + low[i]! + (top[i]! << 63n);
  if (party === 0) {
    const b = offset(d);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + b;
  }
  return out;
}

/**
 * With c = x + B + r opened: x + B = c' - r' + 2^63·v where c' = c mod 2^63, r' = r mod 2^63 and
 * v = msb(c) XOR msb(r); so ⌊(x + B)/d⌋ ≈ ⌊c'/d⌋ - ⌊r'/d⌋ + v·⌊2^63/d⌋, linear in the shares.
 */
export function quotientShare(party: number, opened: Vec, top: Vec, quotient: Vec, d: bigint): Vec {
  const out = new BigUint64Array(opened.length);
  const wrap = TOP / d;
  const shift = offset(d) / d;
  for (let i = 0; i < out.length; i++) {
    const c = opened[i]!;
    const cTop = c >> 63n;
    const own = party === 0 ? 1n : 0n;
    const v = cTop === 0n ? top[i]! : own - top[i]!;
    let y = wrap * v - quotient[i]!;
    if (party === 0) y += (c & MASK63) / d - shift;
    out[i] = y;
  }
  return out;
}
