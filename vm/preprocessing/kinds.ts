// The kinds of preprocessed material: what one item is, its parts, how each part is shared
// (additively or by XOR) and sized, and how the dealer makes it in the clear. Header, dealer,
// store and VM all read this table.

import { randomWords } from "../domain/random.js";
import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";

/**
 * One part of an item: an `element` of the ring (additively shared), the `bits` of a ring
 * element (one bit per position, XOR-shared, as many words as the ring), or one XOR-shared `word`.
 */
export type Part = "element" | "bits" | "word";

export interface PrepKindInfo {
  readonly parts: readonly Part[];
  readonly meaning: string;
  /** Makes `count` items in the clear, one array per part. */
  generate(ring: Ring, count: number, param: bigint | null): Vec[];
}

export const PREP_KINDS = {
  triple: {
    parts: ["element", "element", "element"],
    meaning: "Beaver triple (a, b, c = a·b) for one multiplication",
    generate(ring, count) {
      const a = ring.random(count);
      const b = ring.random(count);
      return [a, b, ring.mul(ring.alloc(count), a, b)];
    },
  },
  divmask: {
    parts: ["element", "element", "element"],
    meaning: "mask for division by a public d: (r mod 2^(k−1), the top bit of r, ⌊(r mod 2^(k−1)) / d⌋)",
    generate(ring, count, param) {
      const d = param!;
      const half = 1n << BigInt(ring.bits - 1);
      const r = ring.random(count);
      const [low, top, quotient] = [ring.alloc(count), ring.alloc(count), ring.alloc(count)];
      for (let i = 0; i < count; i++) {
        const v = ring.get(r, i);
        ring.set(low, i, v % half);
        ring.set(top, i, v / half);
        ring.set(quotient, i, (v % half) / d);
      }
      return [low, top, quotient];
    },
  },
  edabit: {
    parts: ["element", "bits", "bits"],
    meaning: "edaBit: a random r shared additively; the bits of r, and the products r_i ∧ r_(i+1) of neighbouring bits, shared by XOR",
    generate(ring, count) {
      const r = ring.random(count);
      return [r, r.slice(), neighbourProducts(ring, r, count)];
    },
  },
  dabit: {
    parts: ["element", "word"],
    meaning: "daBit: a random bit b shared additively and by XOR",
    generate: (ring, count) => randomBitsBothWays(ring, count),
  },
  bitmul: {
    parts: ["element", "word", "element", "element"],
    meaning: "a daBit r (additively and by XOR) with a random β and r·β: a secret bit times a value in one round",
    generate(ring, count) {
      const [r, rXor] = randomBitsBothWays(ring, count);
      const beta = ring.random(count);
      return [r, rXor, beta, ring.mul(ring.alloc(count), r, beta)];
    },
  },
  bittriple: {
    parts: ["word", "word", "word"],
    meaning: "64 AND triples in a word: (a, b, c = a ∧ b), shared by XOR",
    generate(_ring, count) {
      const a = randomWords(count);
      const b = randomWords(count);
      const c = new BigUint64Array(count);
      for (let i = 0; i < count; i++) c[i] = a[i]! & b[i]!;
      return [a, b, c];
    },
  },
} as const satisfies Record<string, PrepKindInfo>;

export type PrepKind = keyof typeof PREP_KINDS;

/** Random bits as ring elements and as words (bit 0), in the clear: the two halves of daBits. */
function randomBitsBothWays(ring: Ring, count: number): [Vec, Vec] {
  const b = randomWords(count);
  const arithmetic = ring.alloc(count);
  for (let i = 0; i < count; i++) {
    b[i] = b[i]! & 1n;
    ring.set(arithmetic, i, b[i]!);
  }
  return [arithmetic, b];
}

/**
 * Bit i of item i's result is r_i ∧ r_(i+1): with these, the first level of every carry or
 * zero-test circuit on c − r is local (docs/protocol.md), which saves a round and half the ANDs.
 */
function neighbourProducts(ring: Ring, r: Vec, count: number): Vec {
  const out = ring.alloc(count);
  if (ring.words === 1) {
    for (let i = 0; i < count; i++) out[i] = r[i]! & (r[i]! >> 1n);
    return out;
  }
  for (let i = 0; i < count; i++) {
    const v = ring.get(r, i);
    ring.set(out, i, v & (v >> 1n));
  }
  return out;
}

export const PREP_KIND_NAMES = Object.keys(PREP_KINDS) as PrepKind[];

/** 64-bit words one part of one item takes in a ring. */
export function partWords(part: Part, ring: Ring): number {
  return part === "word" ? 1 : ring.words;
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
