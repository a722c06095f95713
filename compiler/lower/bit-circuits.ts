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

/** An edaBit-masked value: c = x + r opened, and r's bits and neighbour products q_i = r_i ∧ r_(i+1), secret. */
interface Masked {
  readonly opened: number;
  readonly r: number;
  readonly q: number;
}

/** Masks x with an edaBit r and opens c = x + r; x = c − r is then a circuit on public and secret bits. */
function maskAndOpen(ir: IrBuilder, x: number, len: number, span: Span | null): Masked {
  const r = ir.gate({ op: "edabit" }, [], len, true, span);
  const rBits = ir.gate({ op: "edabitBits" }, [r], len, true, span, ir.ringBits);
  const q = ir.gate({ op: "edabitProducts" }, [r], len, true, span, ir.ringBits - 1);
  const masked = ir.gate({ op: "add" }, [x, r], len, true, span);
  const opened = ir.gate({ op: "open", to: null }, [masked], len, false, span);
  return { opened, r: rBits, q };
}

/**
 * The public bits of c + 1 and the secret bits u = ¬r: c − r = (c + 1) + ¬r in the ring, a sum
 * with no carry-in, so every position's generate and propagate bits have the same form.
 */
function addends(ir: IrBuilder, b: Bits, m: Masked, len: number, span: Span | null): { c: number; u: number } {
  const one = ir.gate({ op: "const", values: [1n] }, [], len, false, span);
  const plusOne = ir.gate({ op: "add" }, [m.opened, one], len, false, span);
  return { c: ir.gate({ op: "bits" }, [plusOne], len, false, span, ir.ringBits), u: b.not(m.r) };
}

/**
 * (G, P) of the two-position blocks {lo, lo + 1} for lo = start, start + step, … (count of them),
 * without communication: with g = c ∧ u and p = c ⊕ u, G = g_hi ⊕ p_hi·g_lo and P = p_hi·p_lo are
 * sums of public·secret terms and of u_hi·u_lo = u_hi ⊕ u_lo ⊕ ¬q_lo, whose product the edaBit brings.
 */
function pairLevel(b: Bits, c: number, u: number, q: number, start: number, step: number, count: number): { G: number; P: number } {
  const cLo = b.slice(c, start, step, count);
  const cHi = b.slice(c, start + 1, step, count);
  const uLo = b.slice(u, start, step, count);
  const uHi = b.slice(u, start + 1, step, count);
  const both = b.xor(b.xor(uHi, uLo), b.not(b.slice(q, start, step, count)));
  const cBoth = b.and(cHi, cLo);
  const P = b.xor(b.xor(b.xor(both, b.and(uLo, cHi)), b.and(uHi, cLo)), cBoth);
  const G = b.xor(b.xor(b.and(uHi, cHi), b.and(uLo, cBoth)), b.and(both, cLo));
  return { G, P };
}

/** The carry out of the top of c + u over the low `width` positions: local pairs, then a tree, ⌈log2 width⌉ − 1 AND rounds. */
function carryOut(b: Bits, c: number, u: number, q: number, width: number): number {
  if (width === 1) return b.and(b.slice(u, 0, 1, 1), b.slice(c, 0, 1, 1));
  const pairs = Math.floor(width / 2);
  let { G, P } = pairLevel(b, c, u, q, 0, 2, pairs);
  if (width % 2 === 1) {
    const cTop = b.slice(c, width - 1, 1, 1);
    const uTop = b.slice(u, width - 1, 1, 1);
    G = b.concat(G, b.and(uTop, cTop));
    P = b.concat(P, b.xor(uTop, cTop));
  }
  return carryTree(b, G, P, Math.ceil(width / 2));
}

/** The carry out of the top of `width` (generate, propagate) blocks: a tree, ⌈log2 width⌉ AND rounds. */
function carryTree(b: Bits, G: number, P: number, width: number): number {
  while (width > 1) {
    const pairs = Math.floor(width / 2);
    const gLow = b.slice(G, 0, 2, pairs);
    const gHigh = b.slice(G, 1, 2, pairs);
    const pHigh = b.slice(P, 1, 2, pairs);
    // The last level needs only the generate bit.
    if (width === 2) return b.xor(gHigh, b.and(pHigh, gLow));
    const pLow = b.slice(P, 0, 2, pairs);
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
 * The carry out of every prefix [0, i] of c + u (Kogge–Stone [Kogge and Stone, 1973]): at distance
 * d, each position combines with the one d below it; distance 1 is local (pairLevel), then one AND
 * gate per round, ⌈log2 width⌉ − 1 rounds.
 */
function prefixCarries(b: Bits, c: number, u: number, q: number, width: number): number {
  const c0 = b.slice(c, 0, 1, 1);
  const u0 = b.slice(u, 0, 1, 1);
  const pairs = pairLevel(b, c, u, q, 0, 1, width - 1);
  let G = b.concat(b.and(u0, c0), pairs.G);
  let P = b.concat(b.xor(u0, c0), pairs.P);
  for (let d = 2; d < width; d *= 2) {
    const high = width - d;
    const gHigh = b.slice(G, d, 1, high);
    const pHigh = b.slice(P, d, 1, high);
    if (2 * d >= width) return b.concat(b.slice(G, 0, 1, d), b.xor(gHigh, b.and(pHigh, b.slice(G, 0, 1, high))));
    const products = b.and(b.concat(pHigh, pHigh), b.concat(b.slice(G, 0, 1, high), b.slice(P, 0, 1, high)));
    G = b.concat(b.slice(G, 0, 1, d), b.xor(gHigh, b.slice(products, 0, 1, high)));
    P = b.concat(b.slice(P, 0, 1, d), b.slice(products, high, 1, high));
  }
  return G;
}

/** Bit `top` of c − r = (c + 1) + ¬r: its own sum bit and the carry out of the positions below. */
function differenceBit(ir: IrBuilder, b: Bits, m: Masked, top: number, len: number, span: Span | null): number {
  const { c, u } = addends(ir, b, m, len, span);
  const carry = carryOut(b, c, u, m.q, top);
  return b.xor(b.xor(b.slice(u, top, 1, 1), carry), b.slice(c, top, 1, 1));
}

/** The sign bit of each element of the secret arithmetic gate x: msb(c − r), five AND rounds. */
export function signBit(ir: IrBuilder, x: number, len: number, span: Span | null): number {
  return differenceBit(ir, new Bits(ir, len, span), maskAndOpen(ir, x, len, span), ir.ringBits - 1, len, span);
}

/**
 * The sign bit of x known to lie in [−2^(w−1), 2^(w−1)): x + 2^(w−1) is in [0, 2^w), so its bit
 * w−1 (clear exactly when x < 0) depends only on the low w bits of c and r: ⌈log2(w−1)⌉ − 1 AND rounds.
 */
export function signBitBounded(ir: IrBuilder, x: number, len: number, w: number, span: Span | null): number {
  if (w >= ir.ringBits || w < 2) return signBit(ir, x, len, span);
  const b = new Bits(ir, len, span);
  const offset = ir.gate({ op: "const", values: [1n << BigInt(w - 1)] }, [], len, false, span);
  const shifted = ir.gate({ op: "add" }, [x, offset], len, true, span);
  return b.not(differenceBit(ir, b, maskAndOpen(ir, shifted, len, span), w - 1, len, span));
}

/**
 * The low `width` bits of x (two's complement, least significant first; all of them by default):
 * c − r with every carry below position `width` — fewer AND gates for fewer bits.
 */
export function bitDecomposition(ir: IrBuilder, x: number, len: number, span: Span | null, width = ir.ringBits): number {
  const b = new Bits(ir, len, span);
  const m = maskAndOpen(ir, x, len, span);
  const { c, u } = addends(ir, b, m, len, span);
  const carries = prefixCarries(b, c, u, m.q, width - 1);
  // Bit i is c_i ⊕ u_i ⊕ the carry out of the positions below it (none below bit 0).
  const sums = b.xor(b.slice(u, 0, 1, width), b.slice(c, 0, 1, width));
  return b.concat(b.slice(sums, 0, 1, 1), b.xor(b.slice(sums, 1, 1, width - 1), carries));
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

/**
 * 1 where the secret arithmetic gate x is zero: x = 0 iff c = r, iff every bit s_i = r_i ⊕ ¬c_i is
 * set. The first level of the AND tree is local: s_hi·s_lo = q_lo ⊕ a_lo·r_hi ⊕ a_hi·r_lo ⊕ a_hi·a_lo for a = ¬c.
 */
export function isZeroBit(ir: IrBuilder, x: number, len: number, span: Span | null): number {
  const b = new Bits(ir, len, span);
  const m = maskAndOpen(ir, x, len, span);
  const a = b.not(ir.gate({ op: "bits" }, [m.opened], len, false, span, ir.ringBits));
  let width = ir.ringBits / 2;
  const [aLo, aHi] = [b.slice(a, 0, 2, width), b.slice(a, 1, 2, width)];
  const [rLo, rHi] = [b.slice(m.r, 0, 2, width), b.slice(m.r, 1, 2, width)];
  let same = b.xor(b.xor(b.xor(b.slice(m.q, 0, 2, width), b.and(rHi, aLo)), b.and(rLo, aHi)), b.and(aHi, aLo));
  for (; width > 1; width /= 2) {
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
