// Bit-sliced vectors: `width` bit positions of `len` elements, position p stored in words
// [p·W, (p+1)·W) with W = ⌈len/64⌉, element j in bit j mod 64 of word ⌊j/64⌋. Padding bits stay 0.

import type { Vec } from "./ring64.js";

export function wordsPerPosition(len: number): number {
  return Math.ceil(len / 64);
}

export function bitStorage(len: number, width: number): number {
  return width * wordsPerPosition(len);
}

/** The mask of valid bits in the last word of a position (all ones when len is a multiple of 64). */
export function lastWordMask(len: number): bigint {
  const rest = len % 64;
  return rest === 0 ? (1n << 64n) - 1n : (1n << BigInt(rest)) - 1n;
}

/** Bit-slices the low `width` bits of every value (of `words` 64-bit words each, low word first). */
export function toBitSliced(values: Vec, width: number, words = 1): Vec {
  const len = values.length / words;
  const W = wordsPerPosition(len);
  const out = new BigUint64Array(width * W);
  for (let j = 0; j < len; j++) {
    const word = j >> 6;
    const bit = 1n << BigInt(j & 63);
    for (let p = 0; p < width; p++) {
      const v = values[j * words + (p >> 6)]!;
      if ((v >> BigInt(p & 63)) & 1n) out[p * W + word] = out[p * W + word]! | bit;
    }
  }
  return out;
}

/** The inverse of toBitSliced: each element's bits as an integer. */
export function fromBitSliced(bits: Vec, len: number, width: number): Vec {
  const W = wordsPerPosition(len);
  const out = new BigUint64Array(len);
  for (let p = 0; p < width; p++) {
    for (let j = 0; j < len; j++) {
      if ((bits[p * W + (j >> 6)]! >> BigInt(j & 63)) & 1n) out[j] = out[j]! | (1n << BigInt(p));
    }
  }
  return out;
}

export function xor(out: Vec, a: Vec, b: Vec): Vec {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

export function and(out: Vec, a: Vec, b: Vec): Vec {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

/** Flips every valid bit, leaving the padding of each position's last word at zero. */
export function not(out: Vec, a: Vec, len: number): Vec {
  const W = wordsPerPosition(len);
  const mask = lastWordMask(len);
  for (let i = 0; i < out.length; i++) out[i] = ~a[i]! & ((i % W) === W - 1 ? mask : (1n << 64n) - 1n);
  return out;
}

/** Positions start, start+step, … of `a` (as many as `out` holds). */
export function slicePositions(out: Vec, a: Vec, len: number, start: number, step: number): Vec {
  const W = wordsPerPosition(len);
  const width = out.length / W;
  for (let p = 0; p < width; p++) {
    const from = (start + p * step) * W;
    out.set(a.subarray(from, from + W), p * W);
  }
  return out;
}
