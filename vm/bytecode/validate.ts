// Checks a decoded program before it runs: operands in range and of the right kind, registers
// written before they are read, lengths that fit each opcode's rule, nesting, and an honest header.

import { ringOf } from "../domain/ring.js";
import { ISA, REGISTER_OPERANDS, WRITE_OPERANDS, type OperandKind } from "../isa.js";
import { prepKey } from "../preprocessing/kinds.js";
import { preprocessingNeeds } from "./analysis.js";
import { matchControl } from "./control.js";
import { BytecodeError } from "./errors.js";
import { clientsOf, CLIENT_NAME } from "./header.js";
import { REGISTER_KIND, type Instruction, type Program } from "./program.js";

export const MAX_PARTIES = 10;
export const MAX_REGISTER_LENGTH = 1 << 28;
export const MAX_WIDTH = 4096;
const MAX_LOOP_BOUND = 1_000_000_000;

const KIND_OF_OPERAND: Partial<Record<OperandKind, number>> = {
  ds: REGISTER_KIND.secret,
  s: REGISTER_KIND.secret,
  dc: REGISTER_KIND.clear,
  c: REGISTER_KIND.clear,
  dsb: REGISTER_KIND.secretBits,
  sb: REGISTER_KIND.secretBits,
  dcb: REGISTER_KIND.clearBits,
  cb: REGISTER_KIND.clearBits,
};

const KIND_NAMES = ["a clear value", "secret shares", "clear bits", "secret bits"];

export function validateProgram(program: Program, instructions: readonly Instruction[]): void {
  validateHeader(program);
  matchControl(instructions);
  const written = new Uint8Array(program.registerLength.length);
  const inputsUsed = new Uint8Array(program.inputs.length);
  const outputsUsed = new Uint8Array(program.outputs.length);
  instructions.forEach((ins, index) => {
    const where = `instruction ${index} (${ins.op}, line ${ins.line})`;
    validateOperands(program, ins, where, written);
    validateLengths(program, ins, where);
    markUse(program, ins, inputsUsed, outputsUsed, where);
  });
  if (inputsUsed.includes(0)) throw new BytecodeError(`input ${inputsUsed.indexOf(0)} is declared but never read`);
  if (outputsUsed.includes(0)) throw new BytecodeError(`output ${outputsUsed.indexOf(0)} is declared but never written`);
  validateNeeds(program, instructions);
}

function validateHeader(p: Program): void {
  if (p.parties < 2 || p.parties > MAX_PARTIES) throw new BytecodeError(`the program is for ${p.parties} parties; 2 to ${MAX_PARTIES} are supported`);
  if (p.fracBits > 62) throw new BytecodeError(`${p.fracBits} fractional bits do not fit the 64-bit ring`);
  const n = p.registerLength.length;
  if (p.registerKind.length !== n || p.registerWidth.length !== n) throw new BytecodeError("the register table is inconsistent");
  for (let r = 0; r < n; r++) {
    const len = p.registerLength[r]!;
    const kind = p.registerKind[r]!;
    const width = p.registerWidth[r]!;
    if (len < 1 || len > MAX_REGISTER_LENGTH) throw new BytecodeError(`register ${r} has length ${len}`);
    if (kind > REGISTER_KIND.secretBits) throw new BytecodeError(`register ${r} has an unknown kind ${kind}`);
    const bits = kind >= REGISTER_KIND.clearBits;
    if (bits ? width < 1 || width > MAX_WIDTH : width !== 0) throw new BytecodeError(`register ${r} has width ${width}`);
  }
  p.inputs.forEach((input, i) => {
    if (input.party >= p.parties) throw new BytecodeError(`input ${i} is for party ${input.party}, which does not exist`);
  });
  p.outputs.forEach((output, i) => {
    if (output.to >= p.parties) throw new BytecodeError(`output ${i} is for party ${output.to}, which does not exist`);
    if (output.shape.reduce((a, b) => a * b, 1) < 1) throw new BytecodeError(`output ${i} has an empty shape`);
  });
  p.reveals.forEach((reveal, i) => {
    if (p.registerKind[reveal.register] !== REGISTER_KIND.clear)
      throw new BytecodeError(`reveal ${i} names register ${reveal.register}, which is not a clear register`);
  });
  validateClients(p);
}

/** The clients list says exactly what the inputs and outputs name, once each. */
function validateClients(p: Program): void {
  const names = new Set<string>();
  for (const client of p.clients) {
    if (!CLIENT_NAME.test(client.name) || names.has(client.name)) throw new BytecodeError(`the client name '${client.name}' is invalid or repeated`);
    names.add(client.name);
  }
  const derived = clientsOf(p.inputs, p.outputs);
  if (JSON.stringify(derived) !== JSON.stringify(p.clients.map((c) => ({ name: c.name, inputs: c.inputs, outputs: c.outputs })))) {
    throw new BytecodeError("the header's clients do not match the clients its inputs and outputs name");
  }
}

function validateOperands(p: Program, ins: Instruction, where: string, written: Uint8Array): void {
  const kinds = ISA[ins.op].operands as readonly OperandKind[];
  const bad = (detail: string): never => {
    throw new BytecodeError(`${where}: ${detail}`);
  };
  kinds.forEach((kind, i) => {
    const v = ins.operands[i]!;
    if (REGISTER_OPERANDS.includes(kind)) {
      if (v < 0 || v >= p.registerLength.length) bad(`register ${v} does not exist`);
      const expected = KIND_OF_OPERAND[kind]!;
      if (p.registerKind[v] !== expected) bad(`register ${v} should hold ${KIND_NAMES[expected]}`);
      if (!WRITE_OPERANDS.includes(kind) && written[v] !== 1) bad(`register ${v} is read before it is written`);
      return;
    }
    const limit = { k: p.constants.length, str: p.strings.length, input: p.inputs.length, output: p.outputs.length }[kind as "k"];
    if (limit !== undefined && (v < 0 || v >= limit)) bad(`${kind} ${v} does not exist`);
    if (kind === "party" && (v < -1 || v >= p.parties)) bad(`party ${v} does not exist`);
    if (kind === "n" && v < 0) bad(`the number ${v} is negative`);
  });
  kinds.forEach((kind, i) => {
    if (WRITE_OPERANDS.includes(kind)) written[ins.operands[i]!] = 1;
  });
}

function validateLengths(p: Program, ins: Instruction, where: string): void {
  const info = ISA[ins.op];
  const ring = ringOf(p.domain);
  const [a, b, c, d] = ins.operands;
  const len = (r: number | undefined): number => p.registerLength[r!]!;
  const width = (r: number | undefined): number => p.registerWidth[r!]!;
  const bad = (detail: string): never => {
    throw new BytecodeError(`${where}: ${detail}`);
  };
  switch (info.lengths) {
    case "same":
      for (const i of registerPositions(ins.op)) {
        const r = ins.operands[i]!;
        if (len(r) !== len(a) || width(r) !== width(a)) bad("its registers differ in length or width");
      }
      break;
    case "reduce":
      if (c! < 1 || len(a) * c! !== len(b)) bad(`${len(b)} elements do not make ${len(a)} groups of ${c}`);
      break;
    case "gather": {
      const indices = p.constants[c!]!;
      if (indices.length !== len(a) * ring.words) bad("the index list and the result differ in length");
      // A bit gather may name one element past the end: an element of zeros.
      const limit = BigInt(ins.op === "BGATHER" ? len(b) + 1 : len(b));
      for (let i = 0; i < len(a); i++) if (ring.get(indices, i) >= limit) bad("an index is out of range");
      if (width(a) !== width(b)) bad("its registers differ in width");
      break;
    }
    case "slice": {
      const last = c! + (len(a) - 1) * d!;
      if (c! < 0 || c! >= len(b) || last < 0 || last >= len(b)) bad("the slice runs past the source");
      break;
    }
    case "concat":
      if (len(a) !== len(b) + len(c)) bad("the result's length is not the sum of the parts'");
      break;
    case "const": {
      const k = p.constants[b!]!;
      if (k.length !== ring.words && k.length !== len(a) * ring.words) bad(`constant ${b} has ${k.length / ring.words} values for a register of ${len(a)}`);
      break;
    }
    case "io":
      if ((ins.op === "INPUT" || ins.op === "CINPUT") && p.inputs[b!]!.len !== len(a)) bad("the register length differs from the input's");
      if ((ins.op === "OUTPUT" || ins.op === "COUTPUT") && p.outputs[b!]!.shape.reduce((x, y) => x * y, 1) !== len(a))
        bad("the register length differs from the output's shape");
      break;
    case "bits":
      validateBits(ins.op, { a: a!, b: b!, c: c!, d: d! }, ring.bits, len, width, bad);
      break;
    case "none":
      break;
  }
  if (ins.op === "DIVS" || ins.op === "DIVC") {
    const k = p.constants[c!]!;
    const limit = 1n << BigInt(ring.bits - 3);
    if (k.length !== ring.words || ring.get(k, 0) === 0n || ring.get(k, 0) >= limit) bad(`the divisor must be one value between 1 and 2^${ring.bits - 3}`);
  }
  if (ins.op === "LOOP" && (a! < 1 || a! > MAX_LOOP_BOUND)) bad(`a loop bound of ${a} is out of range`);
}

const positions = new Map<string, number[]>();

/** Which operands of an opcode name registers (cached: the validator asks once per instruction). */
function registerPositions(op: keyof typeof ISA): number[] {
  let p = positions.get(op);
  if (p === undefined) {
    p = ISA[op].operands.flatMap((kind, i) => (REGISTER_OPERANDS.includes(kind) ? [i] : []));
    positions.set(op, p);
  }
  return p;
}

function validateBits(
  op: string,
  { a, b, c, d }: { a: number; b: number; c: number; d: number },
  ringBits: number,
  len: (r: number) => number,
  width: (r: number) => number,
  bad: (detail: string) => never,
): void {
  if (op !== "BCONCAT" && op !== "BCONCATC" && op !== "B2A" && len(a) !== len(b)) bad("its registers differ in length");
  switch (op) {
    case "EDABIT":
      if (width(b) !== ringBits) bad("the bits of an edaBit are as wide as the ring");
      if (len(c) !== len(a) || width(c) !== width(b) - 1) bad("an edaBit has one product fewer than bits, for each element");
      break;
    case "BMULS":
      if (width(b) !== 1 || len(c) !== len(a)) bad("it multiplies one bit per element by a value per element");
      break;
    case "BSLICE":
    case "BSLICEC":
      if (d < 1 || c + (width(a) - 1) * d >= width(b)) bad("the bit positions run past the source");
      break;
    case "BCONCAT":
    case "BCONCATC":
      if (len(a) !== len(b) || len(a) !== len(c) || width(a) !== width(b) + width(c)) bad("the widths do not add up");
      break;
    case "BITS":
      if (width(a) > 128) bad("a value has at most 128 bits");
      break;
    case "B2A":
      if (len(a) !== len(b) * width(b)) bad("the result must hold one value per bit");
      break;
  }
}

/** Every input and output is used once, by the instruction for its kind: a party's or a client's. */
function markUse(p: Program, ins: Instruction, inputsUsed: Uint8Array, outputsUsed: Uint8Array, where: string): void {
  const isInput = ins.op === "INPUT" || ins.op === "CINPUT";
  if (!isInput && ins.op !== "OUTPUT" && ins.op !== "COUTPUT") return;
  const index = ins.operands[1]!;
  const what = isInput ? "input" : "output";
  const forClient = (isInput ? p.inputs[index]! : p.outputs[index]!).client !== undefined;
  if (forClient !== (ins.op === "CINPUT" || ins.op === "COUTPUT")) {
    throw new BytecodeError(`${where}: ${what} ${index} is ${forClient ? "a client's" : "a party's"}, so ${ins.op} cannot ${isInput ? "read" : "write"} it`);
  }
  const table = isInput ? inputsUsed : outputsUsed;
  if (table[index] === 1) throw new BytecodeError(`${where}: ${what} ${index} is used twice`);
  table[index] = 1;
}

function validateNeeds(p: Program, instructions: readonly Instruction[]): void {
  const declared = new Map(p.preprocessing.map((n) => [prepKey(n.kind, n.param), n.count]));
  const needed = preprocessingNeeds(p, instructions);
  const same = needed.length === declared.size && needed.every((n) => declared.get(prepKey(n.kind, n.param)) === n.count);
  if (!same) throw new BytecodeError("the header's preprocessing needs do not match the instructions");
}
