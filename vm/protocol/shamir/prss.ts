// Pseudo-random secret sharing [Cramer, Damgård, Ishai, TCC 2005]: one key per set of n − t
// parties; from the keys, with no message, random degree-t sharings and degree-2t sharings of zero.

import { Prg } from "../../domain/prg.js";
import type { Vec } from "../../domain/ring64.js";
import { type Element, type GaloisRing, gf2AddScaled, modTwo, scaleAdd } from "./galois.js";

/** Every subset of {0…n−1} with `size` members, in lexicographic order. */
export function subsets(n: number, size: number): number[][] {
  const out: number[][] = [];
  const walk = (start: number, chosen: number[]): void => {
    if (chosen.length === size) return void out.push(chosen);
    for (let p = start; p < n; p++) walk(p + 1, [...chosen, p]);
  };
  walk(0, []);
  return out;
}

interface KeyedSet {
  readonly prg: Prg;
  /** f_A(α_i): the degree-t polynomial that is 1 at 0 and 0 at every party outside A, at this party's point. */
  readonly weight: Element;
  /** α_i^j·f_A(α_i) for j = 1…t: the weights of a degree-2t sharing of zero. */
  readonly zeroWeights: readonly Element[];
}

export class Prss {
  private readonly sets: KeyedSet[];

  /** `keys` gives the key of each set of n − t parties that holds this party, in the order of `subsets`. */
  constructor(
    private readonly gr: GaloisRing,
    party: number,
    parties: number,
    threshold: number,
    keys: (set: readonly number[]) => Uint8Array,
  ) {
    const alpha = gr.point(party);
    this.sets = subsets(parties, parties - threshold)
      .filter((set) => set.includes(party))
      .map((set) => {
        let weight = gr.constant(1n);
        for (let j = 0; j < parties; j++) {
          if (set.includes(j)) continue;
          const pj = gr.point(j);
          weight = gr.mul(weight, gr.mul(gr.sub(alpha, pj), gr.inverse(gr.sub(gr.constant(0n), pj))));
        }
        const zeroWeights = Array.from({ length: threshold }, (_, j) => gr.mul(gr.power(alpha, j + 1), weight));
        return { prg: new Prg(keys(set)), weight, zeroWeights };
      });
  }

  /** This party's share of `count` uniformly random elements of the base ring Z_2^k (degree t). */
  random(count: number): Vec {
    const { ring, d } = this.gr;
    const size = count * ring.words;
    const out = new BigUint64Array(d * size);
    for (const s of this.sets) {
      const r = s.prg.words(size);
      for (let j = 0; j < d; j++) if (s.weight[j] !== 0n) scaleAdd(ring, out.subarray(j * size, (j + 1) * size), r, s.weight[j]!);
    }
    return out;
  }

  /** This party's share of `count` zeros, a uniformly random sharing of degree 2t. */
  zero2t(count: number): Vec {
    const { ring, d } = this.gr;
    const out = new BigUint64Array(d * count * ring.words);
    for (const s of this.sets) for (const w of s.zeroWeights) this.gr.addScaled(out, s.prg.words(out.length), w);
    return out;
  }

  /** The same for bits: a random shared bit in each bit of `words` words (GF(2) values, degree t). */
  randomBits(words: number): Vec {
    const { d } = this.gr;
    const out = new BigUint64Array(d * words);
    for (const s of this.sets) {
      const r = s.prg.words(words);
      const c = modTwo(s.weight);
      for (let j = 0; j < d; j++) if ((c >> j) & 1) for (let w = 0; w < words; w++) out[j * words + w] = out[j * words + w]! ^ r[w]!;
    }
    return out;
  }

  /** Zero in every bit, a uniformly random sharing of degree 2t over GF(2^d). */
  zeroBits2t(words: number): Vec {
    const { d } = this.gr;
    const out = new BigUint64Array(d * words);
    for (const s of this.sets) for (const w of s.zeroWeights) gf2AddScaled(out, s.prg.words(out.length), modTwo(w), d);
    return out;
  }
}
