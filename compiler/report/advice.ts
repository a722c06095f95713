// How to make a program cheaper, where the report can tell: comparisons of single values that
// could compare a vector, and loops whose bound makes the dealt preprocessing far too large.

import type { Instruction, Program } from "../../vm/bytecode/program.js";
import type { Report } from "./report.js";

export interface Advice {
  readonly line: number | null;
  readonly text: string;
}

export function adviceFor(program: Program, instructions: readonly Instruction[], report: Omit<Report, "advice">): Advice[] {
  const advice: Advice[] = [];
  // Each comparison masks its operand with one edaBit: many single-element ones on a line are a loop of scalar comparisons.
  const scalarMasks = new Map<number, number>();
  for (const ins of instructions) {
    if (ins.op === "EDABIT" && program.registerLength[ins.operands[0]!] === 1) scalarMasks.set(ins.line, (scalarMasks.get(ins.line) ?? 0) + 1);
  }
  for (const [line, n] of [...scalarMasks].sort(([a], [b]) => a - b)) {
    if (n < 4) continue;
    advice.push({
      line,
      text: `line ${line} compares single values (${n} masked openings of one element each; a loop over elements?): comparing whole vectors costs far less, since the bits of 64 elements share a word`,
    });
  }
  for (const loop of report.worstCase.loops) {
    advice.push({
      line: loop.line,
      text: `the loop at line ${loop.line} is paid for ${loop.bound} times in preprocessing; if it ends sooner, compile with a smaller --max-iterations`,
    });
  }
  return advice;
}
