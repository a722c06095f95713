// The material the parties make without a dealer (vm/protocol/generate), checked in the clear after
// opening: the adder adds, the comparison compares, edaBits' bits are their value's, daBits are
// bits in both domains, division masks are consistent — under replicated and Shamir sharing.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBitSliced, toBitSliced, wordsPerPosition } from "../../../vm/domain/bits.js";
import { ringOf, type Domain } from "../../../vm/domain/ring.js";
import type { Vec } from "../../../vm/domain/ring64.js";
import { add, lessThanPublic } from "../../../vm/protocol/generate/adder.js";
import { matrix } from "../../../vm/protocol/generate/bit-matrix.js";
import { MaterialMaker } from "../../../vm/protocol/generate/make.js";
import type { PartyProtocol, ProtocolName } from "../../../vm/protocol/protocol.js";
import { openAll, protocolParties, round, sessions } from "./parties.js";

const CONFIGS: ReadonlyArray<{ name: ProtocolName; parties: number; t: number }> = [
  { name: "replicated", parties: 3, t: 1 },
  { name: "shamir", parties: 3, t: 1 },
  { name: "shamir", parties: 5, t: 2 },
];

function shareBits(parties: readonly PartyProtocol[], owner: number, values: Vec, width: number): Vec[] {
  const sliced = toBitSliced(values, width);
  return round(parties, (p, out) => p.shareInput(owner, p.party === owner ? sliced : null, sliced.length, "bits", out));
}

function openBits(parties: readonly PartyProtocol[], shares: readonly Vec[], words: number): Vec {
  return round(parties, (p, out) => p.openBits(shares[p.party]!, words, out))[0]!;
}

for (const c of CONFIGS) {
  describe(`circuits and material without a dealer: ${c.name}, ${c.parties} parties`, () => {
    it("adds bit-sliced numbers of any width, and compares them with a public bound", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 64 }),
          fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })), { minLength: 1, maxLength: 70 }),
          fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          async (width, pairs, rawBound) => {
            const parties = protocolParties(c.name, c.parties, c.t);
            const mask = (1n << BigInt(width)) - 1n;
            const a = BigUint64Array.from(pairs, ([x]) => x & mask);
            const b = BigUint64Array.from(pairs, ([, y]) => y & mask);
            const W = wordsPerPosition(a.length);
            const [sa, sb] = [shareBits(parties, 0, a, width), shareBits(parties, 1, b, width)];
            const s = sessions(parties);
            const sums = await Promise.all(s.map((session, p) => add(session, matrix(sa[p]!, width, W, session.bits), matrix(sb[p]!, width, W, session.bits))));
            expect([
              ...fromBitSliced(
                openBits(
                  parties,
                  sums.map((m) => m.v),
                  width * W,
                ),
                a.length,
                width,
              ),
            ]).toEqual([...a].map((x, i) => (x + b[i]!) & mask));
            const bound = (rawBound & mask) + 1n;
            const below = await Promise.all(s.map((session, p) => lessThanPublic(session, matrix(sa[p]!, width, W, session.bits), bound)));
            expect([
              ...fromBitSliced(
                openBits(
                  parties,
                  below.map((m) => m.v),
                  W,
                ),
                a.length,
                1,
              ),
            ]).toEqual([...a].map((x) => (x < bound ? 1n : 0n)));
          },
        ),
        { numRuns: 12 },
      );
    });

    for (const domain of ["Z2^64", "Z2^128"] as const satisfies readonly Domain[]) {
      it(`makes daBits, edaBits, bit products and division masks that are what they claim (${domain})`, async () => {
        const ring = ringOf(domain);
        const parties = protocolParties(c.name, c.parties, c.t, domain);
        const count = 150;
        const needs = [
          { kind: "dabit" as const, param: null, count },
          { kind: "edabit" as const, param: null, count },
          { kind: "bitmul" as const, param: null, count },
          { kind: "divmask" as const, param: 1n << 16n, count },
          { kind: "divmask" as const, param: 12345n, count },
          { kind: "divmask" as const, param: 3n, count },
          // ⌊2^63 / (2^60 − 1)⌋ = 8: a divisor that is not a power of two with a quotient bound that is.
          { kind: "divmask" as const, param: 2n ** 60n - 1n, count },
        ];
        const made = await Promise.all(sessions(parties).map((s) => new MaterialMaker(s).make(needs)));
        const arith = (v: Vec[]) => openAll(parties, v, count);
        const bitsOf = (v: Vec[], words: number) => openBits(parties, v, words);
        const value = (v: Vec, i: number) => ring.get(v, i);

        const dabits = made.map((m) => m.take("dabit", null, count));
        const a = arith(dabits.map((d) => d[0]!));
        const x = bitsOf(
          dabits.map((d) => toBitSlicedComponents(d[1]!, parties[0]!.layout.bits)),
          wordsPerPosition(count),
        );
        for (let i = 0; i < count; i++) {
          expect(value(a, i)).toBe((x[i >> 6]! >> BigInt(i & 63)) & 1n);
          expect(value(a, i) <= 1n).toBe(true);
        }

        const eda = made.map((m) => m.take("edabit", null, count));
        const r = arith(eda.map((e) => e[0]!));
        const W = wordsPerPosition(count);
        const rBits = fromBitSliced(
          bitsOf(
            eda.map((e) => e[1]!),
            ring.bits * W,
          ),
          count,
          Math.min(ring.bits, 64),
        );
        const products = fromBitSliced(
          bitsOf(
            eda.map((e) => e[2]!),
            ring.bits * W,
          ),
          count,
          Math.min(ring.bits, 64),
        );
        for (let i = 0; i < count; i++) {
          const full = value(r, i);
          expect(rBits[i]).toBe(full & (2n ** 64n - 1n));
          // Bit j is r_j ∧ r_(j+1) for j below the ring's top bit.
          expect(products[i]).toBe(full & (full >> 1n) & ((1n << BigInt(ring.bits - 1)) - 1n) & (2n ** 64n - 1n));
        }

        const bm = made.map((m) => m.take("bitmul", null, count));
        const [rb, beta, rbeta] = [arith(bm.map((b) => b[0]!)), arith(bm.map((b) => b[2]!)), arith(bm.map((b) => b[3]!))];
        for (let i = 0; i < count; i++) expect(value(rbeta, i)).toBe((value(rb, i) * value(beta, i)) & ((1n << BigInt(ring.bits)) - 1n));

        const half = 1n << BigInt(ring.bits - 1);
        for (const d of [1n << 16n, 12345n, 3n, 2n ** 60n - 1n]) {
          const masks = made.map((m) => m.take("divmask", d, count));
          const [low, top, q] = [arith(masks.map((m) => m[0]!)), arith(masks.map((m) => m[1]!)), arith(masks.map((m) => m[2]!))];
          for (let i = 0; i < count; i++) {
            expect(value(low, i) < half).toBe(true);
            expect(value(top, i) <= 1n).toBe(true);
            expect(value(q, i)).toBe(value(low, i) / d);
          }
        }
      });
    }
  });
}

/** A daBit's XOR part comes as one word per bit (the bit in bit 0), component after component: bit-sliced here to open it. */
function toBitSlicedComponents(words: Vec, components: number): Vec {
  const per = words.length / components;
  const parts = Array.from({ length: components }, (_, c) => toBitSliced(words.subarray(c * per, (c + 1) * per), 1));
  const out = new BigUint64Array(parts.reduce((n, p) => n + p.length, 0));
  parts.forEach((p, c) => out.set(p, c * p.length));
  return out;
}
