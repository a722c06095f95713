import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { programRunner } from "./run-program.js";

const N = 12;
const ULP = 2 ** -16;
const RUNS = { numRuns: 5 };
const encode = (v: number): number => Math.round(v * 2 ** 16) / 2 ** 16;

/** |got − want| ≤ abs + rel·|want| for every element. */
function within(got: unknown, want: number[], abs: number, rel: number): void {
  const values = got as number[];
  values.forEach((g, i) => {
    const w = want[i]!;
    expect(Math.abs(g - w), `element ${i}: got ${g}, want ${w}`).toBeLessThanOrEqual(abs + rel * Math.abs(w));
  });
}

/**
 * The documented error of a / b: 2^−15 + 2^−14·|a/b|, plus 2^−16/|b| — a · (1/b's mantissa) is
 * rounded to 2^−16 before the scale of a small b (< 1/2) multiplies it up.
 */
function withinQuotient(got: unknown, a: number[], b: number[]): void {
  (got as number[]).forEach((g, i) => {
    const want = a[i]! / b[i]!;
    const bound = 2 ** -15 + 2 ** -14 * Math.abs(want) + 2 ** -16 / Math.abs(b[i]!);
    expect(Math.abs(g - want), `element ${i}: got ${g}, want ${want}`).toBeLessThanOrEqual(bound);
  });
}

/** Doubles spread over orders of magnitude, with both signs. */
function magnitudes(lo: number, hi: number, signed: boolean): fc.Arbitrary<number> {
  return fc
    .tuple(fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }), fc.boolean())
    .map(([l, negative]) => encode((signed && negative ? -1 : 1) * Math.exp(l)));
}

describe("sfix multiplication and comparison", () => {
  const { run } = programRunner(`
x = input(sfix[${N}], party=0)
y = input(sfix[${N}], party=1)
output(x * y, name="product")
output(x < y, name="lt")
output(x == y, name="eq")
`);
  it("truncate exactly: the product is ⌊x·y·2^16⌋ / 2^16 of the encoded inputs", async () => {
    const value = fc.oneof(fc.constantFrom(0, ULP, -ULP, 1, -1, 0.5, 20000, -20000), magnitudes(ULP, 20000, true));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(value, value), { minLength: N, maxLength: N }), async (p) => {
        p[1] = [p[1]![0], p[1]![0]];
        const x = p.map(([a]) => a);
        const y = p.map(([, b]) => b);
        const out = await run([x, y, []]);
        expect(out.product).toEqual(x.map((a, i) => Math.floor(a * y[i]! * 2 ** 16) / 2 ** 16 + 0));
        expect(out.lt).toEqual(x.map((a, i) => a < y[i]!));
        expect(out.eq).toEqual(x.map((a, i) => a === y[i]!));
      }),
      RUNS,
    );
  });
});

describe("fixed-point functions, within their documented error", () => {
  const { run } = programRunner(`
x = input(sfix[${N}], party=0)
p = input(sfix[${N}], party=1)
e = input(sfix[${N}], party=2)
output(reciprocal(x), name="reciprocal")
output(p / x, name="quotient")
output(sqrt(p), name="sqrt")
output(log(p), name="log")
output(exp(e), name="exp")
output(sigmoid(e), name="sigmoid")
`);
  it("reciprocal, division, sqrt, log, exp and sigmoid", async () => {
    const x = fc.array(magnitudes(2 ** -8, 2 ** 20, true), { minLength: N, maxLength: N });
    const p = fc.array(magnitudes(2 ** -10, 2 ** 27, false), { minLength: N, maxLength: N });
    const e = fc.array(fc.double({ min: -11, max: 18, noNaN: true }).map(encode), { minLength: N, maxLength: N });
    await fc.assert(
      fc.asyncProperty(x, p, e, async (xs, ps, es) => {
        const out = await run([xs, ps, es]);
        within(
          out.reciprocal,
          xs.map((v) => 1 / v),
          2 ** -15,
          2 ** -14,
        );
        // Every quotient, up to 2^27 / 2^−8 = 2^35: no bound on it beyond the type's own.
        withinQuotient(out.quotient, ps, xs);
        within(out.sqrt, ps.map(Math.sqrt), 2 ** -15, 2 ** -14);
        within(out.log, ps.map(Math.log), 2 ** -13, 0);
        within(out.exp, es.map(Math.exp), 2 ** -15, 2 ** -12);
        within(
          out.sigmoid,
          es.map((v) => 1 / (1 + Math.exp(-v))),
          2 ** -14,
          0,
        );
      }),
      { numRuns: 3 },
    );
  });

  it("edge values: 1, the smallest and largest inputs, and exp's saturation", async () => {
    const xs = [1, -1, 2 ** -8, -(2 ** -8), 2 ** 20, 3, 0.5, 7, 1000, -1000, 0.125, 10];
    const ps = [1, 2 ** -10, 2 ** 27, 4, 0.25, 9, 100, 1e6, 2, 0.5, 3, 1e8];
    const es = [0, -11, 18, 1, -1, 0.5, 30, -30, 5, -5, 10, 2];
    const out = await run([xs, ps, es]);
    within(
      out.reciprocal,
      xs.map((v) => 1 / v),
      2 ** -15,
      2 ** -14,
    );
    // Among them 2^27 / 2^−8 and 1e8 / 10: quotients far above 2^16.
    withinQuotient(out.quotient, ps, xs);
    within(out.sqrt, ps.map(Math.sqrt), 2 ** -15, 2 ** -14);
    within(out.log, ps.map(Math.log), 2 ** -13, 0);
    const exp = out.exp as number[];
    expect(exp[6]).toBe(2 ** 27); // e^30 saturates at 2^27
    expect(exp[7]).toBeLessThanOrEqual(2 ** -15); // e^-30 underflows to (almost) 0
    within([exp[0]!, exp[1]!, exp[2]!], [1, Math.exp(-11), Math.exp(18)], 2 ** -15, 2 ** -12);
  });
});
