// Conversions between XOR-shared bits and additive shares. A bit becomes an arithmetic 0/1 with
// a daBit (b shared both ways) [Rotaru and Wood, INDOCRYPT 2019]: open e = x ⊕ b, then x = e + b − 2eb.

import { toBitSliced } from "../domain/bits.js";
import type { Vec } from "../domain/ring64.js";

/** This party's XOR share of x ⊕ b, bit-sliced like x (one bit position). */
export function maskBits(x: Vec, bXor: Vec): Vec {
  const b = toBitSliced(bXor, 1);
  const out = new BigUint64Array(x.length);
  for (let i = 0; i < out.length; i++) out[i] = x[i]! ^ b[i]!;
  return out;
}

/** This party's additive share of each bit x_j, from the opened e = x ⊕ b and its share of b. */
export function bitsToArithmetic(party: number, opened: Vec, bArith: Vec): Vec {
  const out = new BigUint64Array(bArith.length);
  for (let j = 0; j < out.length; j++) {
    const e = (opened[j >> 6]! >> BigInt(j & 63)) & 1n;
    const b = bArith[j]!;
    // x = e + b − 2eb: with e = 1 that is 1 − b, with e = 0 it is b.
    out[j] = e === 1n ? (party === 0 ? 1n : 0n) - b : b;
  }
  return out;
}
