import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ringOf } from "../../../vm/domain/ring.js";
import { reconstruct as reconstructIn, share as shareIn } from "../../../vm/protocol/additive/sharing.js";

const ring = ringOf("Z2^64");
const share = (v: BigUint64Array, n: number) => shareIn(ring, v, n);
const reconstruct = (s: BigUint64Array[]) => reconstructIn(ring, s);

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const edges = [0n, 1n, (1n << 64n) - 1n, (1n << 63n) - 1n, 1n << 63n];

describe("additive sharing over Z_2^64", () => {
  it("shares add up to the value, for 2 to 10 parties", () => {
    fc.assert(
      fc.property(fc.array(u64, { minLength: 1, maxLength: 50 }), fc.integer({ min: 2, max: 10 }), (values, parties) => {
        const v = BigUint64Array.from([...values, ...edges]);
        const shares = share(v, parties);
        expect(shares).toHaveLength(parties);
        expect(reconstruct(shares)).toEqual(v);
      }),
    );
  });

  it("gives every share uniformly random bits, whatever the value", () => {
    const samples = 4096;
    for (const value of [0n, (1n << 64n) - 1n]) {
      const shares = share(new BigUint64Array(samples).fill(value), 3);
      for (const s of shares) {
        for (let bit = 0n; bit < 64n; bit++) {
          let ones = 0;
          for (const x of s) ones += Number((x >> bit) & 1n);
          // 6 standard deviations: a correct implementation fails this about once in 10^8 runs per bit.
          expect(Math.abs(ones - samples / 2)).toBeLessThan((6 * Math.sqrt(samples)) / 2);
        }
      }
    }
  });

  it("makes any n-1 shares independent of the value: their distribution is the same for 0 and for 2^63", () => {
    const samples = 8192;
    const histogram = (value: bigint): number[] => {
      const h = new Array(16).fill(0);
      const [first] = share(new BigUint64Array(samples).fill(value), 2);
      for (const x of first!) h[Number(x >> 60n)]++;
      return h;
    };
    const a = histogram(0n);
    const b = histogram(1n << 63n);
    // Chi-square for two samples over 16 cells, 15 degrees of freedom: 50 is far in the tail.
    const chi = a.reduce((sum, x, i) => sum + (x - b[i]!) ** 2 / (x + b[i]!), 0);
    expect(chi).toBeLessThan(50);
  });

  it("shares in Z_2^128 add up too (two words an element, with the carry)", () => {
    const r128 = ringOf("Z2^128");
    const v = r128.alloc(3);
    [0n, (1n << 128n) - 1n, 1n << 64n].forEach((x, i) => r128.set(v, i, x));
    expect(reconstructIn(r128, shareIn(r128, v, 4))).toEqual(v);
  });

  it("uses fresh randomness each time", () => {
    const [a] = share(new BigUint64Array(4), 2);
    const [b] = share(new BigUint64Array(4), 2);
    expect(a).not.toEqual(b);
  });
});
