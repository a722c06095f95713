// The instruction set: one row per opcode with its operands, length rule, communication,
// preprocessing and meaning. The emitter, decoder, validator, disassembler and docs all read it.

import type { PrepKind } from "./preprocessing/kinds.js";

/** What a register operand must hold: a clear or secret arithmetic vector, or bit-sliced bits. */
export type RegisterClass = "clear" | "secret" | "clearBits" | "secretBits";

export interface OperandInfo {
  /** The kind of register it names, or null for an immediate. */
  readonly register: RegisterClass | null;
  /** Whether the instruction writes the register (else it reads it, written before). */
  readonly writes: boolean;
  readonly meaning: string;
}

const register = <R extends RegisterClass, W extends boolean>(kind: R, writes: W, meaning: string) => ({ register: kind, writes, meaning }) as const;
const immediate = (meaning: string) => ({ register: null, writes: false, meaning }) as const;

/** The operand kinds: what each names and what the validator checks of it (vm/bytecode/validate-operands.ts). */
export const OPERANDS = {
  ds: register("secret", true, "a secret register, written"),
  dc: register("clear", true, "a clear register, written"),
  s: register("secret", false, "a secret register, read"),
  c: register("clear", false, "a clear register, read"),
  dsb: register("secretBits", true, "a register of secret bits, written"),
  dcb: register("clearBits", true, "a register of clear bits, written"),
  sb: register("secretBits", false, "a register of secret bits, read"),
  cb: register("clearBits", false, "a register of clear bits, read"),
  k: immediate("a constant"),
  div: immediate("a constant holding one divisor, from 1 to below 2^(k−3) in the k-bit ring"),
  n: immediate("a count, 0 or more"),
  bound: immediate("a loop bound: the iterations allowed and one more, at least 1"),
  fmt: immediate("a print format: 0 integer, 1 fixed point, 2 boolean"),
  i: immediate("a signed integer"),
  str: immediate("a string"),
  party: immediate("a party, or -1 for every party"),
  input: immediate("a party's input, each read once"),
  cinput: immediate("a client's input, each read once"),
  output: immediate("an output for a party or every party, each written once"),
  coutput: immediate("an output for a client, each written once"),
} as const satisfies Record<string, OperandInfo>;

export type OperandKind = keyof typeof OPERANDS;

/** The operand kinds that are immediates rather than registers. */
export type ImmediateKind = { [K in OperandKind]: (typeof OPERANDS)[K]["register"] extends null ? K : never }[OperandKind];

const OPERAND_KINDS = Object.keys(OPERANDS) as OperandKind[];
export const REGISTER_OPERANDS: readonly OperandKind[] = OPERAND_KINDS.filter((k) => OPERANDS[k].register !== null);
export const WRITE_OPERANDS: readonly OperandKind[] = OPERAND_KINDS.filter((k) => OPERANDS[k].writes);
export const READ_OPERANDS: readonly OperandKind[] = REGISTER_OPERANDS.filter((k) => !OPERANDS[k].writes);

/**
 * How the lengths and widths of an instruction's registers relate (A, B, C, D are its operands
 * in order); the validator checks each rule (vm/bytecode/validate-lengths.ts).
 */
export const LENGTH_RULES = {
  same: "every register has A's length and width",
  reduce: "B's length is A's times C (C ≥ 1)",
  gather: "K[C] lists one element of B for each element of A; A and B have one width",
  "gather-pad": "as gather, and an index may be B's length (an element of zero bits)",
  slice: "B has every position C + j·D for j below A's length",
  concat: "A's length is B's plus C's",
  const: "K[B] has one value or one for each element of A",
  io: "A has as many elements as the input or output it reads or writes",
  edabit: "A, B and C have one length; B is as wide as the ring and C one position narrower",
  "bit-mul": "A, B and C have one length; B has one bit position",
  "bit-slice": "A and B have one length; B has the positions C + j·D (D ≥ 1) for j below A's width",
  "bit-concat": "A, B and C have one length; A's width is B's plus C's",
  "to-bits": "A has B's length and at most as many positions as the ring has bits",
  "from-bits": "A has one element for each bit of B: B's length times its width",
  none: "no rule",
} as const;

export type LengthRule = keyof typeof LENGTH_RULES;

/**
 * Who sends to whom in the instruction's round: every party to every other (`all`), the input's
 * owner to the others (`owner`), every party to the party in operand C, -1 meaning everyone
 * (`recipient`); in a ring of parties, each to the next or the previous one (`next`, `previous`),
 * or, for an open, each to the next (C = -1) or the party before C to C (`next-or-recipient`). `words` counts 64-bit words per storage word of register operand `per`, plus as
 * many again for `also`, where the message carries a second part sized by another operand.
 */
export interface Traffic {
  readonly pattern: "all" | "owner" | "recipient" | "next" | "previous" | "next-or-recipient";
  readonly words: number;
  readonly per: number;
  readonly also?: { readonly words: number; readonly per: number };
}

/** Preprocessed items consumed: one per element (or storage word) of operand 0. */
export interface PrepUse {
  readonly kind: PrepKind;
  readonly per: "element" | "word";
  /** The operand holding the constant that selects a variant (the divisor), if any. */
  readonly param: number | null;
}

/** Structured control flow: the VM and the validator match these up like brackets. */
export type Control = "if" | "else" | "endif" | "loop" | "endloop" | "breakz" | "break" | "continue";

export interface OpInfo {
  readonly code: number;
  readonly operands: readonly OperandKind[];
  readonly lengths: LengthRule;
  readonly traffic: Traffic | null;
  readonly prep: PrepUse | null;
  readonly control: Control | null;
  readonly meaning: string;
}

const plain = { traffic: null, prep: null, control: null } as const;

/** A local row: no traffic, no preprocessing, no control (in its type too, which the handler table checks). */
function op(code: number, operands: readonly OperandKind[], lengths: LengthRule, meaning: string): OpInfo & typeof plain {
  return { code, operands, lengths, ...plain, meaning };
}

function control(code: number, kind: Control, operands: readonly OperandKind[], meaning: string): OpInfo & { readonly traffic: null; readonly prep: null } {
  return { code, operands, lengths: "none", traffic: null, prep: null, control: kind, meaning };
}

export const ISA = {
  LDC: op(0x01, ["dc", "k"], "const", "R[A] := K[B]"),
  LIFT: op(0x02, ["ds", "c"], "same", "R[A] := R[B] as a sharing (party 0 holds it)"),
  MOVS: op(0x03, ["ds", "s"], "same", "R[A] := R[B]"),
  MOVC: op(0x04, ["dc", "c"], "same", "R[A] := R[B]"),
  MOVSB: op(0x05, ["dsb", "sb"], "same", "R[A] := R[B]"),
  MOVCB: op(0x06, ["dcb", "cb"], "same", "R[A] := R[B]"),

  ADDS: op(0x10, ["ds", "s", "s"], "same", "R[A] := R[B] + R[C]"),
  ADDSC: op(0x11, ["ds", "s", "c"], "same", "R[A] := R[B] + R[C] (party 0 adds)"),
  ADDC: op(0x12, ["dc", "c", "c"], "same", "R[A] := R[B] + R[C]"),
  SUBS: op(0x13, ["ds", "s", "s"], "same", "R[A] := R[B] - R[C]"),
  SUBSC: op(0x14, ["ds", "s", "c"], "same", "R[A] := R[B] - R[C] (party 0 subtracts)"),
  SUBCS: op(0x15, ["ds", "c", "s"], "same", "R[A] := R[B] - R[C] (party 0 adds R[B])"),
  SUBC: op(0x16, ["dc", "c", "c"], "same", "R[A] := R[B] - R[C]"),
  NEGS: op(0x17, ["ds", "s"], "same", "R[A] := -R[B]"),
  NEGC: op(0x18, ["dc", "c"], "same", "R[A] := -R[B]"),
  MULS: {
    code: 0x20,
    operands: ["ds", "s", "s"],
    lengths: "same",
    control: null,
    traffic: { pattern: "all", words: 2, per: 0 },
    prep: { kind: "triple", per: "element", param: null },
    meaning: "R[A] := R[B] · R[C] (Beaver multiplication)",
  },
  MULSC: op(0x21, ["ds", "s", "c"], "same", "R[A] := R[B] · R[C]"),
  MULC: op(0x22, ["dc", "c", "c"], "same", "R[A] := R[B] · R[C]"),

  SUMS: op(0x30, ["ds", "s", "n"], "reduce", "R[A][i] := Σ_j R[B][i·n + j] for j < n"),
  SUMC: op(0x31, ["dc", "c", "n"], "reduce", "R[A][i] := Σ_j R[B][i·n + j] for j < n"),
  GATHERS: op(0x32, ["ds", "s", "k"], "gather", "R[A][i] := R[B][K[C][i]]"),
  GATHERC: op(0x33, ["dc", "c", "k"], "gather", "R[A][i] := R[B][K[C][i]]"),
  SLICES: op(0x36, ["ds", "s", "i", "i"], "slice", "R[A][j] := R[B][C + j·D]"),
  SLICEC: op(0x37, ["dc", "c", "i", "i"], "slice", "R[A][j] := R[B][C + j·D]"),
  CONCATS: op(0x34, ["ds", "s", "s"], "concat", "R[A] := R[B] followed by R[C]"),
  CONCATC: op(0x35, ["dc", "c", "c"], "concat", "R[A] := R[B] followed by R[C]"),

  DIVS: {
    code: 0x40,
    operands: ["ds", "s", "div"],
    lengths: "same",
    control: null,
    traffic: { pattern: "all", words: 1, per: 0 },
    prep: { kind: "divmask", per: "element", param: 2 },
    meaning: "R[A] := ⌊R[B] / K[C]⌋ + e, e ∈ {-1, 0, 1} (masked open; e ∈ {0, 1} for 2^k)",
  },
  DIVC: op(0x41, ["dc", "c", "div"], "same", "R[A] := ⌊R[B] / K[C]⌋ (signed)"),
  DIVCC: op(0x44, ["dc", "c", "c"], "same", "R[A] := ⌊R[B] / R[C]⌋ (signed; stops the run on division by zero)"),
  LTC: op(0x42, ["dc", "c", "c"], "same", "R[A] := 1 if R[B] < R[C] (signed) else 0"),
  EQC: op(0x43, ["dc", "c", "c"], "same", "R[A] := 1 if R[B] = R[C] else 0"),

  INPUT: {
    code: 0x50,
    operands: ["ds", "input"],
    lengths: "io",
    control: null,
    traffic: null,
    prep: null,
    meaning: "R[A] := sharing of input B: the others draw their shares from the seeds they share with its owner, who keeps the rest",
  },
  OPEN: {
    code: 0x51,
    operands: ["dc", "s", "party"],
    lengths: "same",
    control: null,
    traffic: { pattern: "recipient", words: 1, per: 0 },
    prep: null,
    meaning: "R[A] := R[B] revealed to party C (-1: to every party)",
  },
  OUTPUT: op(0x52, ["c", "output"], "io", "output B := R[A]"),
  PRINTS: op(0x53, ["str"], "none", "print string A"),
  PRINTC: op(0x54, ["c", "fmt"], "none", "print R[A] as B (0 integer, 1 fixed point, 2 boolean)"),
  ABORTZ: op(0x55, ["c", "str"], "none", "stop the run with message B unless every element of R[A] is nonzero"),
  CINPUT: op(0x56, ["ds", "cinput"], "io", "R[A] := this party's share of input B, which the input's client sent it before the run"),
  RERAND: op(0x58, ["ds", "s"], "same", "R[A] := R[B] plus a sharing of zero drawn from the streams each pair of parties shares: the same value, fresh shares"),
  COUTPUT: op(0x57, ["s", "coutput"], "io", "client output B := this party's share of R[A], kept until the output's client fetches it"),

  RANDBIT: {
    code: 0x6f,
    operands: ["ds"],
    lengths: "none",
    control: null,
    traffic: null,
    prep: { kind: "dabit", per: "element", param: null },
    meaning: "R[A] := secret random bits, 0 or 1, that nobody knows (the arithmetic half of daBits)",
  },
  EDABIT: {
    code: 0x60,
    operands: ["ds", "dsb", "dsb"],
    lengths: "edabit",
    control: null,
    traffic: null,
    prep: { kind: "edabit", per: "element", param: null },
    meaning: "R[A], R[B], R[C] := a random r shared arithmetically, its bits, and the products r_i ∧ r_(i+1) of neighbouring bits",
  },
  BMULS: {
    code: 0x5f,
    operands: ["ds", "sb", "s"],
    lengths: "bit-mul",
    control: null,
    traffic: { pattern: "all", words: 1, per: 0, also: { words: 1, per: 1 } },
    prep: { kind: "bitmul", per: "element", param: null },
    meaning: "R[A] := R[B] · R[C] for XOR-shared bits R[B] (one position) and shares R[C], in one round: B2A and MULS at once",
  },
  XORB: op(0x61, ["dsb", "sb", "sb"], "same", "R[A] := R[B] ⊕ R[C]"),
  XORBC: op(0x62, ["dsb", "sb", "cb"], "same", "R[A] := R[B] ⊕ R[C] (party 0 applies R[C])"),
  XORCB: op(0x63, ["dcb", "cb", "cb"], "same", "R[A] := R[B] ⊕ R[C]"),
  ANDB: {
    code: 0x64,
    operands: ["dsb", "sb", "sb"],
    lengths: "same",
    control: null,
    traffic: { pattern: "all", words: 2, per: 0 },
    prep: { kind: "bittriple", per: "word", param: null },
    meaning: "R[A] := R[B] ∧ R[C] (Beaver on 64 bits a word)",
  },
  ANDBC: op(0x65, ["dsb", "sb", "cb"], "same", "R[A] := R[B] ∧ R[C]"),
  ANDCB: op(0x66, ["dcb", "cb", "cb"], "same", "R[A] := R[B] ∧ R[C]"),
  NOTB: op(0x67, ["dsb", "sb"], "same", "R[A] := ¬R[B] (party 0 flips)"),
  NOTCB: op(0x68, ["dcb", "cb"], "same", "R[A] := ¬R[B]"),
  BSLICE: op(0x69, ["dsb", "sb", "n", "n"], "bit-slice", "R[A] := bit positions C, C+D, … of R[B]"),
  BSLICEC: op(0x6a, ["dcb", "cb", "n", "n"], "bit-slice", "R[A] := bit positions C, C+D, … of R[B]"),
  BCONCAT: op(0x6b, ["dsb", "sb", "sb"], "bit-concat", "R[A] := the bit positions of R[B], then those of R[C]"),
  BCONCATC: op(0x6c, ["dcb", "cb", "cb"], "bit-concat", "R[A] := the bit positions of R[B], then those of R[C]"),
  BITS: op(0x6d, ["dcb", "c"], "to-bits", "R[A] := the low bits of R[B], bit-sliced"),
  BGATHER: op(
    0x78,
    ["dsb", "sb", "k"],
    "gather-pad",
    "element j of R[A] := element K[C][j] of R[B], every bit position (all 0 where K[C][j] is R[B]'s length)",
  ),
  B2A: {
    code: 0x6e,
    operands: ["ds", "sb"],
    lengths: "from-bits",
    control: null,
    traffic: { pattern: "all", words: 1, per: 1 },
    prep: { kind: "dabit", per: "element", param: null },
    meaning: "R[A] := the bits of R[B] as arithmetic 0s and 1s, position by position (daBits)",
  },

  IF: control(0x70, "if", ["c"], "run until ELSE or ENDIF only if R[A][0] ≠ 0"),
  ELSE: control(0x71, "else", [], "the other branch of IF"),
  ENDIF: control(0x72, "endif", [], "end of IF"),
  LOOP: control(0x73, "loop", ["bound", "str"], "repeat until ENDLOOP, stopping the run with message B after A iterations"),
  ENDLOOP: control(0x74, "endloop", [], "back to LOOP"),
  BREAKZ: control(0x75, "breakz", ["c"], "leave the loop if R[A][0] = 0"),
  BREAK: control(0x76, "break", [], "leave the loop"),
  CONTINUE: control(0x77, "continue", [], "next iteration of the loop"),
} as const satisfies Record<string, OpInfo>;

export type OpName = keyof typeof ISA;

/** The formats of PRINTC's operand B. */
export const PRINT_FORMAT = { int: 0, fix: 1, bool: 2 } as const;

export const OP_NAMES = Object.keys(ISA) as OpName[];

/**
 * Opcode number to name, for a table of rows: refuses (at load, with both names) two rows with
 * one code, two names that differ only in case, or a code that is not a positive integer.
 */
export function indexByCode<Name extends string>(table: Readonly<Record<Name, { readonly code: number }>>): ReadonlyMap<number, Name> {
  const byCode = new Map<number, Name>();
  const byName = new Map<string, Name>();
  for (const name of Object.keys(table) as Name[]) {
    const code = table[name].code;
    if (!Number.isSafeInteger(code) || code < 1) throw new Error(`vm/isa.ts: ${name} has the code ${code}; codes are positive integers`);
    const twin = byCode.get(code);
    if (twin !== undefined) throw new Error(`vm/isa.ts: ${twin} and ${name} share the code 0x${code.toString(16)}`);
    const alike = byName.get(name.toUpperCase());
    if (alike !== undefined) throw new Error(`vm/isa.ts: ${alike} and ${name} differ only in case`);
    byCode.set(code, name);
    byName.set(name.toUpperCase(), name);
  }
  return byCode;
}

/** Opcode number to name, for the decoder. */
export const OP_BY_CODE: ReadonlyMap<number, OpName> = indexByCode(ISA);

export function isInteractive(name: OpName): boolean {
  return ISA[name].traffic !== null;
}

export function operandKinds(name: OpName): readonly OperandKind[] {
  return ISA[name].operands;
}
