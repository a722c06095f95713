// The bytecode program as the VM sees it once decoded: a header (parties, inputs, outputs,
// preprocessing needs, registers) and one block of register-based vector instructions.

import type { Domain } from "../domain/ring.js";
import type { OpName } from "../isa.js";
import type { PrepNeed } from "../preprocessing/kinds.js";
import type { ProtocolParams } from "../protocol/protocol.js";

export const MAGIC = "MPCBC";
export const FORMAT_VERSION = 3;
export const DOMAIN: Domain = "Z2^64";

export type NumberType = "sint" | "sfix" | "sbool";

/** What a register holds: a clear or secret arithmetic vector, or clear or secret bit-sliced bits. */
export const REGISTER_KIND = { clear: 0, secret: 1, clearBits: 2, secretBits: 3 } as const;

/** InputSpec.party of an input a client provides (its `client` names the client). */
export const FROM_CLIENT = -1;
/** OutputSpec.to of an output for a client (its `client` names the client). */
export const TO_CLIENT = -2;

export interface InputSpec {
  /** The party whose input file holds the values, or FROM_CLIENT. */
  readonly party: number;
  readonly len: number;
  readonly type: NumberType;
  /** Source line of the input() call, so a short input file can be reported against the program. */
  readonly line: number;
  /** Declared bounds every value must lie within, or null. */
  readonly bounds: readonly [number, number] | null;
  /** The client that provides the values (secret-shared to the parties before the run), if any. */
  readonly client?: string;
}

export interface OutputSpec {
  readonly name: string;
  readonly type: NumberType;
  readonly shape: readonly number[];
  /** The receiving party, -1 for every party, or TO_CLIENT. */
  readonly to: number;
  /** The client that receives it (each party keeps its share until the client fetches it), if any. */
  readonly client?: string;
}

/** A data owner that is not a compute party: the inputs it provides and the outputs it receives. */
export interface ClientSpec {
  readonly name: string;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}

/** One reveal() of a secret during the run: what every party learns besides the outputs. */
export interface RevealSpec {
  /** The revealed expression as written in the source. */
  readonly name: string;
  readonly type: NumberType;
  readonly shape: readonly number[];
  /** The clear register the OPEN writes. */
  readonly register: number;
  readonly line: number;
}

export interface Program {
  readonly domain: Domain;
  readonly parties: number;
  /** The protocol the parties run and the most corrupt parties it tolerates. */
  readonly protocol: ProtocolParams;
  readonly fracBits: number;
  readonly source: string;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
  /** Values revealed to every party during the run (not outputs): the rest of the disclosure list. */
  readonly reveals: readonly RevealSpec[];
  /** Every client the inputs and outputs name (see clientsOf in header.ts); empty for most programs. */
  readonly clients: readonly ClientSpec[];
  readonly preprocessing: readonly PrepNeed[];
  /** Per register: its REGISTER_KIND, its length in elements, and its bit width (bit registers). */
  readonly registerKind: Uint8Array;
  readonly registerLength: Uint32Array;
  readonly registerWidth: Uint16Array;
  readonly constants: readonly BigUint64Array[];
  readonly strings: readonly string[];
  /** Instructions back to back: opcode, then its operands as the ISA row lists them. */
  readonly code: Int32Array;
  /** The source line of each instruction, in order. */
  readonly lines: Uint32Array;
}

export interface Instruction {
  readonly op: OpName;
  readonly operands: readonly number[];
  readonly line: number;
}

/** A program with the hash of its encoded body, which identifies it to parties and preprocessing. */
export interface LoadedProgram {
  readonly program: Program;
  readonly hash: string;
  readonly instructions: readonly Instruction[];
}
