// The kinds of preprocessed material: what one item is, how many ring words it takes, and how
// the dealer makes it in the clear before sharing. The header, dealer, store and VM all read this.

import { MASK63, type Vec } from "../domain/ring64.js";
import { randomWords } from "../domain/random.js";

export interface PrepKindInfo {
  /** Ring words in one item (each is secret-shared separately). */
  readonly words: number;
  readonly meaning: string;
  /** Makes `count` items in the clear, one array per word. */
  generate(count: number, param: bigint | null): Vec[];
}

export const PREP_KINDS = {
  triple: {
    words: 3,
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
    words: 3,
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
} as const satisfies Record<string, PrepKindInfo>;

export type PrepKind = keyof typeof PREP_KINDS;

/** One line of a program's preprocessing needs: so many items of a kind (and variant). */
export interface PrepNeed {
  readonly kind: PrepKind;
  readonly param: bigint | null;
  readonly count: number;
}

export function prepKey(kind: PrepKind, param: bigint | null): string {
  return param === null ? kind : `${kind}/${param}`;
}
