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

/**
 * Transposes a 64×64 bit matrix in place: `m` holds 64 rows as (low, high) 32-bit halves, bit i of
 * row r becomes bit r of row i. Recursive block swaps, halving the block each step
 * [Warren, Hacker's Delight, §7-3], on 32-bit halves so no BigInt is involved.
 */
export function transpose64(m: Uint32Array): void {
  // Step j = 32: the high halves of rows 0..31 trade places with the low halves of rows 32..63.
  for (let k = 0; k < 32; k++) {
    const t = m[2 * k + 1]! ^ m[2 * (k + 32)]!;
    m[2 * k + 1] = m[2 * k + 1]! ^ t;
    m[2 * (k + 32)] = m[2 * (k + 32)]! ^ t;
  }
  let mask = 0x0000ffff;
  for (let j = 16; j > 0; j >>= 1, mask ^= mask << j) {
    for (let k = 0; k < 64; k = ((k | j) + 1) & ~j) {
      for (let half = 0; half < 2; half++) {
        const a = 2 * k + half;
        const b = 2 * (k | j) + half;
        const t = ((m[a]! >>> j) ^ m[b]!) & mask;
        m[a] = m[a]! ^ (t << j);
        m[b] = m[b]! ^ t;
      }
    }
  }
}

/** Bit-slices the low `width` bits of every value (of `words` 64-bit words each, low word first). */
export function toBitSliced(values: Vec, width: number, words = 1): Vec {
  if (width === 1) return lowBits(values, words);
  const len = values.length / words;
  const W = wordsPerPosition(len);
  const out = new BigUint64Array(width * W);
  const out32 = new Uint32Array(out.buffer);
  const in32 = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const block = new Uint32Array(128);
  for (let w = 0; w < W; w++) {
    const count = Math.min(64, len - 64 * w);
    for (let part = 0; part * 64 < width; part++) {
      block.fill(0);
      for (let e = 0; e < count; e++) {
        const source = 2 * ((64 * w + e) * words + part);
        block[2 * e] = in32[source]!;
        block[2 * e + 1] = in32[source + 1]!;
      }
      transpose64(block);
      for (let p = part * 64; p < Math.min(width, part * 64 + 64); p++) {
        const row = p - part * 64;
        out32[2 * (p * W + w)] = block[2 * row]!;
        out32[2 * (p * W + w) + 1] = block[2 * row + 1]!;
      }
    }
  }
  return out;
}

/** Bit 0 of every value, packed: a daBit's XOR half needs no transpose. */
function lowBits(values: Vec, words: number): Vec {
  const len = values.length / words;
  const out = new BigUint64Array(wordsPerPosition(len));
  const out32 = new Uint32Array(out.buffer);
  const in32 = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const stride = 2 * words;
  for (let j = 0; j < len; j++) out32[j >>> 5] = out32[j >>> 5]! | ((in32[j * stride]! & 1) << (j & 31));
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
  // On 32-bit halves: ~ of a BigInt is a negative BigInt, which V8 boxes before the store wraps it.
  const out32 = new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
  const a32 = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  for (let i = 0; i < out32.length; i++) out32[i] = ~a32[i]!;
  const mask = lastWordMask(len);
  for (let last = W - 1; last < out.length; last += W) out[last] = out[last]! & mask;
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
