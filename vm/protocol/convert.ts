// Conversions between XOR-shared bits and additive shares. A bit becomes an arithmetic 0/1 with
// a daBit (b shared both ways) [Rotaru and Wood, INDOCRYPT 2019]: open e = x ⊕ b, then x = e + b − 2eb.
// The local steps act on one component of a share; `first` marks the component that takes public terms.

import { toBitSliced, wordsPerPosition } from "../domain/bits.js";
import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";

/**
 * This party's XOR share of x ⊕ b for `len` elements of bit-sliced x: daBit number p·len + j
 * masks bit position p of element j.
 */
export function maskBits(x: Vec, bXor: Vec, len: number): Vec {
  const W = wordsPerPosition(len);
  const out = new BigUint64Array(x.length);
  for (let p = 0; p * W < x.length; p++) {
    const b = toBitSliced(bXor.subarray(p * len, (p + 1) * len), 1);
    for (let w = 0; w < W; w++) out[p * W + w] = x[p * W + w]! ^ b[w]!;
  }
  return out;
}

/** This party's additive share of each bit (position-major, as masked), from e = x ⊕ b and its share of b. */
export function bitsToArithmetic(ring: Ring, first: boolean, opened: Vec, bArith: Vec, len: number): Vec {
  const W = wordsPerPosition(len);
  if (ring.words === 1) return bitsToArithmetic64(first, opened, bArith, len, W);
  const count = bArith.length / ring.words;
  const out = ring.alloc(count);
  for (let i = 0; i < count; i++) {
    const p = Math.floor(i / len);
    const j = i - p * len;
    const e = (opened[p * W + (j >> 6)]! >> BigInt(j & 63)) & 1n;
    const b = ring.get(bArith, i);
    // x = e + b − 2eb: with e = 1 that is 1 − b, with e = 0 it is b.
    ring.set(out, i, e === 1n ? (first ? 1n : 0n) - b : b);
  }
  return out;
}

/**
 * The same in Z_2^64 on 32-bit halves: e read without a BigInt shift per bit, and 1 − b or −b
 * computed with a borrow, since BigInt subtraction results are boxed.
 */
function bitsToArithmetic64(first: boolean, opened: Vec, bArith: Vec, len: number, W: number): Vec {
  const out = new BigUint64Array(bArith.length);
  const out32 = new Uint32Array(out.buffer);
  const b32 = new Uint32Array(bArith.buffer, bArith.byteOffset, bArith.length * 2);
  const e32 = new Uint32Array(opened.buffer, opened.byteOffset, opened.length * 2);
  const one = first ? 1 : 0;
  for (let p = 0, i = 0; i < out.length; p++) {
    const base = 2 * p * W;
    for (let j = 0; j < len; j++, i++) {
      const lo = b32[2 * i]!;
      const hi = b32[2 * i + 1]!;
      if (((e32[base + (j >> 5)]! >>> (j & 31)) & 1) === 0) {
        out32[2 * i] = lo;
        out32[2 * i + 1] = hi;
      } else {
        out32[2 * i] = (one - lo) >>> 0;
        out32[2 * i + 1] = (0 - hi - (lo > one ? 1 : 0)) >>> 0;
      }
    }
  }
  return out;
}
