// The cost of each source line: its instructions, the rounds of the critical path it accounts
// for, the preprocessing it consumes and the bytes all parties send for it (worst case).

import { prepCount, prepParam, trafficByParty } from "../../vm/bytecode/analysis.js";
import type { Instruction, Program } from "../../vm/bytecode/program.js";
import { ISA } from "../../vm/isa.js";
import { prepKey } from "../../vm/preprocessing/kinds.js";
import type { Step } from "./cost.js";

export interface LineCost {
  readonly line: number;
  /** Instructions of the line in the program (each counted once). */
  readonly gates: number;
  /** Rounds of the critical path spent waiting for this line. */
  readonly rounds: number;
  readonly triples: number;
  /** Preprocessing by kind (with its variant, e.g. "divmask/3000"), triples included. */
  readonly preprocessing: Record<string, number>;
  /** Bytes all parties together send for this line. */
  readonly bytes: number;
}

export function lineCosts(program: Program, instructions: readonly Instruction[], times: Float64Array, critical: readonly Step[]): LineCost[] {
  const byLine = new Map<number, { gates: number; rounds: number; preprocessing: Map<string, number>; bytes: number }>();
  const entry = (line: number) => {
    let e = byLine.get(line);
    if (e === undefined) byLine.set(line, (e = { gates: 0, rounds: 0, preprocessing: new Map(), bytes: 0 }));
    return e;
  };
  instructions.forEach((ins, i) => {
    if (ISA[ins.op].control !== null) return;
    const e = entry(ins.line);
    e.gates++;
    const prep = ISA[ins.op].prep;
    if (prep !== null) {
      const key = prepKey(prep.kind, prepParam(program, ins));
      e.preprocessing.set(key, (e.preprocessing.get(key) ?? 0) + prepCount(program, ins) * times[i]!);
    }
    if (ISA[ins.op].traffic !== null) e.bytes += trafficByParty(program, ins).sent.reduce((a, b) => a + b, 0) * times[i]!;
  });
  for (const step of critical) entry(step.line).rounds += step.times;
  return [...byLine.entries()]
    .map(([line, e]) => ({
      line,
      gates: e.gates,
      rounds: e.rounds,
      triples: e.preprocessing.get("triple") ?? 0,
      preprocessing: Object.fromEntries([...e.preprocessing].sort(([a], [b]) => (a < b ? -1 : 1))),
      bytes: e.bytes,
    }))
    .sort((a, b) => b.rounds - a.rounds || b.bytes - a.bytes || b.triples - a.triples || a.line - b.line);
}
