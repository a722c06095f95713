// Checks a decoded program before it runs: operands in range and of the right secrecy, registers
// written before they are read, lengths that fit each opcode's rule, and an honest header.

import { ISA, type OperandKind } from "../isa.js";
import { prepKey } from "../preprocessing/kinds.js";
import { preprocessingNeeds } from "./analysis.js";
import { BytecodeError } from "./errors.js";
import type { Instruction, Program } from "./program.js";

export const MAX_PARTIES = 10;
export const MAX_REGISTER_LENGTH = 1 << 28;
const MAX_DIVISOR = 1n << 62n;

export function validateProgram(program: Program, instructions: readonly Instruction[]): void {
  validateHeader(program);
  const written = new Uint8Array(program.registerLength.length);
  const inputsUsed = new Uint8Array(program.inputs.length);
  const outputsUsed = new Uint8Array(program.outputs.length);
  instructions.forEach((ins, index) => {
    const where = `instruction ${index} (${ins.op}, line ${ins.line})`;
    validateOperands(program, ins, where, written);
    validateLengths(program, ins, where);
    markUse(ins, inputsUsed, outputsUsed, where);
  });
  if (inputsUsed.includes(0)) throw new BytecodeError(`input ${inputsUsed.indexOf(0)} is declared but never read`);
  if (outputsUsed.includes(0)) throw new BytecodeError(`output ${outputsUsed.indexOf(0)} is declared but never written`);
  validateNeeds(program, instructions);
}

function validateHeader(p: Program): void {
  if (p.parties < 2 || p.parties > MAX_PARTIES) throw new BytecodeError(`the program is for ${p.parties} parties; 2 to ${MAX_PARTIES} are supported`);
  if (p.fracBits > 62) throw new BytecodeError(`${p.fracBits} fractional bits do not fit the 64-bit ring`);
  if (p.registerSecret.length !== p.registerLength.length) throw new BytecodeError("the register table is inconsistent");
  p.registerLength.forEach((len, r) => {
    if (len < 1 || len > MAX_REGISTER_LENGTH) throw new BytecodeError(`register ${r} has length ${len}`);
  });
  p.inputs.forEach((input, i) => {
    if (input.party >= p.parties) throw new BytecodeError(`input ${i} is for party ${input.party}, which does not exist`);
  });
  p.outputs.forEach((output, i) => {
    if (output.to >= p.parties) throw new BytecodeError(`output ${i} is for party ${output.to}, which does not exist`);
    if (output.shape.reduce((a, b) => a * b, 1) < 1) throw new BytecodeError(`output ${i} has an empty shape`);
  });
}

function validateOperands(p: Program, ins: Instruction, where: string, written: Uint8Array): void {
  const kinds = ISA[ins.op].operands as readonly OperandKind[];
  kinds.forEach((kind, i) => {
    const v = ins.operands[i]!;
    switch (kind) {
      case "ds":
      case "dc":
      case "s":
      case "c": {
        if (v < 0 || v >= p.registerLength.length) throw new BytecodeError(`${where}: register ${v} does not exist`);
        const secret = kind === "ds" || kind === "s";
        if ((p.registerSecret[v] === 1) !== secret) {
          throw new BytecodeError(`${where}: register ${v} should hold ${secret ? "secret shares" : "a clear value"}`);
        }
        if (kind === "s" || kind === "c") {
          if (written[v] !== 1) throw new BytecodeError(`${where}: register ${v} is read before it is written`);
        }
        break;
      }
      case "k":
        if (v < 0 || v >= p.constants.length) throw new BytecodeError(`${where}: constant ${v} does not exist`);
        break;
      case "party":
        if (v < -1 || v >= p.parties) throw new BytecodeError(`${where}: party ${v} does not exist`);
        break;
      case "input":
        if (v < 0 || v >= p.inputs.length) throw new BytecodeError(`${where}: input ${v} is not declared`);
        break;
      case "output":
        if (v < 0 || v >= p.outputs.length) throw new BytecodeError(`${where}: output ${v} is not declared`);
        break;
    }
  });
  if (kinds[0] === "ds" || kinds[0] === "dc") written[ins.operands[0]!] = 1;
}

function validateLengths(p: Program, ins: Instruction, where: string): void {
  const info = ISA[ins.op];
  const regs = info.operands.flatMap((kind, i) => (["ds", "dc", "s", "c"].includes(kind) ? [p.registerLength[ins.operands[i]!]!] : []));
  const [a, b] = regs;
  const bad = (detail: string): never => {
    throw new BytecodeError(`${where}: ${detail}`);
  };
  switch (info.lengths) {
    case "same":
      if (regs.some((len) => len !== a)) bad("its registers differ in length");
      break;
    case "reduce":
      if (a !== 1) bad("the result register must have length 1");
      break;
    case "broadcast":
      if (b !== 1) bad("the broadcast register must have length 1");
      break;
    case "const": {
      const k = p.constants[ins.operands[1]!]!;
      if (k.length !== 1 && k.length !== a) bad(`constant ${ins.operands[1]} has ${k.length} values for a register of ${a}`);
      break;
    }
    case "io":
      if (ins.op === "INPUT" && p.inputs[ins.operands[1]!]!.len !== a) bad("the register length differs from the input's");
      if (ins.op === "OUTPUT") {
        const shape = p.outputs[ins.operands[1]!]!.shape;
        if (shape.reduce((x, y) => x * y, 1) !== a) bad("the register length differs from the output's shape");
      }
      break;
  }
  if (ins.op === "DIVS" || ins.op === "DIVC") {
    const k = p.constants[ins.operands[2]!]!;
    if (k.length !== 1 || k[0]! === 0n || k[0]! >= MAX_DIVISOR) bad("the divisor must be one value between 1 and 2^62");
  }
}

function markUse(ins: Instruction, inputsUsed: Uint8Array, outputsUsed: Uint8Array, where: string): void {
  const table = ins.op === "INPUT" ? inputsUsed : ins.op === "OUTPUT" ? outputsUsed : null;
  if (table === null) return;
  const index = ins.operands[1]!;
  if (table[index] === 1) throw new BytecodeError(`${where}: ${ins.op === "INPUT" ? "input" : "output"} ${index} is used twice`);
  table[index] = 1;
}

function validateNeeds(p: Program, instructions: readonly Instruction[]): void {
  const declared = new Map(p.preprocessing.map((n) => [prepKey(n.kind, n.param), n.count]));
  const needed = preprocessingNeeds(p, instructions);
  const same = needed.length === declared.size && needed.every((n) => declared.get(prepKey(n.kind, n.param)) === n.count);
  if (!same) throw new BytecodeError("the header's preprocessing needs do not match the instructions");
}
