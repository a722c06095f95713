// The Galois ring GR(2^k, d) = Z_2^k[X]/(X^d + X + 1) that Shamir shares live in, on vectors stored
// coefficient by coefficient, and its constants: evaluation points, inverses, Lagrange coefficients.

import type { Ring } from "../../domain/ring.js";
import type { Vec } from "../../domain/ring64.js";

/**
 * Shamir sharing needs n + 1 points whose differences are invertible: Z_2^k has only 2 (0 and 1),
 * but GR(2^k, d) has 2^d, the elements with 0/1 coefficients [Abspoel, Cramer, Damgård, Escudero,
 * Yuan, TCC 2019]. The degree is the least d with 2^d ≥ n + 1 (X^d + X + 1 is irreducible mod 2 for d = 2, 3, 4).
 */
export function shamirDegree(parties: number): number {
  for (let d = 2; d <= 4; d++) if (2 ** d >= parties + 1) return d;
  throw new Error(`Shamir sharing is built for at most 15 parties, not ${parties}`);
}

export const MAX_SHAMIR_PARTIES = 15;

/** A constant of the ring as its d coefficients (BigInt, reduced mod 2^k). */
export type Element = bigint[];

export class GaloisRing {
  readonly d: number;
  private readonly mask: bigint;

  constructor(
    readonly ring: Ring,
    parties: number,
  ) {
    this.d = shamirDegree(parties);
    this.mask = (1n << BigInt(ring.bits)) - 1n;
  }

  /** Party i's evaluation point: the element whose coefficients are the bits of i + 1. */
  point(party: number): Element {
    return Array.from({ length: this.d }, (_, j) => BigInt(((party + 1) >> j) & 1));
  }

  constant(c: bigint): Element {
    return [c & this.mask, ...new Array<bigint>(this.d - 1).fill(0n)];
  }

  add(a: Element, b: Element): Element {
    return a.map((x, j) => (x + b[j]!) & this.mask);
  }

  sub(a: Element, b: Element): Element {
    return a.map((x, j) => (x - b[j]!) & this.mask);
  }

  mul(a: Element, b: Element): Element {
    const wide = new Array<bigint>(2 * this.d - 1).fill(0n);
    for (let i = 0; i < this.d; i++) for (let j = 0; j < this.d; j++) wide[i + j]! += a[i]! * b[j]!;
    return reduce(wide, this.d).map((x) => x & this.mask);
  }

  /**
   * The inverse of a unit: its inverse mod 2 (in GF(2^d), by exhaustive search over 2^d − 1
   * elements), lifted by Newton's iteration y := y·(2 − x·y), which doubles the correct bits each step.
   */
  inverse(a: Element): Element {
    let y: Element | null = null;
    for (let v = 1; v < 2 ** this.d && y === null; v++) {
      const candidate = Array.from({ length: this.d }, (_, j) => BigInt((v >> j) & 1));
      if (this.mul(a, candidate).every((x, j) => (x & 1n) === (j === 0 ? 1n : 0n))) y = candidate;
    }
    if (y === null) throw new Error("not a unit of the Galois ring");
    for (let bits = 1; bits < this.ring.bits; bits *= 2) y = this.mul(y, this.sub(this.constant(2n), this.mul(a, y)));
    return y;
  }

  /** λ_i with Σ λ_i·f(α_i) = f(0) for every f of degree < |parties|. */
  lagrangeAtZero(parties: readonly number[]): Element[] {
    return parties.map((i) => {
      let num = this.constant(1n);
      let den = this.constant(1n);
      for (const j of parties) {
        if (j === i) continue;
        num = this.mul(num, this.sub(this.constant(0n), this.point(j)));
        den = this.mul(den, this.sub(this.point(i), this.point(j)));
      }
      return this.mul(num, this.inverse(den));
    });
  }

  /** α^e. */
  power(a: Element, e: number): Element {
    let out = this.constant(1n);
    for (let i = 0; i < e; i++) out = this.mul(out, a);
    return out;
  }

  // ---- vectors: `count` elements, coefficient j of all of them in words [j·count·w, (j+1)·count·w)

  /** out := a·b element by element. `out` must not be a or b. */
  mulVec(out: Vec, a: Vec, b: Vec): Vec {
    const d = this.d;
    const size = out.length / d;
    const wide = Array.from({ length: 2 * d - 1 }, () => new BigUint64Array(size));
    const t = new BigUint64Array(size);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        this.ring.mul(t, a.subarray(i * size, (i + 1) * size), b.subarray(j * size, (j + 1) * size));
        this.ring.add(wide[i + j]!, wide[i + j]!, t);
      }
    }
    reduceVec(this.ring, wide, d);
    for (let j = 0; j < d; j++) out.set(wide[j]!, j * size);
    return out;
  }

  /** out += a·c for a constant c (out may not be a). */
  addScaled(out: Vec, a: Vec, c: Element): Vec {
    const d = this.d;
    const size = out.length / d;
    const wide = Array.from({ length: 2 * d - 1 }, () => new BigUint64Array(size));
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (c[j] !== 0n) scaleAdd(this.ring, wide[i + j]!, a.subarray(i * size, (i + 1) * size), c[j]!);
    reduceVec(this.ring, wide, d);
    for (let j = 0; j < d; j++) this.ring.add(out.subarray(j * size, (j + 1) * size), out.subarray(j * size, (j + 1) * size), wide[j]!);
    return out;
  }
}

/** X^d = −X − 1: folds coefficients of degree ≥ d back, from the top. */
function reduce(wide: bigint[], d: number): bigint[] {
  for (let k = wide.length - 1; k >= d; k--) {
    wide[k - d + 1]! -= wide[k]!;
    wide[k - d]! -= wide[k]!;
  }
  return wide.slice(0, d);
}

function reduceVec(ring: Ring, wide: Vec[], d: number): void {
  for (let k = wide.length - 1; k >= d; k--) {
    ring.sub(wide[k - d + 1]!, wide[k - d + 1]!, wide[k]!);
    ring.sub(wide[k - d]!, wide[k - d]!, wide[k]!);
  }
}

/** out += a·c for a public scalar c of the ring. */
export function scaleAdd(ring: Ring, out: Vec, a: Vec, c: bigint): void {
  if (ring.words === 1) {
    // The scalar in a typed array: V8 keeps the loop's BigInt arithmetic unboxed (not for a BigInt parameter).
    const k = BigUint64Array.of(BigInt.asUintN(64, c));
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + a[i]! * k[0]!;
    return;
  }
  const n = out.length / ring.words;
  for (let i = 0; i < n; i++) ring.set(out, i, ring.get(out, i) + ring.get(a, i) * c);
}

// ---- GF(2^d) = GF(2)[X]/(X^d + X + 1) on bit-sliced words: the ring for shared bits

/** out := a·b, each of d bit-planes of `words` words. */
export function gf2MulVec(out: Vec, a: Vec, b: Vec, d: number): Vec {
  const words = out.length / d;
  const wide = Array.from({ length: 2 * d - 1 }, () => new BigUint64Array(words));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const w = wide[i + j]!;
      const ai = i * words;
      const bj = j * words;
      for (let t = 0; t < words; t++) w[t] = w[t]! ^ (a[ai + t]! & b[bj + t]!);
    }
  }
  gf2Reduce(wide, d);
  for (let j = 0; j < d; j++) out.set(wide[j]!, j * words);
  return out;
}

/** out ^= a·c for a constant c of GF(2^d) (its bits as a number). */
export function gf2AddScaled(out: Vec, a: Vec, c: number, d: number): Vec {
  const words = out.length / d;
  const wide = Array.from({ length: 2 * d - 1 }, () => new BigUint64Array(words));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      if (((c >> j) & 1) === 0) continue;
      const w = wide[i + j]!;
      for (let t = 0; t < words; t++) w[t] = w[t]! ^ a[i * words + t]!;
    }
  }
  gf2Reduce(wide, d);
  for (let j = 0; j < d; j++) for (let t = 0; t < words; t++) out[j * words + t] = out[j * words + t]! ^ wide[j]![t]!;
  return out;
}

function gf2Reduce(wide: Vec[], d: number): void {
  for (let k = wide.length - 1; k >= d; k--) {
    const top = wide[k]!;
    const a = wide[k - d + 1]!;
    const b = wide[k - d]!;
    for (let t = 0; t < top.length; t++) {
      a[t] = a[t]! ^ top[t]!;
      b[t] = b[t]! ^ top[t]!;
    }
  }
}

/** A constant of GR(2^k, d) reduced mod 2: the same constant in GF(2^d), as bits of a number. */
export function modTwo(c: Element): number {
  return c.reduce((acc, x, j) => acc | (Number(x & 1n) << j), 0);
}
