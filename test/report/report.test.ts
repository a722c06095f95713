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
import { roundsOf } from "../../vm/bytecode/analysis.js";
import { decodeProgram } from "../../vm/bytecode/codec.js";
import { emit } from "../../compiler/emit/emit.js";
import { blocksOf, timesRun } from "../../compiler/report/blocks.js";
import { disclosuresOf } from "../../compiler/report/disclosure.js";
import { compile } from "../helpers.js";
import { build, g } from "../passes/helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const AVERAGE = readFileSync(join(ROOT, "programs", "average_salary.mpc"), "utf8");

function reportOf(text: string, defines = new Map<string, string>()): Report {
  return buildReport(analyse(compile(text, { defines })));
}

const DOT_PRODUCT = `
x = input(sint[100], party=0)
y = input(sint[100], party=1)
z = input(sint[100], party=2)
output(sum(x * y * z), name="dot")
`;

describe("the report of a sum of products of three parties' vectors", () => {
  const r = reportOf(DOT_PRODUCT);

  it("has the rounds, depth, triples and bytes the protocol needs", () => {
    expect(r.schema).toBe(REPORT_SCHEMA);
    expect(r.rounds).toEqual({ total: 3, byKind: { MULS: 2, OPEN: 1 } });
    expect(r.multiplicativeDepth).toBe(2);
    expect(r.preprocessing).toEqual([{ kind: "triple", param: null, count: 200, bytesPerParty: 200 * 3 * 8 }]);
    // Inputs send nothing (pairwise PRG streams); each multiplication opens 2 words per element to each peer; the open, 1 word.
    const perParty = 2 * (2 * 2 * 100 * 8) + 2 * 8;
    expect(r.bytes).toEqual({ perParty: [perParty, perParty, perParty], total: 3 * perParty, preprocessingPerParty: 4800 });
    expect(r.worstCase).toEqual({ loops: [], branches: [] });
  });

  it("estimates the time from rounds and bytes: half a round trip a round, plus the busiest party's bytes", () => {
    const wan = r.network.find((n) => n.profile === "WAN")!;
    // Per round the busiest party moves its payload plus a 16-byte frame header per peer.
    const rounds = [3200, 3200, 16].map((b) => b + 32);
    expect(wan.seconds).toBeCloseTo(3 * 0.025 + (rounds.reduce((a, b) => a + b) * 8) / 100e6, 12);
    expect(r.network.map((n) => n.profile)).toEqual(["LAN", "WAN"]);
  });

  it("names the lines that cost it and what everybody learns", () => {
    expect(r.criticalPath.map((s) => [s.line, s.rounds, s.ops])).toEqual([[5, 3, ["MULS", "OPEN"]]]);
    expect(r.lines.map((l) => [l.line, l.rounds, l.triples, l.bytes])).toEqual([
      [5, 3, 200, 3 * (2 * 3200 + 16)],
      [2, 0, 0, 0],
      [3, 0, 0, 0],
      [4, 0, 0, 0],
    ]);
    expect(r.disclosures).toEqual([{ kind: "output", name: "dot", line: 5, type: "sint", shape: [], to: "all", times: 1 }]);
    expect(r.maskedOpens).toEqual({ count: 0, lines: [] });
  });
});

describe("the report of average_salary.mpc", () => {
  const loaded = compile(AVERAGE);
  const r = buildReport(analyse(loaded));

  it("spends every round on the division and the output (inputs need none), and reveals only the mean", () => {
    expect(r.rounds.total).toBe(roundsOf(loaded.instructions).length);
    expect(r.criticalPath).toEqual([{ line: 11, rounds: r.rounds.total, ops: ["DIVS", "OPEN", "ANDB", "B2A"], times: 1 }]);
    expect(r.disclosures).toEqual([{ kind: "output", name: "average", line: 11, type: "sfix", shape: [], to: "all", times: 1 }]);
  });

  it("reads as text, as JSON and as a graphviz drawing", () => {
    const text = reportText(r);
    expect(text).toContain(`Online rounds           ${r.rounds.total}   (`);
    expect(text).toContain('line 11    output "average"');
    expect(JSON.parse(reportJson(r))).toEqual(JSON.parse(JSON.stringify(r)));
    const dot = reportDot(analyse(loaded));
    expect(dot.startsWith("digraph rounds {")).toBe(true);
    expect(dot.match(/\[label="round \d+/g)).toHaveLength(r.rounds.total);
    expect(dot).toContain("r1 -> r2;");
    expect(dot.split("{").length).toBe(dot.split("}").length);
  });
});

describe("a program that calls the library", () => {
  const PROGRAM = ["from stats import variance", "x = input(sfix[50], party=0)", 'output(variance(x), name="v")'].join("\n");

  it("charges the library's gates to the line of the program that calls it", () => {
    const r = reportOf(PROGRAM);
    expect(r.lines.map((l) => l.line).sort()).toEqual([2, 3]);
    expect(r.lines.find((l) => l.line === 3)!.rounds).toBe(r.rounds.total);
    expect(r.criticalPath.every((s) => s.line === 3)).toBe(true);
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
    expect(r.rounds.total % 101).toBe(1);
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
      expect(
        r.disclosures.filter((d) => d.kind === "open"),
        file,
      ).toEqual([]);
      expect(
        r.disclosures
          .filter((d) => d.kind === "output")
          .map((d) => d.name)
          .sort(),
        file,
      ).toEqual(result.ir!.outputs.map((o) => o.name).sort());
    }
  });
});

describe("masked opens", () => {
  /** Opens (16 + r) + x for a fresh edaBit r, the bracketing the passes may choose; optionally also opens 16 + r. */
  function program(leakPartialSum: boolean) {
    const ir = build((b) => {
      const x = g.input(b);
      const r = b.gate({ op: "edabit" }, [], 1, true, null);
      const t = b.gate({ op: "add" }, [g.constant(b, [16n]), r], 1, true, null);
      const opened = b.gate({ op: "open", to: null }, [b.gate({ op: "add" }, [t, x], 1, true, null)], 1, false, null);
      b.gate({ op: "print", text: null, format: 0 }, [opened], 1, false, null);
      if (leakPartialSum) b.gate({ op: "print", text: null, format: 0 }, [b.gate({ op: "open", to: null }, [t], 1, false, null)], 1, false, null);
    });
    const { program: p, instructions } = emit(ir, "t.mpc");
    return disclosuresOf(p, instructions, timesRun(blocksOf(instructions), instructions.length));
  }

  it("are recognised however the sum with the mask is bracketed", () => {
    expect(program(false)).toEqual({ list: [], maskedOpens: { count: 1, lines: [0] } });
  });

  it("are not, once a partial sum holding the mask is read elsewhere: opening 16 + r as well gives x away", () => {
    const d = program(true);
    // 16 + r alone is uniformly random; (16 + r) + x is not masked any more, and is listed.
    expect(d.maskedOpens.count).toBe(1);
    expect(d.list.map((x) => x.kind)).toEqual(["open"]);
  });
});
