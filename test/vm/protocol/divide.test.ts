import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskDividend, quotientShare } from "../../../vm/protocol/divide.js";
import { lowQuotients } from "../../../vm/protocol/divide64.js";
import { reconstruct, share } from "../../../vm/protocol/additive/sharing.js";
import { deal } from "../../../vm/preprocessing/dealer.js";
import { ringOf } from "../../../vm/domain/ring.js";

const LIMIT = 1n << 61n;

function floorDiv(x: bigint, d: bigint): bigint {
  const q = x / d;
  return x < 0n && q * d !== x ? q - 1n : q;
}

/** ⌊x/d⌋ by the masked-open protocol among `parties`, returned as signed integers. */
const ring = ringOf("Z2^64");

function secureDivide(x: bigint[], d: bigint, parties: number): bigint[] {
  const xs = share(
    ring,
    BigUint64Array.from(x, (v) => BigInt.asUintN(64, v)),
    parties,
  );
  const masks = deal(ring, [{ kind: "divmask", param: d, count: x.length }], parties).map((m) => m.items[0]!.parts);
  const opened = reconstruct(
    ring,
    masks.map(([low, top], p) => maskDividend(ring, p === 0, xs[p]!, low!, top!, d)),
  );
  const y = reconstruct(
    ring,
    masks.map(([, top, q], p) => quotientShare(ring, p === 0, opened, top!, q!, d)),
  );
  return Array.from(y, (v) => BigInt.asIntN(64, v));
}

const dividend = fc.oneof(fc.constantFrom(0n, 1n, -1n, LIMIT - 1n, -LIMIT, 65535n, -65536n), fc.bigInt({ min: -LIMIT, max: LIMIT - 1n }));

describe("division by a public number (and fixed-point truncation)", () => {
  it("is ⌊x/2^k⌋ or one more, for |x| < 2^61", () => {
    fc.assert(
      fc.property(fc.array(dividend, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 2, max: 6 }), (x, k, parties) => {
        const d = 1n << BigInt(k);
        secureDivide(x, d, parties).forEach((y, i) => {
          expect([0n, 1n]).toContain(y - floorDiv(x[i]!, d));
        });
      }),
    );
  });

  it("is within one of ⌊x/d⌋ for any divisor up to 2^61", () => {
    fc.assert(
      fc.property(fc.array(dividend, { minLength: 1, maxLength: 30 }), fc.bigInt({ min: 1n, max: LIMIT }), fc.integer({ min: 2, max: 6 }), (x, d, parties) => {
        secureDivide(x, d, parties).forEach((y, i) => {
          expect([-1n, 0n, 1n]).toContain(y - floorDiv(x[i]!, d));
        });
      }),
    );
  });

  it("is within one of ⌊x/d⌋ for the divisors the Z_2^64 fast path takes: below 2^36, or powers of two", () => {
    const divisor = fc.oneof(
      fc.bigInt({ min: 1n, max: (1n << 36n) - 1n }),
      fc.integer({ min: 0, max: 61 }).map((k) => 1n << BigInt(k)),
      fc.constantFrom(3n, 7n, 3000n, 65536n),
    );
    fc.assert(
      fc.property(fc.array(dividend, { minLength: 1, maxLength: 30 }), divisor, fc.integer({ min: 2, max: 4 }), (x, d, parties) => {
        secureDivide(x, d, parties).forEach((y, i) => {
          expect([-1n, 0n, 1n]).toContain(y - floorDiv(x[i]!, d));
        });
      }),
    );
  });

  it("divides the opened values exactly in the fast path: ⌊(c mod 2^63)/d⌋ and c's top bit", () => {
    const word = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    const divisor = fc.oneof(
      fc.bigInt({ min: 1n, max: (1n << 36n) - 1n }),
      fc.integer({ min: 0, max: 62 }).map((k) => 1n << BigInt(k)),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 50 }), divisor, (list, d) => {
        const c = BigUint64Array.from(list);
        const fast = lowQuotients(c, d)!;
        expect(Array.from(fast.quotients)).toEqual(list.map((v) => (v & ((1n << 63n) - 1n)) / d));
        expect(Array.from(fast.top)).toEqual(list.map((v) => Number(v >> 63n)));
      }),
    );
    expect(lowQuotients(new BigUint64Array(1), (1n << 40n) + 3n)).toBeNull();
  });
});
