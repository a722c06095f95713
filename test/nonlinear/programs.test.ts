import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { renderDiagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { roundsOf } from "../../vm/bytecode/analysis.js";
import type { Vec } from "../../vm/domain/ring64.js";
import { decodeOutputs } from "../../vm/machine/outputs.js";
import { emulate } from "../../vm/machine/party.js";
import { runLocal } from "../../vm/session.js";
import { compile, encodeInputs } from "../helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");

function salaries(seed: number, count: number): number[] {
  // A small deterministic generator: the test needs fixed data, not secrecy.
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return Math.round((20000 + (x / 2 ** 31) * 180000) * 100) / 100;
  });
}

const VARIANCE = `N = 1000
s = concat(input(sfix[N], party=0, bounds=(20000, 200000)), input(sfix[N], party=1, bounds=(20000, 200000)), input(sfix[N], party=2, bounds=(20000, 200000)))
mean = sum(s) / (3 * N)
d = s - mean
output(sum(d * d) / (3 * N), name="variance")
`;

describe("the variance of 3 × 1,000 salaries between 20,000 and 200,000", () => {
  const data = [salaries(1, 1000), salaries(2, 1000), salaries(3, 1000)];
  const all = data.flat();
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  const variance = all.reduce((a, v) => a + (v - mean) ** 2, 0) / all.length;

  it("is flagged by the range check in the 64-bit ring, at the line of the square", () => {
    const result = compileSource("variance.mpc", VARIANCE);
    const warnings = result.warnings.map((w) => renderDiagnostic(w, result.sources));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("variance.mpc:5:12: warning MPC0701: this product can need 69 bits, more than the 64-bit ring allows here (64)");
    expect(warnings[0]).toContain("--ring 128");
  });

  it("comes out right in the 128-bit ring, with no warning", async () => {
    const result = compileSource("variance.mpc", VARIANCE, { ringBits: 128 });
    expect(result.warnings).toEqual([]);
    const loaded = compile(VARIANCE, { ringBits: 128 });
    const inputs = encodeInputs(loaded, data);
    const [party0] = await runLocal(loaded, inputs);
    const secure = decodeOutputs(loaded.program, party0!.outputs).variance as number;
    expect(Math.abs(secure - variance) / variance).toBeLessThan(1e-6);
  });
});

describe("the integer operations exact over the whole range", () => {
  it("compile without a range warning, since their internal sums cannot overflow", () => {
    for (const expr of ["x >> 3", "x // 7", "x % 7", "abs(x)", "sign(x)", "min(x, y)", "max(x)", "x < y", "x == y", "from_bits(bits(x))"]) {
      const result = compileSource("ops.mpc", `x = input(sint[10], party=0)\ny = input(sint[10], party=1)\noutput(${expr}, name="r")\n`);
      expect(result.diagnostics, expr).toEqual([]);
      expect(
        result.warnings.map((w) => renderDiagnostic(w, result.sources)),
        expr,
      ).toEqual([]);
    }
  });
});

describe("programs/salary_statistics.mpc over WebSockets", () => {
  it("counts salaries above the threshold, finds the maximum and the top company's share, as the emulator does", async () => {
    const text = readFileSync(join(ROOT, "programs", "salary_statistics.mpc"), "utf8");
    const loaded = compile(text, {}, "salary_statistics.mpc");
    const data = [0, 1, 2].map((p) =>
      readFileSync(join(ROOT, "programs", "data", "salary_statistics", `p${p}.csv`), "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#"))
        .map(Number),
    );
    const inputs = encodeInputs(loaded, data);
    const results = await runLocal(loaded, inputs);
    const joined = new Map<number, Vec>();
    for (const m of inputs) for (const [k, v] of m) joined.set(k, v);
    const clear = decodeOutputs(loaded.program, await emulate(loaded, joined, () => {}));
    for (const r of results) expect(decodeOutputs(loaded.program, r.outputs)).toEqual(clear);
    const all = data.flat();
    const totals = data.map((d) => d.reduce((a, b) => a + b, 0));
    expect(clear.above_threshold).toBe(all.filter((v) => v > 100000).length);
    expect(clear.highest).toBeCloseTo(Math.max(...all), 4);
    expect(Math.abs((clear.top_share as number) - Math.max(...totals) / totals.reduce((a, b) => a + b, 0))).toBeLessThan(2 ** -13);
  });
});

describe("x < y on vectors of 100,000 elements", () => {
  it("takes 8 rounds however long the vectors are (plus the output round; inputs need none)", () => {
    const loaded = compile("x = input(sint[100000], party=0)\ny = input(sint[100000], party=1)\noutput(x < y, name='lt')\n", { parties: 3 });
    const rounds = roundsOf(loaded.instructions).length;
    expect(rounds - 1).toBe(8);
    const small = compile("x = input(sint[10], party=0)\ny = input(sint[10], party=1)\noutput(x < y, name='lt')\n", { parties: 3 });
    expect(roundsOf(small.instructions).length).toBe(rounds);
  });
});
