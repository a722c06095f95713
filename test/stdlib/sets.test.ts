import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { programRunner } from "../nonlinear/run-program.js";
import { within } from "./reference.js";

const RUNS = { numRuns: 4 };
const [NA, NB, NC] = [7, 6, 5];

/** n distinct keys from a small universe, so that sets overlap often. */
const set = (n: number, universe: number): fc.Arbitrary<number[]> =>
  fc.uniqueArray(fc.integer({ min: -universe, max: universe }), { minLength: n, maxLength: n });

describe("sets.mpc against set operations in the clear", () => {
  const { run } = programRunner(`
from sets import intersection_size, overlap_counts, shared_count, intersection, join_sum
a = input(sint[${NA}], party=0)
b = input(sint[${NB}], party=1)
c = input(sint[${NC}], party=2)
values = input(sfix[${NB}], party=1)
output(intersection_size(a, b), name="size")
output(intersection_size(a, c, bound=1000), name="size_bounded")
output(overlap_counts([a, b, c]), name="overlaps")
output(shared_count([a, b, c], 3, bound=1000), name="in_all")
keys, present = intersection(a, b)
output(keys, name="keys")
output(present, name="present")
keys2, present2 = intersection(b, c, bound=1000)
output(keys2, name="keys2")
output(present2, name="present2")
sums, counts = join_sum(c, b, values)
output(sums, name="sums")
output(counts, name="counts")
sums2, counts2 = join_sum(a, concat(b, c), concat(values, sfix[${NC}](1)), bound=1000)
output(sums2, name="sums2")
output(counts2, name="counts2")
`);

  it("count intersections and overlaps, list the intersection, and join with aggregation", async () => {
    await fc.assert(
      fc.asyncProperty(
        set(NA, 9),
        set(NB, 9),
        set(NC, 9),
        fc.array(fc.integer({ min: -500, max: 500 }), { minLength: NB, maxLength: NB }),
        async (a, b, c, cents) => {
          const values = cents.map((v) => v / 4);
          const out = await run([a, [...b, ...values], c]);
          const common = (x: number[], y: number[]) => x.filter((v) => y.includes(v)).sort((p, q) => p - q);
          expect(out.size).toBe(common(a, b).length);
          expect(out.size_bounded).toBe(common(a, c).length);
          const times = (k: number) => [a, b, c].filter((s) => s.includes(k)).length;
          const union = [...new Set([...a, ...b, ...c])];
          const overlaps = [1, 2, 3].map((t) => union.filter((k) => times(k) >= t).length);
          expect(out.overlaps).toEqual(overlaps);
          expect(out.in_all).toBe(overlaps[2]);
          const pad = (keys: number[], m: number) => [...keys, ...new Array<number>(m - keys.length).fill(0)];
          expect(out.keys).toEqual(pad(common(a, b), Math.min(NA, NB)));
          expect(out.present).toEqual(pad(common(a, b), Math.min(NA, NB)).map((_, i) => i < common(a, b).length));
          expect(out.keys2).toEqual(pad(common(b, c), Math.min(NB, NC)));
          expect(out.present2).toEqual(pad(common(b, c), Math.min(NB, NC)).map((_, i) => i < common(b, c).length));
          // B's keys (with values) joined to C's rows; then B and C together, where keys repeat.
          within(
            out.sums,
            c.map((k) => (b.includes(k) ? values[b.indexOf(k)]! : 0)),
            0,
            0,
            "sums",
          );
          expect(out.counts).toEqual(c.map((k) => (b.includes(k) ? 1 : 0)));
          within(
            out.sums2,
            a.map((k) => (b.includes(k) ? values[b.indexOf(k)]! : 0) + (c.includes(k) ? 1 : 0)),
            0,
            0,
            "sums2",
          );
          expect(out.counts2).toEqual(a.map((k) => times(k) - 1));
        },
      ),
      RUNS,
    );
  });
});
