// When a register's value can be let go: after the instruction that reads it last, if that read
// is outside every loop (a value read inside a loop is needed again on the next iteration).

import { ISA, REGISTER_OPERANDS, WRITE_OPERANDS } from "../isa.js";
import type { Instruction } from "./program.js";

/** For each instruction, the registers whose last read it is (empty inside loops). */
export function lastReads(instructions: readonly Instruction[], registers: number): number[][] {
  const depth = new Int32Array(instructions.length);
  let d = 0;
  instructions.forEach((ins, i) => {
    const control = ISA[ins.op].control;
    if (control === "endloop") d--;
    depth[i] = d;
    if (control === "loop") d++;
  });
  const last = new Int32Array(registers).fill(-1);
  const insideLoop = new Uint8Array(registers);
  instructions.forEach((ins, i) => {
    ISA[ins.op].operands.forEach((kind, j) => {
      if (!REGISTER_OPERANDS.includes(kind) || WRITE_OPERANDS.includes(kind)) return;
      const r = ins.operands[j]!;
      last[r] = i;
      if (depth[i]! > 0) insideLoop[r] = 1;
    });
  });
  const frees: number[][] = instructions.map(() => []);
  for (let r = 0; r < registers; r++) {
    if (last[r]! >= 0 && insideLoop[r] === 0) frees[last[r]!]!.push(r);
  }
  return frees;
}
