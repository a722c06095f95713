// The kinds of preprocessed material: what one item is, its words, how each word is shared
// (additively or by XOR), and how the dealer makes it in the clear. Header, dealer, store and VM read this.

import { MASK63, type Vec } from "../domain/ring64.js";
import { randomWords } from "../domain/random.js";

export type Sharing = "additive" | "xor";

export interface PrepKindInfo {
  /** How each word of an item is shared among the parties. */
  readonly sharing: readonly Sharing[];
  readonly meaning: string;
  /** Makes `count` items in the clear, one array per word. */
  generate(count: number, param: bigint | null): Vec[];
}

export const PREP_KINDS = {
  triple: {
    sharing: ["additive", "additive", "additive"],
    meaning: "Beaver triple (a, b, c = a·b) for one multiplication",
    generate(count) {
      const a = randomWords(count);
      const b = randomWords(count);
      const c = new BigUint64Array(count);
      for (let i = 0; i < count; i++) c[i] = a[i]! * b[i]!;
      return [a, b, c];
    },
  },
  divmask: {
    sharing: ["additive", "additive", "additive"],
    meaning: "mask for division by a public d: (r mod 2^63, the top bit of r, ⌊(r mod 2^63) / d⌋)",
    generate(count, param) {
      const d = param!;
      const r = randomWords(count);
      const low = new BigUint64Array(count);
      const top = new BigUint64Array(count);
      const quotient = new BigUint64Array(count);
      for (let i = 0; i < count; i++) {
        low[i] = r[i]! & MASK63;
        top[i] = r[i]! >> 63n;
        quotient[i] = low[i]! / d;
      }
      return [low, top, quotient];
    },
  },
  edabit: {
    sharing: ["additive", "xor"],
    meaning: "edaBit: a random r shared additively, and the 64 bits of r shared by XOR (as one word)",
    generate(count) {
      const r = randomWords(count);
      return [r, r.slice()];
    },
  },
  dabit: {
    sharing: ["additive", "xor"],
    meaning: "daBit: a random bit b shared additively and by XOR",
    generate(count) {
      const b = randomWords(count);
      for (let i = 0; i < count; i++) b[i] = b[i]! & 1n;
      return [b, b.slice()];
    },
  },
  bittriple: {
    sharing: ["xor", "xor", "xor"],
    meaning: "64 AND triples in a word: (a, b, c = a ∧ b), shared by XOR",
    generate(count) {
      const a = randomWords(count);
      const b = randomWords(count);
      const c = new BigUint64Array(count);
      for (let i = 0; i < count; i++) c[i] = a[i]! & b[i]!;
      return [a, b, c];
    },
  },
} as const satisfies Record<string, PrepKindInfo>;

export type PrepKind = keyof typeof PREP_KINDS;

export const PREP_KIND_NAMES = Object.keys(PREP_KINDS) as PrepKind[];

export function wordsPerItem(kind: PrepKind): number {
  return PREP_KINDS[kind].sharing.length;
}

/** One line of a program's preprocessing needs: so many items of a kind (and variant). */
export interface PrepNeed {
  readonly kind: PrepKind;
  readonly param: bigint | null;
  readonly count: number;
}

export function prepKey(kind: PrepKind, param: bigint | null): string {
  return param === null ? kind : `${kind}/${param}`;
}
