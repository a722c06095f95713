// Constants of the Galois ring GR(2^k, d) = Z_2^k[X]/(X^d + X + 1) as BigInt coefficients:
// evaluation points, products, inverses, Lagrange coefficients. Pure: the client SDK uses it in browsers.

/**
 * Shamir sharing needs n + 1 points whose differences are invertible: Z_2^k has only 2 (0 and 1),
 * but GR(2^k, d) has 2^d, the elements with 0/1 coefficients [Abspoel, Cramer, Damgård, Escudero,
 * Yuan, TCC 2019]. The degree is the least d with 2^d ≥ n + 1 (X^d + X + 1 is irreducible mod 2 for d = 2, 3, 4).
 */
export function shamirDegree(parties: number): number {
  for (let d = 2; d <= 4; d++) if (2 ** d >= parties + 1) return d;
  throw new Error(`Shamir sharing is built for at most 15 parties, not ${parties}`);
}

/** A constant of the ring as its d coefficients (BigInt, reduced mod 2^k). */
export type Element = bigint[];

export class GaloisConstants {
  readonly d: number;
  private readonly mask: bigint;

  constructor(
    readonly bits: number,
    parties: number,
  ) {
    this.d = shamirDegree(parties);
    this.mask = (1n << BigInt(bits)) - 1n;
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
    for (let done = 1; done < this.bits; done *= 2) y = this.mul(y, this.sub(this.constant(2n), this.mul(a, y)));
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
}

/** X^d = −X − 1: folds coefficients of degree ≥ d back, from the top. */
function reduce(wide: bigint[], d: number): bigint[] {
  for (let k = wide.length - 1; k >= d; k--) {
    wide[k - d + 1]! -= wide[k]!;
    wide[k - d]! -= wide[k]!;
  }
  return wide.slice(0, d);
}

/** A constant of GR(2^k, d) reduced mod 2: the same constant in GF(2^d), as bits of a number. */
export function modTwo(c: Element): number {
  return c.reduce((acc, x, j) => acc | (Number(x & 1n) << j), 0);
}
