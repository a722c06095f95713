import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskFactors, productShare } from "../../../vm/protocol/additive/beaver.js";
import { reconstruct, share } from "../../../vm/protocol/additive/sharing.js";
import { deal } from "../../../vm/preprocessing/dealer.js";
import { ringOf } from "../../../vm/domain/ring.js";
import { compile, secureAndClear } from "../../helpers.js";

const MIN = -(1n << 63n);
const MAX = (1n << 63n) - 1n;
const edges = [0n, 1n, -1n, MAX, MIN, 2n, -2n, 1n << 32n];
const int64 = fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: MIN, max: MAX }));

/** Multiplies shared vectors with the protocol's two halves, opening by summing the masked shares. */
const ring = ringOf("Z2^64");

function beaverMultiply(x: bigint[], y: bigint[], parties: number): BigUint64Array {
  const n = x.length;
  const xs = share(
    ring,
    BigUint64Array.from(x, (v) => BigInt.asUintN(64, v)),
    parties,
  );
  const ys = share(
    ring,
    BigUint64Array.from(y, (v) => BigInt.asUintN(64, v)),
    parties,
  );
  const triples = deal(ring, [{ kind: "triple", param: null, count: n }], parties).map((m) => m.items[0]!.parts);
  const masked = triples.map(([a, b], p) => maskFactors(ring, xs[p]!, ys[p]!, a!, b!));
  const opened = reconstruct(ring, masked);
  return reconstruct(
    ring,
    triples.map(([a, b, c], p) => productShare(ring, p, opened, a!, b!, c!)),
  );
}

describe("Beaver multiplication", () => {
  it("equals the product in Z_2^64 on random vectors and edge values, for 2 to 10 parties", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(int64, int64), { minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 10 }), (pairs, parties) => {
        const x = [...pairs.map(([a]) => a), ...edges];
        const y = [...pairs.map(([, b]) => b), ...edges.slice().reverse()];
        const z = beaverMultiply(x, y, parties);
        expect(Array.from(z, (v) => BigInt.asIntN(64, v))).toEqual(x.map((a, i) => BigInt.asIntN(64, a * y[i]!)));
      }),
    );
  });

  it("matches the emulator through the whole pipeline (compiled sint product, three parties)", async () => {
    const loaded = compile("x = input(sint[8], party=0)\ny = input(sint[8], party=1)\noutput(x * y, name='p')\n", { parties: 3 });
    const x = [0n, 1n, -1n, MAX, MIN, 12345n, -99n, MAX];
    const y = [MAX, MIN, MIN, -1n, -1n, 67890n, 3n, MAX];
    const { secure, clear } = await secureAndClear(loaded, [x, y, []]);
    const expected = x.map((a, i) => BigInt.asIntN(64, a * y[i]!)).map((v) => (Math.abs(Number(v)) <= Number.MAX_SAFE_INTEGER ? Number(v) : v.toString()));
    expect(clear.p).toEqual(expected);
    for (const party of secure) expect(party.p).toEqual(expected);
  });
});
