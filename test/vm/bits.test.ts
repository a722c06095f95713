import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBitSliced, not, toBitSliced } from "../../vm/domain/bits.js";

/** The obvious, slow bit-slicing: what toBitSliced must agree with. */
function naive(values: BigUint64Array, width: number, words: number): BigUint64Array {
  const len = values.length / words;
  const W = Math.ceil(len / 64);
  const out = new BigUint64Array(width * W);
  for (let j = 0; j < len; j++) {
    for (let p = 0; p < width; p++) {
      const v = values[j * words + (p >> 6)]!;
      if ((v >> BigInt(p & 63)) & 1n) out[p * W + (j >> 6)] = out[p * W + (j >> 6)]! | (1n << BigInt(j & 63));
    }
  }
  return out;
}

const word = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe("bit-slicing", () => {
  it("agrees with the per-bit definition for any length and width, one or two words an element", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), (list, width, wide) => {
        const words = wide ? 2 : 1;
        const values = BigUint64Array.from(list.length % words === 0 ? list : [...list, 0n]);
        const w = wide ? width + 64 : width;
        expect(toBitSliced(values, w, words)).toEqual(naive(values, w, words));
      }),
      { numRuns: 60 },
    );
  });

  it("takes the low bits alone (a daBit's XOR half) the same way, one or two words an element", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 300 }), fc.boolean(), (list, wide) => {
        const words = wide ? 2 : 1;
        const values = BigUint64Array.from(list.length % words === 0 ? list : [...list, 0n]);
        expect(toBitSliced(values, 1, words)).toEqual(naive(values, 1, words));
      }),
      { numRuns: 40 },
    );
  });

  it("flips every bit but the padding of each position's last word", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 8 }), (list, width) => {
        const values = BigUint64Array.from(list);
        const sliced = toBitSliced(values, width);
        const flipped = not(new BigUint64Array(sliced.length), sliced, values.length);
        const mask = (1n << BigInt(width)) - 1n;
        expect(flipped).toEqual(
          toBitSliced(
            values.map((v) => ~v & mask),
            width,
          ),
        );
      }),
      { numRuns: 40 },
    );
  });

  it("round-trips through fromBitSliced", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 200 }), (list) => {
        const values = BigUint64Array.from(list);
        expect(fromBitSliced(toBitSliced(values, 64), values.length, 64)).toEqual(values);
      }),
      { numRuns: 30 },
    );
  });
});
