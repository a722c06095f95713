// The report's figures for known programs: average_salary.mpc exactly, a loop on a revealed
// value at its bound, and the disclosure list — outputs, reveals, masked opens, nothing else.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { reportDot } from "../../compiler/report/dot.js";
import { reportJson } from "../../compiler/report/json.js";
import { analyse, buildReport, REPORT_SCHEMA, type Report } from "../../compiler/report/report.js";
import { reportText } from "../../compiler/report/text.js";
import { decodeProgram } from "../../vm/bytecode/codec.js";
import { compile } from "../helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const AVERAGE = readFileSync(join(ROOT, "programs", "average_salary.mpc"), "utf8");

function reportOf(text: string, defines = new Map<string, string>()): Report {
  return buildReport(analyse(compile(text, { defines })));
}

describe("the report of average_salary.mpc (100 salaries a party)", () => {
  const r = reportOf(AVERAGE);

  it("has three rounds, no multiplication, one division mask, and the bytes each party sends", () => {
    expect(r.schema).toBe(REPORT_SCHEMA);
    expect(r.rounds).toEqual({ total: 3, byKind: { INPUT: 1, DIVS: 1, OPEN: 1 } });
    expect(r.multiplicativeDepth).toBe(0);
    expect(r.preprocessing).toEqual([{ kind: "divmask", param: "300", count: 1, bytesPerParty: 24 }]);
    // 100 words to each of two peers for the input, one word to each for the division and the open.
    expect(r.bytes).toEqual({ perParty: [1632, 1632, 1632], total: 4896, preprocessingPerParty: 24 });
    expect(r.worstCase).toEqual({ loops: [], branches: [] });
  });

  it("estimates the time from rounds and bytes: half a round trip a round, plus the busiest party's bytes", () => {
    const wan = r.network.find((n) => n.profile === "WAN")!;
    // Per round the busiest party moves its payload plus a 12-byte frame header per peer.
    expect(wan.seconds).toBeCloseTo(3 * 0.025 + ((1600 + 24) + (16 + 24) + (16 + 24)) * 8 / 100e6, 12);
    expect(r.network.map((n) => n.profile)).toEqual(["LAN", "WAN"]);
  });

  it("names the lines that cost it and what everybody learns", () => {
    expect(r.criticalPath.map((s) => [s.line, s.rounds, s.ops])).toEqual([[10, 1, ["INPUT"]], [11, 2, ["DIVS", "OPEN"]]]);
    expect(r.lines.map((l) => [l.line, l.rounds, l.bytes])).toEqual([[11, 2, 96], [10, 1, 4800]]);
    expect(r.disclosures).toEqual([{ kind: "output", name: "average", line: 11, type: "sfix", shape: [], to: "all", times: 1 }]);
    expect(r.maskedOpens).toEqual({ count: 0, lines: [] });
  });

  it("reads as text, as JSON and as a graphviz drawing", () => {
    const text = reportText(r);
    expect(text).toContain("Online rounds           3   (INPUT 1, DIVS 1, OPEN 1)");
    expect(text).toContain('line 11    output "average"');
    expect(JSON.parse(reportJson(r))).toEqual(JSON.parse(JSON.stringify(r)));
    const dot = reportDot(analyse(compile(AVERAGE)));
    expect(dot.startsWith("digraph rounds {")).toBe(true);
    expect(dot.match(/\[label="round \d+/g)).toHaveLength(3);
    expect(dot).toContain("r1 -> r2;");
    expect(dot.split("{").length).toBe(dot.split("}").length);
  });
});

describe("worst cases and disclosures", () => {
  const LOOP = [
    "v = input(sint, party=0)",
    "steps = 0",
    "while reveal(v > 10):",
    "    v = v - 7",
    "    steps += 1",
    'output(v, name="rest", to=1)',
    'print("steps", steps)',
  ].join("\n");

  it("counts a loop on a revealed value at its bound and says so, and lists its condition as revealed once per iteration", () => {
    const r = reportOf(LOOP);
    expect(r.worstCase.loops).toEqual([{ line: 3, bound: 101, count: 1 }]);
    expect(r.disclosures.map((d) => [d.kind, d.name, d.line, d.type, d.to, d.times])).toEqual([
      ["reveal", "v > 10", 3, "sbool", "all", 101],
      ["output", "rest", 6, "sint", 1, 1],
    ]);
    expect(r.rounds.total % 101).toBe(2);
    expect(reportText(r)).toContain("Worst case: the figures count the loop at line 3 at its bound of 101 runs");
    expect(r.maskedOpens.lines).toEqual([3]);
  });

  it("accounts for every open of every corpus program: an output, a reveal, or a masked one", () => {
    const dir = join(ROOT, "test", "programs");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".mpc") && !f.startsWith("lib_"))) {
      const text = readFileSync(join(dir, file), "utf8");
      if (/^# error:/m.test(text)) continue;
      const result = compileSource(join(dir, file), text);
      const r = buildReport(analyse(decodeProgram(result.output!.bytes)));
      expect(r.disclosures.filter((d) => d.kind === "open"), file).toEqual([]);
      expect(r.disclosures.filter((d) => d.kind === "output").map((d) => d.name).sort(), file).toEqual(result.ir!.outputs.map((o) => o.name).sort());
    }
  });
});
