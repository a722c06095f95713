// Boolean circuits on bit-sliced secret bits, built from edaBits [Escudero, Ghosh, Keller,
// Rachuri, Scholl, CRYPTO 2020]: the sign bit of a shared value and a zero test, each log-depth.

import type { Span } from "../diagnostics/source.js";
import type { IrBuilder } from "../ir/builder.js";

const BITS = 64;

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
  const r = ir.gate({ op: "edabit" }, [], len, true, span);
  const rBits = ir.gate({ op: "edabitBits" }, [r], len, true, span, BITS);
  const masked = ir.gate({ op: "add" }, [x, r], len, true, span);
  const opened = ir.gate({ op: "open", to: null }, [masked], len, false, span);
  const c = ir.gate({ op: "bits" }, [opened], len, false, span, BITS);
  return { c, r: rBits };
}

/**
 * The sign bit of each element of the secret arithmetic gate x: msb(c − r) = msb(c + ¬r + 1).
 * The carry into bit 63 comes from a tree of (generate, propagate) pairs: six AND rounds.
 */
export function signBit(ir: IrBuilder, x: number, len: number, span: Span | null): number {
  const b = new Bits(ir, len, span);
  const { c, r } = maskAndOpen(ir, x, len, span);
  const notR = b.not(r);
  const g = b.and(c, notR); // c is public: a local AND
  const p = b.xor(c, notR);
  // Fold the carry-in of 1 into position 0: its carry-out is g0 ∨ p0 = g0 ⊕ p0 (they exclude each other).
  const g0 = b.xor(b.slice(g, 0, 1, 1), b.slice(p, 0, 1, 1));
  let G = b.concat(g0, b.slice(g, 1, 1, BITS - 2));
  let P = b.slice(p, 0, 1, BITS - 1);
  let width = BITS - 1;
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
  return b.xor(b.slice(p, BITS - 1, 1, 1), G);
}

/** 1 where the secret arithmetic gate x is zero: x = 0 iff c = r, iff every bit of ¬(c ⊕ r) is set. */
export function isZeroBit(ir: IrBuilder, x: number, len: number, span: Span | null): number {
  const b = new Bits(ir, len, span);
  const { c, r } = maskAndOpen(ir, x, len, span);
  let same = b.not(b.xor(c, r));
  for (let width = BITS; width > 1; width /= 2) {
    same = b.and(b.slice(same, 0, 2, width / 2), b.slice(same, 1, 2, width / 2));
  }
  return same;
}

/** a ⊕ b, a ∧ b and ¬a on single-bit gates, for combining comparison results. */
export function bitOps(ir: IrBuilder, len: number, span: Span | null): Pick<Bits, "xor" | "and" | "not"> {
  return new Bits(ir, len, span);
}

/** A secret bit as an arithmetic 0/1 (one round with a daBit). */
export function bitToArithmetic(ir: IrBuilder, bit: number, len: number, span: Span | null): number {
  return ir.gate({ op: "b2a" }, [bit], len, true, span);
}
