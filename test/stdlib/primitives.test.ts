// The compiler changes the library needed: compare_exchange's bound=, a vector divided by one
// secret, divisions in the 128-bit ring run securely, and sorting exempt from the range check.

import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { renderDiagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { roundsOf } from "../../vm/bytecode/analysis.js";
import { compile, compileErrors, secureAndClear } from "../helpers.js";
import { within } from "./reference.js";

const need = (loaded: ReturnType<typeof compile>, kind: string): number =>
  loaded.program.preprocessing.filter((p) => p.kind === kind).reduce((a, p) => a + p.count, 0);

describe("compare_exchange(keys, lo, hi, ..., bound=B)", () => {
  const layer = (bound: string) =>
    `x = input(sfix[4], party=0)\np = input(sint[4], party=1)\nk, q = compare_exchange(x, [0, 2], [1, 3], p${bound})\noutput(k, name="k")\noutput(q, name="q")\n`;

  it("orders sfix keys within [-B, B) (B in the keys' units) and carries the payload", async () => {
    const loaded = compile(layer(", bound=100"), { parties: 3 });
    const { secure, clear } = await secureAndClear(loaded, [
      [99.5, -100, 0.25, 0.125],
      [1, 2, 3, 4],
    ]);
    for (const s of secure) expect(s).toEqual(clear);
    expect(clear.k).toEqual([-100, 99.5, 0.125, 0.25]);
    expect(clear.q).toEqual([2, 1, 4, 3]);
  });

  it("costs one edaBit per pair instead of three, and fewer rounds", () => {
    const full = compile(layer(""), { parties: 3 });
    const bounded = compile(layer(", bound=100"), { parties: 3 });
    expect(need(full, "edabit")).toBe(6);
    expect(need(bounded, "edabit")).toBe(2);
    // 100·2^16 needs 23 bits, the difference 24 and the sign 25: ⌈log2 24⌉ = 5 AND rounds, not 7.
    expect(roundsOf(full.instructions).length - roundsOf(bounded.instructions).length).toBe(2);
  });

  it("refuses a bound that is not a positive compile-time number", () => {
    const errors = compileErrors("x = input(sint[2], party=0)\ny = compare_exchange(x, [0], [1], bound=-1)\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("bound= must be a positive number known at compile time");
  });

  it("is exempt from the range check: a sort of bounded inputs gives no warning", () => {
    const result = compileSource("sort.mpc", "from sort import sort\nx = input(sfix[40], party=0, bounds=(0, 1000000))\noutput(sort(x), name='s')\n", {
      parties: 3,
    });
    expect(result.warnings.map((w) => renderDiagnostic(w, result.sources))).toEqual([]);
  });
});

describe("division by a secret", () => {
  it("divides every element of a vector by one secret scalar", async () => {
    const loaded = compile("x = input(sfix[4], party=0)\noutput(x / x[1], name='q')\noutput(6 / x, name='r')\n", { parties: 3 });
    const { secure, clear } = await secureAndClear(loaded, [[1, 2.5, -3, 40]]);
    for (const s of secure) expect(s).toEqual(clear);
    within(clear.q, [0.4, 1, -1.2, 16], 2 ** -15, 2 ** -14, "q");
    within(clear.r, [6, 2.4, -2, 0.15], 2 ** -15, 2 ** -14, "r");
  });

  it("runs securely in the 128-bit ring, where the normalisation divides by 2^93", async () => {
    const loaded = compile("x = input(sfix[3], party=0)\ny = input(sfix[3], party=1)\noutput(x / y, name='q')\noutput(sqrt(x), name='s')\n", {
      parties: 3,
      ringBits: 128,
    });
    const { secure, clear } = await secureAndClear(loaded, [
      [10, 2, 1000000],
      [4, 3, 7],
    ]);
    for (const s of secure) expect(s).toEqual(clear);
    within(clear.q, [2.5, 2 / 3, 1000000 / 7], 2 ** -15, 2 ** -14, "q");
    within(clear.s, [Math.sqrt(10), Math.sqrt(2), 1000], 2 ** -15, 2 ** -14, "s");
  });
});
