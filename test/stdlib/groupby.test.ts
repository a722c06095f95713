import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { programRunner } from "../nonlinear/run-program.js";
import { encode, mean, sum, within } from "./reference.js";

const N = 15;
const GROUPS = [0, 1, 2, 5];

describe("groupby.mpc against grouping in the clear", () => {
  const { run } = programRunner(`
from groupby import membership, group_count, group_sum, group_mean
values = input(sfix[${N}], party=0)
labels = input(sint[${N}], party=1)
output(membership(labels, [${GROUPS}]), name="membership")
output(group_count(labels, [${GROUPS}]), name="counts")
output(group_sum(values, labels, [${GROUPS}]), name="sums")
output(group_sum(labels * 3, labels, range(3)), name="integer_sums")
means, counts = group_mean(values * 1000, labels, [${GROUPS}])
output(means, name="means")
`);

  it("count, sum and average per public group, with secret labels (also outside every group)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.integer({ min: -20000, max: 20000 }).map((c) => encode(c / 100)),
          { minLength: N, maxLength: N },
        ),
        fc.array(fc.constantFrom(0, 1, 2, 2, 7, -1), { minLength: N, maxLength: N }),
        async (values, labels) => {
          const out = await run([values, labels]);
          const rows = (g: number) => values.filter((_, i) => labels[i] === g);
          expect(out.membership).toEqual(GROUPS.map((g) => labels.map((l) => (l === g ? 1 : 0))));
          expect(out.counts).toEqual(GROUPS.map((g) => rows(g).length));
          within(
            out.sums,
            GROUPS.map((g) => sum(rows(g))),
            2 ** -12,
            0,
            "sums",
          );
          expect(out.integer_sums).toEqual([0, 1, 2].map((g) => 3 * g * rows(g).length));
          // A mean keeps a relative 2^-13 (the division's 2^-14, plus the product's truncation).
          within(
            out.means,
            GROUPS.map((g) => (rows(g).length === 0 ? 0 : mean(rows(g)) * 1000)),
            2 ** -8 * N,
            2 ** -13,
            "means",
          );
        },
      ),
      { numRuns: 4 },
    );
  });
});
