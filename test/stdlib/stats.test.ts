import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { programRunner } from "../nonlinear/run-program.js";
import { encode, histogram, leastSquares, mean, percentile, products, squares, sum, within } from "./reference.js";

const N = 12;
const RUNS = { numRuns: 4 };
/** Values with two decimals, drawn from a small range now and then so that ties occur. */
const amount = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: lo * 100, max: hi * 100 }).map((c) => encode(c / 100)),
    fc.constantFrom(lo, hi, 1, 2),
  );
const vector = (a: fc.Arbitrary<number>, n = N): fc.Arbitrary<number[]> => fc.array(a, { minLength: n, maxLength: n });

describe("stats.mpc on sfix vectors against their cleartext meaning", () => {
  const { run } = programRunner(`
from stats import mean, weighted_mean, sum_where, count_where, mean_where, pvariance, variance, pstdev, stdev, covariance, correlation, linear_regression, histogram, percentiles, median, max_and_index, min_and_index, argmax, argmin
x = input(sfix[${N}], party=0)
w = input(sfix[${N}], party=1)
y = input(sfix[${N}], party=2)
output(mean(x), name="mean")
output(weighted_mean(x, w), name="weighted_mean")
output(sum_where(x, w > 10), name="sum_where")
output(count_where(w > 10), name="count_where")
output(mean_where(x, w > 10), name="mean_where")
output(pvariance(x), name="pvariance")
output(variance(x), name="variance")
output(pstdev(x), name="pstdev")
output(stdev(x), name="stdev")
output(covariance(x, y), name="covariance")
output(correlation(x, y), name="correlation")
slope, intercept = linear_regression(x, y)
output(slope, name="slope")
output(intercept, name="intercept")
output(histogram(x, [-100, -10, 0, 2, 50, 101]), name="histogram")
output(sfix[5](percentiles(x, [0, 25, 50, 90, 100])), name="percentiles")
output(median(x), name="median")
top, where = max_and_index(x)
output(top, name="max")
output(where, name="max_index")
bottom, there = min_and_index(x)
output(bottom, name="min")
output(there, name="min_index")
output(argmax(w, bound=64), name="argmax_bounded")
output(argmin(w), name="argmin")
`);

  it("means, variances, correlation, regression, histogram, percentiles and extremes", async () => {
    await fc.assert(
      fc.asyncProperty(vector(amount(-100, 100)), vector(amount(1, 50)), vector(amount(-50, 50)), async (x, w, y) => {
        y[0] = y[0]! + 1; // never constant: the correlation needs a spread
        const out = await run([x, w, y]);
        within(out.mean, mean(x), 2 ** -15, 0, "mean");
        within(out.weighted_mean, sum(x.map((v, i) => v * w[i]!)) / sum(w), 2 ** -12, 2 ** -13, "weighted_mean");
        const big = x.filter((_, i) => w[i]! > 10);
        within(out.sum_where, sum(big), 2 ** -14, 0, "sum_where");
        expect(out.count_where).toBe(big.length);
        within(out.mean_where, big.length === 0 ? 0 : mean(big), 2 ** -10, 2 ** -13, "mean_where");
        within(out.pvariance, squares(x) / N, 2 ** -10, 2 ** -14, "pvariance");
        within(out.variance, squares(x) / (N - 1), 2 ** -10, 2 ** -14, "variance");
        within(out.pstdev, Math.sqrt(squares(x) / N), 2 ** -12, 2 ** -13, "pstdev");
        within(out.stdev, Math.sqrt(squares(x) / (N - 1)), 2 ** -12, 2 ** -13, "stdev");
        within(out.covariance, products(x, y) / (N - 1), 2 ** -10, 2 ** -14, "covariance");
        if (squares(x) > 1) within(out.correlation, products(x, y) / Math.sqrt(squares(x) * squares(y)), 2 ** -10, 0, "correlation");
        if (squares(x) > 1) {
          const slope = products(x, y) / squares(x);
          within(out.slope, slope, 2 ** -11, 2 ** -12, "slope");
          within(out.intercept, mean(y) - slope * mean(x), 2 ** -11 * (1 + Math.abs(mean(x))), 2 ** -12, "intercept");
        }
        expect(out.histogram).toEqual(histogram(x, [-100, -10, 0, 2, 50, 101]));
        within(
          out.percentiles,
          [0, 25, 50, 90, 100].map((p) => percentile(x, p)),
          2 ** -15 * 200,
          0,
          "percentiles",
        );
        within(out.median, percentile(x, 50), 2 ** -15, 0, "median");
        within(out.max, Math.max(...x), 0, 0, "max");
        expect(out.max_index).toBe(x.indexOf(Math.max(...x)));
        within(out.min, Math.min(...x), 0, 0, "min");
        expect(out.min_index).toBe(x.indexOf(Math.min(...x)));
        expect(out.argmax_bounded).toBe(w.indexOf(Math.max(...w)));
        expect(out.argmin).toBe(w.indexOf(Math.min(...w)));
      }),
      RUNS,
    );
  });
});

describe("stats.mpc on sint vectors", () => {
  const { run } = programRunner(`
from stats import mean, percentile, median, histogram, argmax, max_and_index
x = input(sint[7], party=0)
output(mean(x), name="mean")
output(percentile(x, 30, bound=2 ** 40), name="p30")
output(median(x), name="median")
output(histogram(x, [-5, 0, 5]), name="histogram")
top, where = max_and_index(x)
output(top, name="max")
output(where, name="index")
`);

  it("give exact order statistics over the whole range and interpolate between them", async () => {
    const int = fc.oneof(fc.integer({ min: -10, max: 10 }), fc.integer({ min: -(2 ** 39), max: 2 ** 39 }));
    await fc.assert(
      fc.asyncProperty(vector(int, 7), async (x) => {
        const out = await run([x]);
        within(out.mean, mean(x), 2 ** -16 * 2, 0, "mean");
        within(out.p30, percentile(x, 30), 2 ** -15 * 2 ** 39, 0, "p30");
        expect(out.median).toBe(percentile(x, 50));
        expect(out.histogram).toEqual(histogram(x, [-5, 0, 5]));
        expect(out.max).toBe(Math.max(...x));
        expect(out.index).toBe(x.indexOf(Math.max(...x)));
      }),
      RUNS,
    );
  });
});

describe("least_squares with three features", () => {
  const n = 20;
  const { run } = programRunner(`
from stats import least_squares
a = input(sfix[${n}], party=0)
b = input(sfix[${n}], party=1)
c = input(sfix[${n}], party=2)
y = input(sfix[${n}], party=2)
coefficients, intercept = least_squares(sfix[3, ${n}]([a, b, c]).T, y)
output(coefficients, name="coefficients")
output(intercept, name="intercept")
`);

  it("matches the normal equations solved in doubles", async () => {
    const feature = vector(amount(0, 40), n);
    await fc.assert(
      fc.asyncProperty(
        feature,
        feature,
        feature,
        fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })),
        vector(amount(-1, 1), n),
        async (a, b, c, [ka, kb, kc], noise) => {
          const y = a.map((v, i) => encode(ka * v + kb * b[i]! + kc * c[i]! + 5 + noise[i]!));
          const out = await run([a, b, [...c, ...y]]);
          const expected = leastSquares([a, b, c], y);
          // The relative error of the divisions (2^-14) is amplified by the system's condition.
          within(out.coefficients, expected.slice(0, 3), 0.02, 0.01, "coefficients");
          within(out.intercept, expected[3]!, 0.5, 0.01, "intercept");
        },
      ),
      { numRuns: 3 },
    );
  });
});
