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
    const operands = new Array<number>(count);
    for (let i = 0; i < count; i++) operands[i] = code[pc + 1 + i]!;
    out.push({ op, operands, line: lines[out.length] ?? 0 });
    pc += 1 + count;
  }
  if (lines.length !== out.length) throw new BytecodeError(`the line table has ${lines.length} entries for ${out.length} instructions`);
  return out;
}

export function encodeInstructions(instructions: readonly Instruction[]): { code: Int32Array; lines: Uint32Array } {
  let size = 0;
  for (const ins of instructions) size += 1 + ins.operands.length;
  const code = new Int32Array(size);
  const lines = new Uint32Array(instructions.length);
  let pc = 0;
  instructions.forEach((ins, i) => {
    code[pc++] = ISA[ins.op].code;
    for (const operand of ins.operands) code[pc++] = operand;
    lines[i] = ins.line;
  });
  return { code, lines };
}

export function instruction(op: OpName, operands: number[], line: number): Instruction {
  return { op, operands, line };
}
