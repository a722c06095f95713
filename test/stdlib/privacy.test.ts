import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeOutputs } from "../../vm/machine/outputs.js";
import { compile, encodeInputs, runInMemory } from "../helpers.js";
import { programRunner } from "../nonlinear/run-program.js";
import { encode, within } from "./reference.js";

describe("suppress_small, the minimum-group-size guard", () => {
  const { run } = programRunner(`
from privacy import suppress_small, clip
values = input(sfix[8], party=0)
counts = input(sint[8], party=1)
shown, released = suppress_small(values, counts, 5)
output(shown, name="shown")
output(released, name="released")
one, flag = suppress_small(sum(values), sum(counts), 20)
output(one, name="one")
output(flag, name="flag")
output(clip(values, -10, 10.5), name="clipped")
`);

  it("releases a value only where at least k rows contribute, and 0 elsewhere", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -4000, max: 4000 }), { minLength: 8, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }),
        async (cents, counts) => {
          const values = cents.map((c) => encode(c / 100));
          const out = await run([values, counts]);
          within(
            out.shown,
            values.map((v, i) => (counts[i]! >= 5 ? v : 0)),
            0,
            0,
            "shown",
          );
          expect(out.released).toEqual(counts.map((c) => c >= 5));
          const total = counts.reduce((a, b) => a + b, 0);
          expect(out.flag).toBe(total >= 20);
          within(out.one, total >= 20 ? values.reduce((a, b) => a + b, 0) : 0, 2 ** -12, 0, "one");
          within(
            out.clipped,
            values.map((v) => Math.min(Math.max(v, -10), 10.5)),
            0,
            0,
            "clipped",
          );
        },
      ),
      { numRuns: 4 },
    );
  });
});

/** Moments of draws from the discrete Laplace distribution P(x) ∝ q^|x|. */
function expectDiscreteLaplace(draws: readonly number[], q: number): void {
  const n = draws.length;
  const variance = (2 * q) / (1 - q) ** 2;
  const zero = (1 - q) / (1 + q);
  const mean = draws.reduce((a, b) => a + b, 0) / n;
  const spread = draws.reduce((a, x) => a + x * x, 0) / n;
  // Five standard errors: a correct sampler fails this about once in a million runs.
  expect(Math.abs(mean), `mean ${mean}`).toBeLessThan(5 * Math.sqrt(variance / n));
  expect(Math.abs(spread / variance - 1), `variance ${spread} vs ${variance}`).toBeLessThan(5 * Math.sqrt(5 / n));
  const p0 = draws.filter((x) => x === 0).length / n;
  expect(Math.abs(p0 - zero), `P(0) ${p0} vs ${zero}`).toBeLessThan(5 * Math.sqrt((zero * (1 - zero)) / n));
  expect(draws.every((x) => Number.isInteger(x))).toBe(true);
}

describe("laplace_noise, drawn jointly inside the computation", () => {
  it("has the discrete Laplace distribution for epsilon / sensitivity 0.7 and 0.1 (1,000 secure draws each)", async () => {
    const loaded = compile(
      `
from privacy import laplace_noise
output(laplace_noise(1000, 0.7), name="unit")
output(laplace_noise(1000, 1.0, 10), name="wide")
`,
      { parties: 3 },
    );
    const [party0] = await runInMemory(loaded, encodeInputs(loaded, []));
    const out = decodeOutputs(loaded.program, party0!.outputs);
    expectDiscreteLaplace(out.unit as number[], Math.exp(-0.7));
    expectDiscreteLaplace(out.wide as number[], Math.exp(-0.1));
  });

  it("is negligible at a huge epsilon, so noisy_count and noisy_sum equal the exact count and clipped sum", async () => {
    const loaded = compile(
      `
from privacy import noisy_count, noisy_sum
x = input(sint[10], party=0)
output(noisy_count(x > 2, 200), name="count")
output(noisy_sum(x, -3, 3, 800), name="clipped_sum")
`,
      { parties: 3 },
    );
    const x = [5, -7, 0, 3, 2, 9, -1, 1, 4, -2];
    const results = await runInMemory(loaded, encodeInputs(loaded, [x]));
    for (const r of results) {
      const out = decodeOutputs(loaded.program, r.outputs);
      expect(out.count).toBe(x.filter((v) => v > 2).length);
      expect(out.clipped_sum).toBe(x.map((v) => Math.min(Math.max(v, -3), 3)).reduce((a, b) => a + b, 0));
    }
  });
});
