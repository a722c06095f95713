// Every program in programs/ runs with three parties over real WebSockets on its sample data
// (programs/data/<name>/p<i>.csv); every party's outputs equal `mpcvm emulate`'s, and the
// emulated results match an independent computation in TypeScript.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource, type CompileOptions } from "../../compiler/compile.js";
import type { Vec } from "../../vm/domain/ring64.js";
import { tokenizeInput } from "../../vm/machine/inputs.js";
import { decodeOutputs, type OutputValue } from "../../vm/machine/outputs.js";
import { emulate } from "../../vm/machine/party.js";
import { runLocal } from "../../vm/session.js";
import { ROOT } from "../cli/run-cli.js";
import { compile, encodeInputs } from "../helpers.js";
import { references } from "./program-references.js";

/** How each program is compiled and where its sample inputs are, where not the defaults. */
const SETTINGS: Record<string, { options?: CompileOptions; data?: (party: number) => string }> = {
  average_salary: { options: { defines: new Map([["EMPLOYEES", "1000"]]) }, data: (p) => join(ROOT, "data", `p${p}.csv`) },
  hospital_costs: { options: { ringBits: 128 } },
};

/** Every protocol, and Shamir with 5 parties as well (the programs' inputs come from parties 0 to 2). */
const PROTOCOLS: ReadonlyArray<{ label: string; options: CompileOptions }> = [
  { label: "additive", options: {} },
  { label: "replicated", options: { protocol: "replicated" } },
  { label: "shamir, 3 parties", options: { protocol: "shamir" } },
  { label: "shamir, 5 parties, t = 2", options: { protocol: "shamir", parties: 5, threshold: 2 } },
];

const programs = readdirSync(join(ROOT, "programs"))
  .filter((f) => f.endsWith(".mpc"))
  .map((f) => f.slice(0, -4))
  .sort();

function sampleInputs(name: string): string[][] {
  const path = (p: number): string => SETTINGS[name]?.data?.(p) ?? join(ROOT, "programs", "data", name, `p${p}.csv`);
  return [0, 1, 2].map((p) => tokenizeInput(readFileSync(path(p), "utf8"), path(p)).map((t) => t.text));
}

describe("programs/ over WebSockets, three parties, on their sample data", () => {
  it("has every program of issue 6 and sample data for each", () => {
    for (const name of [
      "average_salary",
      "pay_gap",
      "sugar_beet_auction",
      "hospital_costs",
      "fraud_overlap",
      "vickrey_auction",
      "millionaires",
      "voting",
      "linear_regression",
    ]) {
      expect(programs).toContain(name);
    }
    for (const name of programs) expect(() => sampleInputs(name), name).not.toThrow();
  });

  for (const name of programs)
    for (const protocol of PROTOCOLS) {
      it(`${name}.mpc (${protocol.label}): every party's outputs equal the emulator's, which match the reference`, async () => {
        const text = readFileSync(join(ROOT, "programs", `${name}.mpc`), "utf8");
        const options = { ...(SETTINGS[name]?.options ?? {}), ...protocol.options };
        const compiled = compileSource(join(ROOT, "programs", `${name}.mpc`), text, options);
        expect(
          compiled.warnings.map((w) => w.message),
          "range warnings",
        ).toEqual([]);
        const loaded = compile(text, options, join(ROOT, "programs", `${name}.mpc`));
        expect(loaded.program.parties).toBe(protocol.options.parties ?? 3);
        const values = sampleInputs(name);
        const inputs = encodeInputs(loaded, values);
        const all = new Map<number, Vec>();
        for (const m of inputs) for (const [k, v] of m) all.set(k, v);
        const clear = decodeOutputs(loaded.program, await emulate(loaded, all, () => {}));
        const results = await runLocal(loaded, inputs, { connectTimeoutMs: 10_000, roundTimeoutMs: 30_000 });
        const seen = new Set<string>();
        results.forEach((r, party) => {
          const secure = decodeOutputs(loaded.program, r.outputs);
          for (const [key, value] of Object.entries(secure)) {
            seen.add(key);
            expect(value, `${key} at party ${party}`).toEqual(clear[key]);
          }
          const addressed = loaded.program.outputs.filter((o) => o.to === -1 || o.to === party).map((o) => o.name);
          expect(Object.keys(secure).sort()).toEqual(addressed.sort());
        });
        expect([...seen].sort()).toEqual(Object.keys(clear).sort());
        const reference = references[name];
        expect(reference, `a reference computation for ${name}`).toBeDefined();
        reference!(
          values.map((v) => v.map(Number)),
          clear as Record<string, OutputValue>,
        );
      });
    }
});
