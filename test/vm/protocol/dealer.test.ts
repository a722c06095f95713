import { describe, expect, it } from "vitest";
import { ringOf, type Domain } from "../../../vm/domain/ring.js";
import { toBitSliced } from "../../../vm/domain/bits.js";
import { deal } from "../../../vm/preprocessing/dealer.js";
import { Material } from "../../../vm/preprocessing/material.js";
import { reconstruct, reconstructXor } from "../../../vm/protocol/additive/sharing.js";

describe("the dealer's edaBits", () => {
  for (const domain of ["Z2^64", "Z2^128"] as Domain[]) {
    it(`deal r additively, its bits and the products of neighbouring bits by XOR (${domain})`, () => {
      const ring = ringOf(domain);
      const count = 300;
      const material = deal(ring, [{ kind: "edabit", param: null, count }], 3);
      const parts = [0, 1, 2].map((p) => material.map((m) => m.items[0]!.parts[p]!));
      const r = reconstruct(ring, parts[0]!);
      const bits = reconstructXor(parts[1]!);
      const products = reconstructXor(parts[2]!);
      let sawOne = false;
      for (let i = 0; i < count; i++) {
        const value = ring.get(r, i);
        expect(ring.get(bits, i)).toBe(value);
        expect(ring.get(products, i)).toBe(value & (value >> 1n));
        sawOne ||= ring.get(products, i) !== 0n;
      }
      expect(sawOne).toBe(true);
    });
  }
});

describe("the material's bit parts", () => {
  for (const domain of ["Z2^64", "Z2^128"] as Domain[]) {
    it(`come bit-sliced, equal to slicing the dealt words, for any start and count (${domain})`, () => {
      const ring = ringOf(domain);
      const counts = [1, 63, 64, 65, 100, 7, 31, 33, 200];
      const total = counts.reduce((a, b) => a + b, 0);
      const dealt = deal(ring, [{ kind: "edabit", param: null, count: total }], 2)[0]!.items;
      const material = new Material(ring, dealt);
      const [, bitWords, productWords] = dealt[0]!.parts;
      let start = 0;
      for (const count of counts) {
        const [, bits, products] = material.take("edabit", null, count);
        const words = (v: BigUint64Array): BigUint64Array => v.subarray(start * ring.words, (start + count) * ring.words);
        expect(bits).toEqual(toBitSliced(words(bitWords!), ring.bits, ring.words));
        expect(products).toEqual(toBitSliced(words(productWords!), ring.bits, ring.words));
        start += count;
      }
    });
  }
});
