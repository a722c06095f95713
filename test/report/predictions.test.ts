// The report's rounds and bytes are what the VM does: for every program in programs/ (with
// inputs of the sizes its header names) and every runnable program of the language corpus, the
// rounds each party ran and the bytes it sent equal the report's figures for the path the run
// took; straight-line programs equal the report's totals, and no run exceeds them.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { analyse, buildReport } from "../../compiler/report/report.js";
import { decodeProgram } from "../../vm/bytecode/codec.js";
import type { LoadedProgram } from "../../vm/bytecode/program.js";
import { withClientShares } from "../../vm/clients.js";
import { corpusClientValues, encodeInputs } from "../helpers.js";
import { observe, predicted, sampleInputs } from "./helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");

async function check(loaded: LoadedProgram, values: ReadonlyArray<ReadonlyArray<string>>, text = ""): Promise<void> {
  const report = buildReport(analyse(loaded));
  const { stats, entries } = await observe(loaded, withClientShares(loaded, encodeInputs(loaded, values), corpusClientValues(loaded, text)));
  const expected = predicted(loaded, entries);
  stats.forEach((s, party) => {
    expect(s.rounds, `rounds of party ${party}`).toBe(expected.rounds);
    expect(s.bytesSent, `bytes party ${party} sent`).toBe(expected.sent[party]);
    expect(s.rounds).toBeLessThanOrEqual(report.rounds.total);
    expect(s.bytesSent).toBeLessThanOrEqual(report.bytes.perParty[party]!);
  });
  const { loops, branches } = report.worstCase;
  if (loops.length === 0 && branches.length === 0) {
    expect(report.rounds.total).toBe(stats[0]!.rounds);
    expect(report.bytes.perParty).toEqual(stats.map((s) => s.bytesSent));
  }
}

describe("the report predicts the rounds and bytes of a run exactly", () => {
  const examples = readdirSync(join(ROOT, "programs"))
    .filter((f) => f.endsWith(".mpc"))
    .sort();
  it("has example programs to check", () => expect(examples.length).toBeGreaterThan(0));
  for (const file of examples) {
    it(`programs/${file}`, async () => {
      const path = join(ROOT, "programs", file);
      const result = compileSource(path, readFileSync(path, "utf8"));
      expect(result.diagnostics).toEqual([]);
      const loaded = decodeProgram(result.output!.bytes);
      await check(loaded, sampleInputs(loaded));
    });
  }

  const dir = join(ROOT, "test", "programs");
  const corpus = readdirSync(dir)
    .filter((f) => f.endsWith(".mpc") && !f.startsWith("lib_"))
    .sort();
  for (const file of corpus) {
    const text = readFileSync(join(dir, file), "utf8");
    if (/^# error:/m.test(text)) continue;
    it(`test/programs/${file}, with the passes and at -O0`, async () => {
      const inputs: string[][] = [];
      for (const m of text.matchAll(/^# input (\d+):(.*)$/gm)) inputs[Number(m[1])] = m[2]!.split(/[\s,]+/).filter((t) => t !== "");
      const defines = new Map([...text.matchAll(/^# define: (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as [string, string]));
      for (const optimize of [true, false]) {
        const result = compileSource(join(dir, file), text, { defines, optimize });
        await check(decodeProgram(result.output!.bytes), inputs, text);
      }
    });
  }
});
