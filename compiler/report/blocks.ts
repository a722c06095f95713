// The block structure of a bytecode program as a tree: straight-line segments, IF/ELSE and LOOP
// blocks, so costs can be added (segments in order), maxed (branches) and multiplied (loops).

import { matchControl } from "../../vm/bytecode/control.js";
import type { Instruction } from "../../vm/bytecode/program.js";
import { ISA } from "../../vm/isa.js";

export type Block =
  | { readonly kind: "segment"; readonly start: number; readonly end: number }
  | { readonly kind: "if"; readonly at: number; readonly line: number; readonly then: Block[]; readonly otherwise: Block[] }
  | { readonly kind: "loop"; readonly at: number; readonly line: number; readonly bound: number; readonly body: Block[] };

/** Segments are the maximal runs of instructions between control instructions (BREAKZ included). */
export function blocksOf(instructions: readonly Instruction[]): Block[] {
  const match = matchControl(instructions);
  const build = (start: number, end: number): Block[] => {
    const blocks: Block[] = [];
    let from = start;
    let i = start;
    while (i < end) {
      const ins = instructions[i]!;
      const control = ISA[ins.op].control;
      if (control === null) {
        i++;
        continue;
      }
      if (i > from) blocks.push({ kind: "segment", start: from, end: i });
      if (control === "if") {
        const elseOrEnd = match[i]!;
        const hasElse = ISA[instructions[elseOrEnd]!.op].control === "else";
        const endIf = hasElse ? match[elseOrEnd]! : elseOrEnd;
        blocks.push({ kind: "if", at: i, line: ins.line, then: build(i + 1, elseOrEnd), otherwise: hasElse ? build(elseOrEnd + 1, endIf) : [] });
        i = endIf + 1;
      } else if (control === "loop") {
        blocks.push({ kind: "loop", at: i, line: ins.line, bound: ins.operands[0]!, body: build(i + 1, match[i]!) });
        i = match[i]! + 1;
      } else i++;
      from = i;
    }
    if (end > from) blocks.push({ kind: "segment", start: from, end });
    return blocks;
  };
  return build(0, instructions.length);
}

/** Every segment of the tree, in program order. */
export function segmentsIn(blocks: readonly Block[]): Array<Extract<Block, { kind: "segment" }>> {
  return blocks.flatMap((b) => (b.kind === "segment" ? [b] : b.kind === "if" ? [...segmentsIn(b.then), ...segmentsIn(b.otherwise)] : segmentsIn(b.body)));
}

/** How many times each instruction runs at most: the product of the bounds of the loops around it. */
export function timesRun(blocks: readonly Block[], count: number): Float64Array {
  const times = new Float64Array(count);
  const walk = (bs: readonly Block[], m: number): void => {
    for (const b of bs) {
      if (b.kind === "segment") times.fill(m, b.start, b.end);
      else if (b.kind === "if") {
        times[b.at] = m;
        walk(b.then, m);
        walk(b.otherwise, m);
      } else {
        times[b.at] = m;
        walk(b.body, m * b.bound);
      }
    }
  };
  walk(blocks, 1);
  return times;
}
