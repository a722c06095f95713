// How to make a program cheaper, where the report can tell: comparisons of single values that
// could compare a vector, and loops whose bound makes the dealt preprocessing far too large.

import { roundsOf } from "../../vm/bytecode/analysis.js";
import type { Instruction, Program } from "../../vm/bytecode/program.js";
import type { Report } from "./report.js";

export interface Advice {
  readonly line: number | null;
  readonly text: string;
}

export function adviceFor(program: Program, instructions: readonly Instruction[], report: Omit<Report, "advice">): Advice[] {
  const advice: Advice[] = [];
  // Each comparison opens its masked operand: several one-element opens of a line in one round are
  // comparisons side by side that a vector would hold in one word per bit (a chain of them, as in
  // a division, is not: those must wait for each other anyway).
  const parallel = new Map<number, number>();
  for (const [start, end] of roundsOf(instructions)) {
    const perLine = new Map<number, number>();
    for (const ins of instructions.slice(start, end)) {
      if (ins.op === "OPEN" && program.registerLength[ins.operands[1]!] === 1) perLine.set(ins.line, (perLine.get(ins.line) ?? 0) + 1);
    }
    for (const [line, n] of perLine) parallel.set(line, Math.max(parallel.get(line) ?? 0, n));
  }
  for (const [line, n] of [...parallel].sort(([a], [b]) => a - b)) {
    if (n < 4) continue;
    advice.push({
      line,
      text: `line ${line} compares single values side by side (${n} one-element masked opens in one round; a loop over elements?): comparing whole vectors costs far less, since the bits of 64 elements share a word`,
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
