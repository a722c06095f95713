import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundsOf } from "../../vm/bytecode/analysis.js";
import { compile } from "../helpers.js";
import { MAX64, MIN64, programRunner } from "../nonlinear/run-program.js";
import { bigints, byValue } from "./reference.js";

const RUNS = { numRuns: 4 };
const N = 13;
const BOUND = 2n ** 40n;

/** Full-range 64-bit values with ties and the extremes. */
const full = fc.oneof(fc.bigInt({ min: MIN64, max: MAX64 }), fc.constantFrom(MIN64, MAX64, 0n, -1n, 1n), fc.bigInt({ min: -3n, max: 3n }));
/** Values within the promise of bound=2^40: [-2^40, 2^40). */
const bounded = fc.oneof(fc.bigInt({ min: -BOUND, max: BOUND - 1n }), fc.constantFrom(-BOUND, BOUND - 1n, 0n), fc.bigInt({ min: -3n, max: 3n }));
const vector = (a: fc.Arbitrary<bigint>): fc.Arbitrary<bigint[]> => fc.array(a, { minLength: N, maxLength: N });

const ascending = (v: readonly bigint[]): bigint[] => [...v].sort(byValue);
const pairs = (keys: readonly bigint[], payload: readonly bigint[]): string[] => keys.map((k, i) => `${k}:${payload[i]}`).sort();

/** Whether every item of `part` occurs in `whole`, counting repeats. */
function within(part: readonly string[], whole: readonly string[]): boolean {
  const left = [...whole];
  return part.every((item) => {
    const i = left.indexOf(item);
    if (i >= 0) left.splice(i, 1);
    return i >= 0;
  });
}

describe("sort.mpc against JavaScript's sort", () => {
  const { run } = programRunner(`
from sort import sort, sort_by_key, top_k, top_k_by_key, bottom_k_by_key
x = input(sint[${N}], party=0)
y = input(sint[${N}], party=1)
b = input(sint[${N}], party=2)
output(sort(x), name="ascending")
output(sort(x, reverse=True), name="descending")
output(sort(b, bound=${BOUND}), name="bounded")
keys, [payload] = sort_by_key(x, [y])
output(keys, name="keys")
output(payload, name="payload")
keys2, [p1, p2] = sort_by_key(b, [y, x], reverse=True, bound=${BOUND})
output(keys2, name="keys2")
output(p1, name="p1")
output(p2, name="p2")
for k in [1, 2, 3, 5, ${N}]:
    output(top_k(x, k), name="top" + str(k))
    output(top_k(b, k, bound=${BOUND}), name="top_bounded" + str(k))
best, [who] = top_k_by_key(x, [y], 4)
output(best, name="best")
output(who, name="who")
least, [whom] = bottom_k_by_key(b, [y], 3, bound=${BOUND})
output(least, name="least")
output(whom, name="whom")
for n in [1, 2, 5, 8, 9]:
    output(top_k(x[:n], min(n, 3)), name="small" + str(n))
`);

  it("orders full-range and bounded keys, carries payloads, and selects the top and bottom k", async () => {
    await fc.assert(
      fc.asyncProperty(vector(full), vector(full), vector(bounded), async (x, y, b) => {
        const out = await run([x.map(String), y.map(String), b.map(String)]);
        expect(bigints(out.ascending)).toEqual(ascending(x));
        expect(bigints(out.descending)).toEqual(ascending(x).reverse());
        expect(bigints(out.bounded)).toEqual(ascending(b));
        expect(bigints(out.keys)).toEqual(ascending(x));
        expect(pairs(bigints(out.keys), bigints(out.payload))).toEqual(pairs(x, y));
        expect(bigints(out.keys2)).toEqual(ascending(b).reverse());
        const rows = b.map((k, i) => `${k}:${y[i]}:${x[i]}`).sort();
        expect(
          bigints(out.keys2)
            .map((k, i) => `${k}:${bigints(out.p1)[i]}:${bigints(out.p2)[i]}`)
            .sort(),
        ).toEqual(rows);
        for (const k of [1, 2, 3, 5, N]) {
          expect(bigints(out[`top${k}`]), `top${k}`).toEqual(ascending(x).reverse().slice(0, k));
          expect(bigints(out[`top_bounded${k}`]), `top_bounded${k}`).toEqual(ascending(b).reverse().slice(0, k));
        }
        expect(bigints(out.best)).toEqual(ascending(x).reverse().slice(0, 4));
        expect(within(pairs(bigints(out.best), bigints(out.who)), pairs(x, y))).toBe(true);
        expect(bigints(out.least)).toEqual(ascending(b).slice(0, 3));
        expect(within(pairs(bigints(out.least), bigints(out.whom)), pairs(b, y))).toBe(true);
        for (const n of [1, 2, 5, 8, 9]) expect(bigints(out[`small${n}`])).toEqual(ascending(x.slice(0, n)).reverse().slice(0, Math.min(n, 3)));
      }),
      RUNS,
    );
  });
});

/** The figures docs/library.md states for sorting 10,000 secret values with three parties. */
const PINNED = {
  full: { rounds: 841, bitmul: 456229, edabit: 466229, bittriple: 461523 },
  bounded: { rounds: 631, bitmul: 456229, edabit: 456229, bittriple: 208075 },
};

describe("sorting 10,000 secret values", () => {
  const sortOf = (bound: string): ReturnType<typeof compile> =>
    compile(`from sort import sort\nx = input(sint[10000], party=0)\noutput(sort(x${bound}), name="sorted")\n`, { parties: 3 });
  const need = (loaded: ReturnType<typeof compile>, kind: string): number =>
    loaded.program.preprocessing.filter((p) => p.kind === kind).reduce((a, p) => a + p.count, 0);
  const figures = (loaded: ReturnType<typeof compile>) => ({
    rounds: roundsOf(loaded.instructions).length,
    bitmul: need(loaded, "bitmul"),
    edabit: need(loaded, "edabit"),
    bittriple: need(loaded, "bittriple"),
  });
  const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "library.md"), "utf8");
  const thousands = (n: number): string => n.toLocaleString("en-US");

  it("takes 841 rounds and 456,229 bit products with full-range keys (105 layers of Batcher's network)", () => {
    expect(figures(sortOf(""))).toEqual(PINNED.full);
  });

  it("takes 631 rounds with bound=2**31, one edaBit per comparison instead of three", () => {
    expect(figures(sortOf(", bound=2 ** 31"))).toEqual(PINNED.bounded);
  });

  it("is stated with these figures in docs/library.md", () => {
    for (const f of [PINNED.full, PINNED.bounded]) {
      for (const n of Object.values(f)) expect(doc, `docs/library.md states ${thousands(n)}`).toContain(thousands(n));
    }
  });
});
