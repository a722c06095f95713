// Splits the flat code array into instructions using the operand counts of the ISA table,
// and joins instructions back into code. Refuses unknown opcodes and truncated code.

import { ISA, OP_BY_CODE, type OpName } from "../isa.js";
import { BytecodeError } from "./errors.js";
import type { Instruction } from "./program.js";

export function decodeInstructions(code: Int32Array, lines: Uint32Array): Instruction[] {
  const out: Instruction[] = [];
  let pc = 0;
  while (pc < code.length) {
    const op = OP_BY_CODE.get(code[pc]!);
    if (op === undefined) throw new BytecodeError(`unknown opcode ${code[pc]} at instruction ${out.length}`);
    const count = ISA[op].operands.length;
    if (pc + 1 + count > code.length) throw new BytecodeError(`instruction ${out.length} (${op}) is cut short`);
    out.push({ op, operands: Array.from(code.subarray(pc + 1, pc + 1 + count)), line: lines[out.length] ?? 0 });
    pc += 1 + count;
  }
  if (lines.length !== out.length) throw new BytecodeError(`the line table has ${lines.length} entries for ${out.length} instructions`);
  return out;
}

export function encodeInstructions(instructions: readonly Instruction[]): { code: Int32Array; lines: Uint32Array } {
  const words: number[] = [];
  for (const ins of instructions) words.push(ISA[ins.op].code, ...ins.operands);
  return { code: Int32Array.from(words), lines: Uint32Array.from(instructions.map((i) => i.line)) };
}

export function instruction(op: OpName, operands: number[], line: number): Instruction {
  return { op, operands, line };
}
