// Boolean circuits on bit-sliced secret bits, built from edaBits [Escudero, Ghosh, Keller,
// Rachuri, Scholl, CRYPTO 2020]: sign bits, zero tests, bit decomposition, highest set bit; all log-depth.

import type { Span } from "../diagnostics/source.js";
import type { IrBuilder } from "../ir/builder.js";

/** Gate-building helpers for bit-sliced values of `len` elements. */
class Bits {
  constructor(
    private readonly ir: IrBuilder,
    private readonly len: number,
    private readonly span: Span | null,
  ) {}

  width(g: number): number {
    return this.ir.get(g).width;
  }

  secret(g: number): boolean {
    return this.ir.get(g).secret;
  }

  slice(g: number, start: number, step: number, width: number): number {
    return this.ir.gate({ op: "bslice", start, step }, [g], this.len, this.secret(g), this.span, width);
  }

  concat(a: number, b: number): number {
    return this.ir.gate({ op: "bconcat" }, [a, b], this.len, this.secret(a) || this.secret(b), this.span, this.width(a) + this.width(b));
  }

  xor(a: number, b: number): number {
    return this.ir.gate({ op: "bxor" }, [a, b], this.len, this.secret(a) || this.secret(b), this.span, this.width(a));
  }

  and(a: number, b: number): number {
    return this.ir.gate({ op: "band" }, [a, b], this.len, this.secret(a) || this.secret(b), this.span, this.width(a));
  }

  not(a: number): number {
    return this.ir.gate({ op: "bnot" }, [a], this.len, this.secret(a), this.span, this.width(a));
  }
}

/**
 * Masks x with an edaBit r and opens c = x + r; then x = c − r, whose bits are computed from the
 * public bits of c and the shared bits of r. Returns the bits of c (public) and of r (secret).
 */
function maskAndOpen(ir: IrBuilder, x: number, len: number, span: Span | null): { c: number; r: number } {
  const BITS = ir.ringBits;
  const r = ir.gate({ op: "edabit" }, [], len, true, span);
  const rBits = ir.gate({ op: "edabitBits" }, [r], len, true, span, BITS);
  const masked = ir.gate({ op: "add" }, [x, r], len, true, span);
  const opened = ir.gate({ op: "open", to: null }, [masked], len, false, span);
  const c = ir.gate({ op: "bits" }, [opened], len, false, span, BITS);
  return { c, r: rBits };
}

/**
 * Generate and propagate bits of c + ¬r + 1 (that is, c − r) over the low `width` positions, with
 * the carry-in of 1 folded into position 0: its carry-out is g0 ∨ p0 = g0 ⊕ p0 (they exclude each other).
 */
function subtraction(b: Bits, c: number, r: number, width: number): { g: number; p: number } {
  const notR = b.not(b.slice(r, 0, 1, width));
  const cLow = b.slice(c, 0, 1, width);
  const g = b.and(cLow, notR); // c is public: a local AND
  const p = b.xor(cLow, notR);
  const g0 = b.xor(b.slice(g, 0, 1, 1), b.slice(p, 0, 1, 1));
  return { g: width === 1 ? g0 : b.concat(g0, b.slice(g, 1, 1, width - 1)), p };
}

/** The carry out of the top of `width` (generate, propagate) positions: a tree, ⌈log2 width⌉ AND rounds. */
function carryOut(b: Bits, G: number, P: number, width: number): number {
  while (width > 1) {
    const pairs = Math.floor(width / 2);
    const gLow = b.slice(G, 0, 2, pairs);
    const gHigh = b.slice(G, 1, 2, pairs);
    const pLow = b.slice(P, 0, 2, pairs);
    const pHigh = b.slice(P, 1, 2, pairs);
    // One AND gate for both products of the level: (pHigh ∧ gLow, pHigh ∧ pLow).
    const products = b.and(b.concat(pHigh, pHigh), b.concat(gLow, pLow));
    let nextG = b.xor(gHigh, b.slice(products, 0, 1, pairs));
    let nextP = b.slice(products, pairs, 1, pairs);
    if (width % 2 === 1) {
      nextG = b.concat(nextG, b.slice(G, width - 1, 1, 1));
      nextP = b.concat(nextP, b.slice(P, width - 1, 1, 1));
    }
    G = nextG;
    P = nextP;
    width = Math.ceil(width / 2);
  }
  return G;
}

/**
 * The carry out of every prefix [0, i] (Kogge–Stone [Kogge and Stone, 1973]): at distance d, each
 * position combines with the one d below it. ⌈log2 width⌉ AND rounds, one AND gate per round.
 */
function prefixCarries(b: Bits, G: number, P: number, width: number): number {
  for (let d = 1; d < width; d *= 2) {
    const high = width - d;
    const gHigh = b.slice(G, d, 1, high);
    const pHigh = b.slice(P, d, 1, high);
    const products = b.and(b.concat(pHigh, pHigh), b.concat(b.slice(G, 0, 1, high), b.slice(P, 0, 1, high)));
    G = b.concat(b.slice(G, 0, 1, d), b.xor(gHigh, b.slice(products, 0, 1, high)));
    P = b.concat(b.slice(P, 0, 1, d), b.slice(products, high, 1, high));
  }
  return G;
}

/** The sign bit of each element of the secret arithmetic gate x: msb(c − r), six AND rounds. */
export function signBit(ir: IrBuilder, x: number, len: number, span: Span | null): number {
  const BITS = ir.ringBits;
  const b = new Bits(ir, len, span);
  const { c, r } = maskAndOpen(ir, x, len, span);
  const { g, p } = subtraction(b, c, r, BITS);
  const carry = carryOut(b, b.slice(g, 0, 1, BITS - 1), b.slice(p, 0, 1, BITS - 1), BITS - 1);
  return b.xor(b.slice(p, BITS - 1, 1, 1), carry);
}

/**
 * The sign bit of x known to lie in [−2^(w−1), 2^(w−1)): x + 2^(w−1) is in [0, 2^w), so its bit
 * w−1 (clear exactly when x < 0) depends only on the low w bits of c and r: ⌈log2(w−1)⌉ AND rounds.
 */
export function signBitBounded(ir: IrBuilder, x: number, len: number, w: number, span: Span | null): number {
  if (w >= ir.ringBits || w < 2) return signBit(ir, x, len, span);
  const b = new Bits(ir, len, span);
  const offset = ir.gate({ op: "const", values: [1n << BigInt(w - 1)] }, [], len, false, span);
  const shifted = ir.gate({ op: "add" }, [x, offset], len, true, span);
  const { c, r } = maskAndOpen(ir, shifted, len, span);
  const { g, p } = subtraction(b, c, r, w);
  const carry = carryOut(b, b.slice(g, 0, 1, w - 1), b.slice(p, 0, 1, w - 1), w - 1);
  return b.not(b.xor(b.slice(p, w - 1, 1, 1), carry));
}

/** All bits of x (two's complement, least significant first): c − r with every carry. */
export function bitDecomposition(ir: IrBuilder, x: number, len: number, span: Span | null): number {
  const BITS = ir.ringBits;
  const b = new Bits(ir, len, span);
  const { c, r } = maskAndOpen(ir, x, len, span);
  const { g, p } = subtraction(b, c, r, BITS);
  const carries = prefixCarries(b, g, p, BITS);
  // Bit 0 is p0 ⊕ 1 (the carry-in); bit i is p_i ⊕ the carry out of positions below it.
  return b.concat(b.not(b.slice(p, 0, 1, 1)), b.xor(b.slice(p, 1, 1, BITS - 1), b.slice(carries, 0, 1, BITS - 1)));
}

/** For each position i of `bits`, whether any position at or above i is set: a prefix OR from the top. */
export function suffixOr(ir: IrBuilder, bits: number, len: number, span: Span | null): number {
  const b = new Bits(ir, len, span);
  const width = b.width(bits);
  // OR through AND: ¬(¬a ∧ ¬b); position i absorbs position i + d at distance d.
  let none = b.not(bits);
  for (let d = 1; d < width; d *= 2) {
    const low = width - d;
    const combined = b.and(b.slice(none, 0, 1, low), b.slice(none, d, 1, low));
    none = b.concat(combined, b.slice(none, low, 1, d));
  }
  return b.not(none);
}

/** The highest set position of each element, as a one-hot bit vector: o_i ⊕ o_(i+1) of the suffix OR. */
export function highestBit(ir: IrBuilder, bits: number, len: number, span: Span | null): number {
  const b = new Bits(ir, len, span);
  const width = b.width(bits);
  const any = suffixOr(ir, bits, len, span);
  const zero = b.slice(b.xor(any, any), 0, 1, 1); // a shared 0: any value XOR itself
  const above = b.concat(b.slice(any, 1, 1, width - 1), zero);
  return b.xor(any, above);
}

/** 1 where the secret arithmetic gate x is zero: x = 0 iff c = r, iff every bit of ¬(c ⊕ r) is set. */
export function isZeroBit(ir: IrBuilder, x: number, len: number, span: Span | null): number {
  const b = new Bits(ir, len, span);
  const { c, r } = maskAndOpen(ir, x, len, span);
  let same = b.not(b.xor(c, r));
  for (let width = ir.ringBits; width > 1; width /= 2) {
    same = b.and(b.slice(same, 0, 2, width / 2), b.slice(same, 1, 2, width / 2));
  }
  return same;
}

/** a ⊕ b, a ∧ b and ¬a on single-bit gates, for combining comparison results. */
export function bitOps(ir: IrBuilder, len: number, span: Span | null): Pick<Bits, "xor" | "and" | "not"> {
  return new Bits(ir, len, span);
}

/** Secret bits as arithmetic 0/1 values, position by position (one round, a daBit per bit). */
export function bitToArithmetic(ir: IrBuilder, bits: number, len: number, span: Span | null): number {
  return ir.gate({ op: "b2a" }, [bits], len * ir.get(bits).width, true, span);
}
