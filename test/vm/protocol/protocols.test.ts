// Each protocol's own operations against their clear meaning, in both rings and at the edges:
// input and open, products of ring elements, ANDs of bit-sliced words.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ringOf, type Domain } from "../../../vm/domain/ring.js";
import type { ProtocolName } from "../../../vm/protocol/protocol.js";
import { openAll, protocolParties, round, shareFrom } from "./parties.js";

const CONFIGS: ReadonlyArray<{ name: ProtocolName; parties: number; t: number }> = [
  { name: "additive", parties: 3, t: 2 },
  { name: "replicated", parties: 3, t: 1 },
  { name: "shamir", parties: 3, t: 1 },
  { name: "shamir", parties: 4, t: 1 },
  { name: "shamir", parties: 7, t: 3 },
];

for (const domain of ["Z2^64", "Z2^128"] as const satisfies readonly Domain[]) {
  const ring = ringOf(domain);
  const top = 1n << BigInt(ring.bits - 1);
  const edges = [0n, 1n, -1n, top - 1n, -top, 2n];
  const value = fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: -top, max: top - 1n }));
  const vector = (values: readonly bigint[]) => {
    const v = ring.alloc(values.length);
    values.forEach((x, i) => ring.set(v, i, x));
    return v;
  };

  describe(`every protocol's products and ANDs (${domain})`, () => {
    for (const c of CONFIGS) {
      it(`${c.name}, ${c.parties} parties: open(x·y) = x·y, open(a ∧ b) = a ∧ b`, () => {
        const parties = protocolParties(c.name, c.parties, c.t, domain);
        fc.assert(
          fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 40 }), (pairs) => {
            const all = [...pairs, ...edges.flatMap((a) => edges.map((b) => [a, b] as const))];
            const n = all.length;
            const x = shareFrom(parties, 0, vector(all.map(([a]) => a)));
            const y = shareFrom(parties, c.parties - 1, vector(all.map(([, b]) => b)));
            expect(openAll(parties, x, n)).toEqual(vector(all.map(([a]) => a)));
            const products = round(parties, (p, out) => {
              const result = new BigUint64Array(x[p.party]!.length);
              const finish = p.multiply(x[p.party]!, y[p.party]!, n, out, result);
              return (inbox) => (finish(inbox), result);
            });
            expect(openAll(parties, products, n)).toEqual(vector(all.map(([a, b]) => a * b)));
            const words = BigUint64Array.from(all, ([a]) => BigInt.asUintN(64, a));
            const masks = BigUint64Array.from(all, ([, b]) => BigInt.asUintN(64, b));
            const share = (owner: number, v: BigUint64Array) =>
              round(parties, (p, out) => p.shareInput(owner, p.party === owner ? v : null, v.length, "bits", out));
            const [u, w] = [share(0, words), share(1, masks)];
            const anded = round(parties, (p, out) => {
              const result = new BigUint64Array(u[p.party]!.length);
              const finish = p.and(u[p.party]!, w[p.party]!, n, out, result);
              return (inbox) => (finish(inbox), result);
            });
            const opened = round(parties, (p, out) => p.openBits(anded[p.party]!, n, out));
            for (const o of opened) expect(o).toEqual(words.map((a, i) => a & masks[i]!));
          }),
          { numRuns: 8 },
        );
      });
    }
  });
}
