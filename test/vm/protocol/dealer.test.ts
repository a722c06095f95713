import { describe, expect, it } from "vitest";
import { ringOf, type Domain } from "../../../vm/domain/ring.js";
import { deal } from "../../../vm/preprocessing/dealer.js";
import { reconstruct, reconstructXor } from "../../../vm/protocol/sharing.js";

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
