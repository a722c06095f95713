// The rings values live in: Z_2^64 (one 64-bit word per element, fast typed-array loops) and
// Z_2^128 (two words per element, low word first, BigInt per element) for programs needing headroom.

import { randomWords } from "./random.js";
import * as r64 from "./ring64.js";
import type { Vec } from "./ring64.js";

export type Domain = "Z2^64" | "Z2^128";

/** Vector operations on elements of `words` consecutive 64-bit words; all results modulo 2^bits. */
export interface Ring {
  readonly domain: Domain;
  readonly bits: number;
  readonly words: number;
  add(out: Vec, a: Vec, b: Vec): Vec;
  sub(out: Vec, a: Vec, b: Vec): Vec;
  mul(out: Vec, a: Vec, b: Vec): Vec;
  neg(out: Vec, a: Vec): Vec;
  /** out[i] := Σ_j a[i·group + j]. */
  groupSum(out: Vec, a: Vec, group: number): Vec;
  /** Signed floor division by a positive public divisor. */
  floorDivide(out: Vec, a: Vec, d: bigint): Vec;
  /** The unsigned value of element i. */
  get(a: Vec, i: number): bigint;
  /** The two's-complement value of element i. */
  signed(a: Vec, i: number): bigint;
  /** Element i := v mod 2^bits. */
  set(a: Vec, i: number, v: bigint): void;
  /** A vector of n elements. */
  alloc(n: number): Vec;
  /** n uniformly random elements. */
  random(n: number): Vec;
}

const ring64: Ring = {
  domain: "Z2^64",
  bits: 64,
  words: 1,
  add: r64.add,
  sub: r64.sub,
  mul: r64.mul,
  neg: r64.neg,
  groupSum(out, a, group) {
    const acc = new BigUint64Array(1);
    for (let i = 0; i < out.length; i++) {
      acc[0] = 0n;
      for (let j = i * group; j < (i + 1) * group; j++) acc[0] = acc[0]! + a[j]!;
      out[i] = acc[0]!;
    }
    return out;
  },
  floorDivide: r64.floorDivSigned,
  get: (a, i) => a[i]!,
  signed: (a, i) => BigInt.asIntN(64, a[i]!),
  set: (a, i, v) => void (a[i] = BigInt.asUintN(64, v)),
  alloc: (n) => new BigUint64Array(n),
  random: (n) => randomWords(n),
};

const BITS128 = 128;

/** Z_2^128 element by element in BigInt: slow next to Z_2^64, but only programs that ask for it pay. */
const ring128: Ring = {
  domain: "Z2^128",
  bits: BITS128,
  words: 2,
  add: (out, a, b) => each2(out, a, b, (x, y) => x + y),
  sub: (out, a, b) => each2(out, a, b, (x, y) => x - y),
  mul: (out, a, b) => each2(out, a, b, (x, y) => x * y),
  neg(out, a) {
    for (let i = 0; i < out.length / 2; i++) put(out, i, -take(a, i));
    return out;
  },
  groupSum(out, a, group) {
    for (let i = 0; i < out.length / 2; i++) {
      let acc = 0n;
      for (let j = i * group; j < (i + 1) * group; j++) acc += take(a, j);
      put(out, i, acc);
    }
    return out;
  },
  floorDivide(out, a, d) {
    for (let i = 0; i < out.length / 2; i++) {
      const x = BigInt.asIntN(BITS128, take(a, i));
      const q = x / d;
      put(out, i, x < 0n && q * d !== x ? q - 1n : q);
    }
    return out;
  },
  get: (a, i) => take(a, i),
  signed: (a, i) => BigInt.asIntN(BITS128, take(a, i)),
  set: (a, i, v) => put(a, i, v),
  alloc: (n) => new BigUint64Array(2 * n),
  random: (n) => randomWords(2 * n),
};

function take(a: Vec, i: number): bigint {
  return a[2 * i]! | (a[2 * i + 1]! << 64n);
}

function put(a: Vec, i: number, v: bigint): void {
  a[2 * i] = v; // the array keeps the low 64 bits
  a[2 * i + 1] = v >> 64n;
}

function each2(out: Vec, a: Vec, b: Vec, f: (x: bigint, y: bigint) => bigint): Vec {
  for (let i = 0; i < out.length / 2; i++) put(out, i, f(take(a, i), take(b, i)));
  return out;
}

export function ringOf(domain: Domain): Ring {
  return domain === "Z2^128" ? ring128 : ring64;
}

export const DOMAINS: readonly Domain[] = ["Z2^64", "Z2^128"];
