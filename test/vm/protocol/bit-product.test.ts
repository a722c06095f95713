import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBitSliced } from "../../../vm/domain/bits.js";
import { ringOf, type Domain } from "../../../vm/domain/ring.js";
import { deal } from "../../../vm/preprocessing/dealer.js";
import { bitProductShare, maskBit } from "../../../vm/protocol/bit-product.js";
import { reconstruct, share, shareXor } from "../../../vm/protocol/additive/sharing.js";

/** b·z with the protocol's three steps, every party's message combined as the VM combines them. */
function bitTimesValue(domain: Domain, bits: boolean[], z: bigint[], parties: number): bigint[] {
  const ring = ringOf(domain);
  const n = z.length;
  const values = ring.alloc(n);
  z.forEach((v, i) => ring.set(values, i, v));
  const zs = share(ring, values, parties);
  const bs = shareXor(
    toBitSliced(
      BigUint64Array.from(bits, (b) => (b ? 1n : 0n)),
      1,
    ),
    parties,
  );
  const material = deal(ring, [{ kind: "bitmul", param: null, count: n }], parties).map((m) => m.items[0]!.parts);
  const c = material.map(([, rXor], p) => maskBit(bs[p]!, rXor!)).reduce((acc, m) => acc.map((w, i) => w ^ m[i]!));
  const e = reconstruct(
    ring,
    material.map(([, , beta], p) => ring.sub(ring.alloc(n), zs[p]!, beta!)),
  );
  const results = material.map(([r, , , rBeta], p) => bitProductShare(ring, c, e, n, zs[p]!, r!, rBeta!, ring.alloc(n)));
  const product = reconstruct(ring, results);
  return z.map((_, i) => ring.signed(product, i));
}

describe("a secret bit times a secret value in one round", () => {
  for (const [domain, bitsInRing] of [
    ["Z2^64", 64n],
    ["Z2^128", 128n],
  ] as const) {
    const top = 1n << (bitsInRing - 1n);
    const edges = [0n, 1n, -1n, top - 1n, -top, 2n];
    const value = fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: -top, max: top - 1n }));
    it(`equals b·z on random and edge values, for 2 to 5 parties (${domain})`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.boolean(), value), { minLength: 1, maxLength: 150 }), fc.integer({ min: 2, max: 5 }), (pairs, parties) => {
          const all = [...pairs, ...edges.map((v) => [true, v] as const), ...edges.map((v) => [false, v] as const)];
          const got = bitTimesValue(
            domain,
            all.map(([b]) => b),
            all.map(([, v]) => v),
            parties,
          );
          expect(got).toEqual(all.map(([b, v]) => (b ? v : 0n)));
        }),
        { numRuns: 30 },
      );
    });
  }
});
