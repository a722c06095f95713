// Checks an instruction's operands by their kinds in the ISA's operand table: registers exist, hold
// the kind the table names and are written before they are read; immediates are in range.

import { OPERANDS, PRINT_FORMAT, type ImmediateKind, type OperandKind, type RegisterClass } from "../isa.js";
import { DIVISION_MARGIN_BITS, divisionRange, MAX_LOOP_BOUND } from "./limits.js";
import { REGISTER_KIND } from "./program.js";
import type { Checking } from "./validate-lengths.js";

/** What the instructions so far have written and used: registers, inputs, outputs. */
export interface Written {
  readonly registers: Uint8Array;
  readonly inputs: Uint8Array;
  readonly outputs: Uint8Array;
}

const KIND_NAMES: Record<RegisterClass, string> = {
  clear: "a clear value",
  secret: "secret shares",
  clearBits: "clear bits",
  secretBits: "secret bits",
};

/** One check per immediate kind: an operand kind added to the table without one does not compile. */
const IMMEDIATES = {
  k: (v, c) => exists(v, c.program.constants.length, "constant", c),
  div: (v, c) => {
    exists(v, c.program.constants.length, "constant", c);
    const k = c.program.constants[v]!;
    const d = k.length === c.ring.words ? c.ring.get(k, 0) : 0n;
    if (d === 0n || d >= divisionRange(c.ring.bits)) c.fail(`the divisor must be one value from 1 to below 2^${c.ring.bits - DIVISION_MARGIN_BITS}`);
  },
  n: (v, c) => v < 0 && c.fail(`the number ${v} is negative`),
  bound: (v, c) => (v < 1 || v > MAX_LOOP_BOUND) && c.fail(`a loop bound of ${v} is out of range (1 to ${MAX_LOOP_BOUND})`),
  fmt: (v, c) => !FORMATS.includes(v) && c.fail(`${v} is not a print format`),
  i: () => undefined,
  str: (v, c) => exists(v, c.program.strings.length, "string", c),
  party: (v, c) => (v < -1 || v >= c.program.parties) && c.fail(`party ${v} does not exist`),
  input: (v, c, w) => use(v, c, w, "input", false),
  cinput: (v, c, w) => use(v, c, w, "input", true),
  output: (v, c, w) => use(v, c, w, "output", false),
  coutput: (v, c, w) => use(v, c, w, "output", true),
} satisfies Record<ImmediateKind, (v: number, c: Checking, w: Written) => unknown>;

const FORMATS: readonly number[] = Object.values(PRINT_FORMAT);

export function checkOperands(c: Checking, w: Written): void {
  const kinds = c.info.operands as readonly OperandKind[];
  kinds.forEach((kind, i) => {
    const v = c.ins.operands[i]!;
    const info = OPERANDS[kind];
    if (info.register === null) IMMEDIATES[kind as ImmediateKind](v, c, w);
    else checkRegister(v, info.register, info.writes, c, w);
  });
  kinds.forEach((kind, i) => {
    if (OPERANDS[kind].writes) w.registers[c.ins.operands[i]!] = 1;
  });
}

function checkRegister(v: number, kind: RegisterClass, writes: boolean, c: Checking, w: Written): void {
  if (v < 0 || v >= c.program.registerLength.length) c.fail(`register ${v} does not exist`);
  if (c.program.registerKind[v] !== REGISTER_KIND[kind]) c.fail(`register ${v} should hold ${KIND_NAMES[kind]}`);
  if (!writes && w.registers[v] !== 1) c.fail(`register ${v} is read before it is written`);
}

function exists(v: number, count: number, what: string, c: Checking): void {
  if (v < 0 || v >= count) c.fail(`${what} ${v} does not exist`);
}

/** Every input and output is used once, by the instruction for its kind: a party's or a client's. */
function use(v: number, c: Checking, w: Written, what: "input" | "output", client: boolean): void {
  const list = what === "input" ? c.program.inputs : c.program.outputs;
  exists(v, list.length, what, c);
  const forClient = list[v]!.client !== undefined;
  if (forClient !== client)
    c.fail(`${what} ${v} is ${forClient ? "a client's" : "a party's"}, so ${c.ins.op} cannot ${what === "input" ? "read" : "write"} it`);
  const used = what === "input" ? w.inputs : w.outputs;
  if (used[v] === 1) c.fail(`${what} ${v} is used twice`);
  used[v] = 1;
}
