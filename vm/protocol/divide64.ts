// The masked division's two local steps in Z_2^64 on 32-bit halves and plain Numbers: the generic
// versions divide a BigInt per element, which boxes every intermediate result.

import type { Vec } from "../domain/ring64.js";

const TWO32 = 2 ** 32;

/** Every value of out := x + low + 2^63·top + b (mod 2^64), for the public b = bHi·2^32 + bLo. */
export function maskDividend64(x: Vec, low: Vec, top: Vec, bLo: number, bHi: number): Vec {
  const out = new BigUint64Array(x.length);
  const [o, xs, ls, ts] = [out, x, low, top].map(halves) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  for (let i = 0; i < x.length; i++) {
    const lo = xs[2 * i]! + ls[2 * i]! + bLo;
    const carry = lo >= 2 * TWO32 ? 2 : lo >= TWO32 ? 1 : 0;
    o[2 * i] = lo >>> 0;
    o[2 * i + 1] = (xs[2 * i + 1]! + ls[2 * i + 1]! + ((ts[2 * i]! & 1) << 31) + bHi + carry) >>> 0;
  }
  return out;
}

/**
 * ⌊(c mod 2^63)/d⌋ for every opened c, and whether c's top bit is set; null when d is too large
 * for exact arithmetic on doubles (d ≥ 2^36 and not a power of two), for the BigInt path.
 */
export function lowQuotients(opened: Vec, d: bigint): { quotients: Vec; top: Uint8Array } | null {
  const power = (d & (d - 1n)) === 0n ? bitLength(d) - 1 : -1;
  if (power < 0 && d >= 1n << 36n) return null;
  const n = opened.length;
  const c = halves(opened);
  const quotients = new BigUint64Array(n);
  const q = halves(quotients);
  const top = new Uint8Array(n);
  const divisor = Number(d);
  for (let i = 0; i < n; i++) {
    const lo = c[2 * i]!;
    const hi = c[2 * i + 1]! & 0x7fffffff;
    top[i] = c[2 * i + 1]! >>> 31;
    if (power >= 0) {
      q[2 * i] = power === 0 ? lo : power < 32 ? ((lo >>> power) | (hi << (32 - power))) >>> 0 : hi >>> (power - 32);
      q[2 * i + 1] = power < 32 ? hi >>> power : 0;
      continue;
    }
    // Long division by 16-bit digits: each partial remainder times 2^16 stays below 2^52.
    let r = 0;
    let qHi = 0;
    let qLo = 0;
    for (const digit of [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff]) {
      const current = r * 65536 + digit;
      const qd = Math.floor(current / divisor);
      r = current - qd * divisor;
      // Shift the quotient left by 16 bits, in two 32-bit halves.
      qHi = ((qHi << 16) | (qLo >>> 16)) >>> 0;
      qLo = ((qLo << 16) | qd) >>> 0;
    }
    q[2 * i] = qLo;
    q[2 * i + 1] = qHi;
  }
  return { quotients, top };
}

/** wrap·v − quotient (+ ⌊c'/d⌋ − bias for party 0), v = top or own − top as c's top bit says. */
export function quotientShare64(
  fast: { quotients: Vec; top: Uint8Array },
  top: Vec,
  quotient: Vec,
  wrap: bigint,
  own: bigint,
  bias: bigint,
  first: boolean,
): Vec {
  const { quotients: q, top: high } = fast;
  if (!first) q.fill(0n);
  const out = new BigUint64Array(top.length);
  // Simple loops over typed arrays only, constants included: V8 keeps BigInt arithmetic unboxed
  // there, but not for a BigInt parameter, nor across a data-dependent choice of expression.
  const k = BigUint64Array.of(wrap, own, bias);
  const v = new BigUint64Array(top.length);
  for (let i = 0; i < v.length; i++) v[i] = k[1]! - top[i]!;
  for (let i = 0; i < v.length; i++) if (high[i] === 0) v[i] = top[i]!;
  for (let i = 0; i < out.length; i++) out[i] = k[0]! * v[i]! - quotient[i]! + q[i]! - k[2]!;
  return out;
}

function halves(v: Vec): Uint32Array {
  return new Uint32Array(v.buffer, v.byteOffset, v.length * 2);
}

function bitLength(v: bigint): number {
  return v.toString(2).length;
}
