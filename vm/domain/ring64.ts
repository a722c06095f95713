// Arithmetic in the ring Z_2^64 on whole vectors (BigUint64Array): storing into the array
// wraps modulo 2^64 for free, so loops stay simple and no BigInt.asUintN is needed.

export type Vec = BigUint64Array;

export const MASK63 = (1n << 63n) - 1n;

export function add(out: Vec, a: Vec, b: Vec): Vec {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
  return out;
}

export function sub(out: Vec, a: Vec, b: Vec): Vec {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

export function mul(out: Vec, a: Vec, b: Vec): Vec {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! * b[i]!;
  return out;
}

export function neg(out: Vec, a: Vec): Vec {
  for (let i = 0; i < out.length; i++) out[i] = -a[i]!;
  return out;
}

export function sum(a: Vec): bigint {
  const acc = new BigUint64Array(1);
  for (let i = 0; i < a.length; i++) acc[0] = acc[0]! + a[i]!;
  return acc[0]!;
}

export function fill(out: Vec, value: bigint): Vec {
  out.fill(BigInt.asUintN(64, value));
  return out;
}

/** Reads element i as a signed 64-bit integer. */
export function signed(a: Vec, i: number): bigint {
  return BigInt.asIntN(64, a[i]!);
}

/** Signed floor division of every element by a positive public divisor. */
export function floorDivSigned(out: Vec, a: Vec, divisor: bigint): Vec {
  for (let i = 0; i < out.length; i++) {
    const x = BigInt.asIntN(64, a[i]!);
    const q = x / divisor;
    out[i] = x < 0n && q * divisor !== x ? q - 1n : q;
  }
  return out;
}
