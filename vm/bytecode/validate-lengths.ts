// Checks that an instruction's register lengths and widths keep the length rule of its ISA row:
// one check per rule, keyed by the rule's name, so the validator has no per-opcode cases.

import type { Ring } from "../domain/ring.js";
import { ISA, OP_NAMES, OPERANDS, type LengthRule, type OpInfo, type OperandKind } from "../isa.js";
import type { Instruction, Program } from "./program.js";

/** One instruction under check: its program, ring and row, and a way to refuse it. */
export interface Checking {
  readonly program: Program;
  readonly ring: Ring;
  readonly ins: Instruction;
  readonly info: OpInfo;
  fail(detail: string): never;
}

type Rule = (c: Checking, o: Operands) => void;

/** Operand j's value, and the length and width of the register it names (operands are checked first). */
interface Operands {
  readonly at: (j: number) => number;
  readonly len: (j: number) => number;
  readonly width: (j: number) => number;
}

const A = 0;
const B = 1;
const C = 2;
const D = 3;

const RULES = {
  same(c, o) {
    for (const j of REGISTER_POSITIONS[c.ins.op]!) if (o.len(j) !== o.len(A) || o.width(j) !== o.width(A)) c.fail("its registers differ in length or width");
  },
  reduce(c, o) {
    if (o.at(C) < 1 || o.len(A) * o.at(C) !== o.len(B)) c.fail(`${o.len(B)} elements do not make ${o.len(A)} groups of ${o.at(C)}`);
  },
  gather: (c, o) => gather(c, o, o.len(B)),
  // A bit gather may name one element past the end: an element of zeros.
  "gather-pad": (c, o) => gather(c, o, o.len(B) + 1),
  slice(c, o) {
    const last = o.at(C) + (o.len(A) - 1) * o.at(D);
    if (o.at(C) < 0 || o.at(C) >= o.len(B) || last < 0 || last >= o.len(B)) c.fail("the slice runs past the source");
  },
  concat(c, o) {
    if (o.len(A) !== o.len(B) + o.len(C)) c.fail("the result's length is not the sum of the parts'");
  },
  const(c, o) {
    const k = c.program.constants[o.at(B)]!;
    const words = c.ring.words;
    if (k.length !== words && k.length !== o.len(A) * words) c.fail(`constant ${o.at(B)} has ${k.length / words} values for a register of ${o.len(A)}`);
  },
  io(c, o) {
    const j = (c.info.operands as readonly OperandKind[]).findIndex((kind) => IO_OPERANDS.includes(kind));
    const kind = c.info.operands[j] as OperandKind;
    const entry = kind === "input" || kind === "cinput" ? c.program.inputs[o.at(j)]!.len : elements(c.program.outputs[o.at(j)]!.shape);
    if (entry !== o.len(A)) c.fail(`the register length differs from the ${kind === "input" || kind === "cinput" ? "input's" : "output's shape"}`);
  },
  edabit(c, o) {
    sameLengths(c, o, [A, B, C]);
    if (o.width(B) !== c.ring.bits) c.fail("the bits of an edaBit are as wide as the ring");
    if (o.width(C) !== o.width(B) - 1) c.fail("an edaBit has one product fewer than bits, for each element");
  },
  "bit-mul"(c, o) {
    if (o.width(B) !== 1 || o.len(A) !== o.len(B) || o.len(C) !== o.len(A)) c.fail("it multiplies one bit per element by a value per element");
  },
  "bit-slice"(c, o) {
    sameLengths(c, o, [A, B]);
    if (o.at(D) < 1 || o.at(C) + (o.width(A) - 1) * o.at(D) >= o.width(B)) c.fail("the bit positions run past the source");
  },
  "bit-concat"(c, o) {
    sameLengths(c, o, [A, B, C]);
    if (o.width(A) !== o.width(B) + o.width(C)) c.fail("the widths do not add up");
  },
  "to-bits"(c, o) {
    sameLengths(c, o, [A, B]);
    if (o.width(A) > c.ring.bits) c.fail(`a value has at most ${c.ring.bits} bits`);
  },
  "from-bits"(c, o) {
    if (o.len(A) !== o.len(B) * o.width(B)) c.fail("the result must hold one value per bit");
  },
  none: () => undefined,
} satisfies Record<LengthRule, Rule>;

const IO_OPERANDS: readonly OperandKind[] = ["input", "cinput", "output", "coutput"];

export function checkLengths(c: Checking): void {
  const { program, ins } = c;
  const at = (j: number): number => ins.operands[j]!;
  RULES[c.info.lengths](c, {
    at,
    len: (j) => program.registerLength[at(j)]!,
    width: (j) => program.registerWidth[at(j)]!,
  });
}

function gather(c: Checking, o: Operands, limit: number): void {
  const indices = c.program.constants[o.at(C)]!;
  if (indices.length !== o.len(A) * c.ring.words) c.fail("the index list and the result differ in length");
  const bound = BigInt(limit);
  for (let i = 0; i < o.len(A); i++) if (c.ring.get(indices, i) >= bound) c.fail("an index is out of range");
  if (o.width(A) !== o.width(B)) c.fail("its registers differ in width");
}

function sameLengths(c: Checking, o: Operands, positions: readonly number[]): void {
  for (const j of positions) if (o.len(j) !== o.len(A)) c.fail("its registers differ in length");
}

function elements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Which operands of each opcode name registers. */
const REGISTER_POSITIONS: Readonly<Record<string, readonly number[]>> = Object.fromEntries(
  OP_NAMES.map((op) => [op, (ISA[op].operands as readonly OperandKind[]).flatMap((kind, i) => (OPERANDS[kind].register !== null ? [i] : []))]),
);
