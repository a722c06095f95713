// Checks a decoded program before it runs: operands in range and of the right kind, registers
// written before they are read, lengths that fit each opcode's rule, nesting, and an honest header.

import { ringOf } from "../domain/ring.js";
import { ISA } from "../isa.js";
import { prepKey } from "../preprocessing/kinds.js";
import { preprocessingNeeds } from "./analysis.js";
import { matchControl } from "./control.js";
import { BytecodeError } from "./errors.js";
import { checkFracBits, checkParties, clientsOf } from "./header.js";
import { CLIENT_NAME, MAX_CLIENTS, MAX_REGISTER_LENGTH, MAX_WIDTH } from "./limits.js";
import { REGISTER_KIND, type Instruction, type Program } from "./program.js";
import { checkLengths } from "./validate-lengths.js";
import { checkOperands, type Written } from "./validate-operands.js";

export function validateProgram(program: Program, instructions: readonly Instruction[]): void {
  validateHeader(program);
  matchControl(instructions);
  const ring = ringOf(program.domain);
  const written: Written = {
    registers: new Uint8Array(program.registerLength.length),
    inputs: new Uint8Array(program.inputs.length),
    outputs: new Uint8Array(program.outputs.length),
  };
  instructions.forEach((ins, index) => {
    const fail = (detail: string): never => {
      throw new BytecodeError(`instruction ${index} (${ins.op}, line ${ins.line}): ${detail}`);
    };
    const checking = { program, ring, ins, info: ISA[ins.op], fail };
    checkOperands(checking, written);
    checkLengths(checking);
  });
  if (written.inputs.includes(0)) throw new BytecodeError(`input ${written.inputs.indexOf(0)} is declared but never read`);
  if (written.outputs.includes(0)) throw new BytecodeError(`output ${written.outputs.indexOf(0)} is declared but never written`);
  validateNeeds(program, instructions);
}

function validateHeader(p: Program): void {
  checkParties(p.parties);
  checkFracBits(p.fracBits);
  const n = p.registerLength.length;
  if (p.registerKind.length !== n || p.registerWidth.length !== n) throw new BytecodeError("the register table is inconsistent");
  for (let r = 0; r < n; r++) {
    const len = p.registerLength[r]!;
    const kind = p.registerKind[r]!;
    const width = p.registerWidth[r]!;
    if (len < 1 || len > MAX_REGISTER_LENGTH) throw new BytecodeError(`register ${r} has length ${len}; registers hold 1 to ${MAX_REGISTER_LENGTH} elements`);
    if (kind > REGISTER_KIND.secretBits) throw new BytecodeError(`register ${r} has an unknown kind ${kind}`);
    const bits = kind >= REGISTER_KIND.clearBits;
    if (bits ? width < 1 || width > MAX_WIDTH : width !== 0) {
      throw new BytecodeError(
        `register ${r} has width ${width}; ${bits ? `bit registers have 1 to ${MAX_WIDTH} positions` : "arithmetic registers have none"}`,
      );
    }
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
  if (p.clients.length > MAX_CLIENTS) throw new BytecodeError(`the program has ${p.clients.length} clients; at most ${MAX_CLIENTS} are supported`);
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

function validateNeeds(p: Program, instructions: readonly Instruction[]): void {
  const declared = new Map(p.preprocessing.map((n) => [prepKey(n.kind, n.param), n.count]));
  const needed = preprocessingNeeds(p, instructions);
  const same = needed.length === declared.size && needed.every((n) => declared.get(prepKey(n.kind, n.param)) === n.count);
  if (!same) throw new BytecodeError("the header's preprocessing needs do not match the instructions");
}
