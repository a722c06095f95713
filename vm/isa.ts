// The instruction set: one row per opcode with its operands, length rule, communication,
// preprocessing and meaning. The emitter, decoder, validator, disassembler and docs all read it.

/** Operand kinds. `ds`/`dc` write a secret/clear register; `s`/`c` read one. */
export type OperandKind = "ds" | "dc" | "s" | "c" | "k" | "party" | "input" | "output";

/**
 * How the lengths of an instruction's registers relate: `same` (all equal), `reduce` (A is 1),
 * `broadcast` (B is 1), `const` (K[B] has 1 value or A's length), `io` (A has the input's length).
 */
export type LengthRule = "same" | "reduce" | "broadcast" | "const" | "io";

/**
 * Who sends to whom in the instruction's round, and how many 64-bit words per element of A:
 * every party to every other (`all`), the input's owner to the others (`owner`), or every party
 * to the receiving party in operand C, -1 meaning everyone (`recipient`).
 */
export interface Traffic {
  readonly pattern: "all" | "owner" | "recipient";
  readonly words: number;
}

/** Preprocessed material one element of A consumes; `param` names an operand that selects a variant. */
export interface PrepUse {
  readonly kind: "triple" | "divmask";
  readonly param: "divisor" | null;
}

export interface OpInfo {
  readonly code: number;
  readonly operands: readonly OperandKind[];
  readonly lengths: LengthRule;
  readonly traffic: Traffic | null;
  readonly prep: PrepUse | null;
  readonly meaning: string;
}

const local = { traffic: null, prep: null } as const;

export const ISA = {
  LDC: { code: 0x01, operands: ["dc", "k"], lengths: "const", ...local, meaning: "R[A] := K[B]" },
  LIFT: { code: 0x02, operands: ["ds", "c"], lengths: "same", ...local, meaning: "R[A] := R[B] as a sharing (party 0 holds it)" },
  ADDS: { code: 0x10, operands: ["ds", "s", "s"], lengths: "same", ...local, meaning: "R[A] := R[B] + R[C]" },
  ADDSC: { code: 0x11, operands: ["ds", "s", "c"], lengths: "same", ...local, meaning: "R[A] := R[B] + R[C] (party 0 adds)" },
  ADDC: { code: 0x12, operands: ["dc", "c", "c"], lengths: "same", ...local, meaning: "R[A] := R[B] + R[C]" },
  SUBS: { code: 0x13, operands: ["ds", "s", "s"], lengths: "same", ...local, meaning: "R[A] := R[B] - R[C]" },
  SUBSC: { code: 0x14, operands: ["ds", "s", "c"], lengths: "same", ...local, meaning: "R[A] := R[B] - R[C] (party 0 subtracts)" },
  SUBCS: { code: 0x15, operands: ["ds", "c", "s"], lengths: "same", ...local, meaning: "R[A] := R[B] - R[C] (party 0 adds R[B])" },
  SUBC: { code: 0x16, operands: ["dc", "c", "c"], lengths: "same", ...local, meaning: "R[A] := R[B] - R[C]" },
  NEGS: { code: 0x17, operands: ["ds", "s"], lengths: "same", ...local, meaning: "R[A] := -R[B]" },
  NEGC: { code: 0x18, operands: ["dc", "c"], lengths: "same", ...local, meaning: "R[A] := -R[B]" },
  MULS: {
    code: 0x20, operands: ["ds", "s", "s"], lengths: "same",
    traffic: { pattern: "all", words: 2 }, prep: { kind: "triple", param: null },
    meaning: "R[A] := R[B] · R[C] (Beaver multiplication)",
  },
  MULSC: { code: 0x21, operands: ["ds", "s", "c"], lengths: "same", ...local, meaning: "R[A] := R[B] · R[C]" },
  MULC: { code: 0x22, operands: ["dc", "c", "c"], lengths: "same", ...local, meaning: "R[A] := R[B] · R[C]" },
  SUMS: { code: 0x30, operands: ["ds", "s"], lengths: "reduce", ...local, meaning: "R[A] := Σ R[B]" },
  SUMC: { code: 0x31, operands: ["dc", "c"], lengths: "reduce", ...local, meaning: "R[A] := Σ R[B]" },
  BCASTS: { code: 0x32, operands: ["ds", "s"], lengths: "broadcast", ...local, meaning: "R[A] := R[B] repeated" },
  BCASTC: { code: 0x33, operands: ["dc", "c"], lengths: "broadcast", ...local, meaning: "R[A] := R[B] repeated" },
  DIVS: {
    code: 0x40, operands: ["ds", "s", "k"], lengths: "same",
    traffic: { pattern: "all", words: 1 }, prep: { kind: "divmask", param: "divisor" },
    meaning: "R[A] := ⌊R[B] / K[C]⌋ + e, e ∈ {-1, 0, 1} (masked open; exact bits for 2^k)",
  },
  DIVC: { code: 0x41, operands: ["dc", "c", "k"], lengths: "same", ...local, meaning: "R[A] := ⌊R[B] / K[C]⌋ (signed)" },
  INPUT: {
    code: 0x50, operands: ["ds", "input"], lengths: "io",
    traffic: { pattern: "owner", words: 1 }, prep: null,
    meaning: "R[A] := sharing of input B, split by its owner",
  },
  OPEN: {
    code: 0x51, operands: ["dc", "s", "party"], lengths: "same",
    traffic: { pattern: "recipient", words: 1 }, prep: null,
    meaning: "R[A] := R[B] revealed to party C (-1: to every party)",
  },
  OUTPUT: { code: 0x52, operands: ["c", "output"], lengths: "io", ...local, meaning: "output B := R[A]" },
} as const satisfies Record<string, OpInfo>;

export type OpName = keyof typeof ISA;

export const OP_NAMES = Object.keys(ISA) as OpName[];

/** Opcode number to name, for the decoder. */
export const OP_BY_CODE: ReadonlyMap<number, OpName> = new Map(OP_NAMES.map((name) => [ISA[name].code, name]));

export function opInfo(name: OpName): OpInfo {
  return ISA[name];
}

export function isInteractive(name: OpName): boolean {
  return ISA[name].traffic !== null;
}

/** The register that an operand of kind ds/dc writes is always operand 0. */
export function writesRegister(name: OpName): boolean {
  const first = ISA[name].operands[0];
  return first === "ds" || first === "dc";
}
