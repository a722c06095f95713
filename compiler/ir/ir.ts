// The circuit IR: vector gates over Z_2^64 (arithmetic) or bit-sliced bits (boolean), in a tree
// of regions for control flow on revealed values. Plain data: gates name operands by id.

import type { Span } from "../diagnostics/source.js";

/** What each gate computes; the emitter, the printer and the passes switch over this union. */
export type GateOp =
  // arithmetic, on secret shares or clear values
  | { op: "const"; values: readonly bigint[] } // public; one value is splatted to the gate's length
  | { op: "input"; party: number; input: number } // secret: the party's next `len` values
  | { op: "clientinput"; input: number } // secret: the shares a client sent each party before the run
  | { op: "rerand" } // secret: the same value with fresh random shares (before a client sees them)
  | { op: "lift" } // public -> secret: party 0 takes the value as its share
  | { op: "randbits" } // secret uniformly random bits (0 or 1), known to nobody
  | { op: "add" }
  | { op: "sub" }
  | { op: "mul" }
  | { op: "neg" }
  | { op: "sum"; group: number } // sums of consecutive groups of `group` elements
  | { op: "gather"; indices: readonly number[] } // out[i] = arg[indices[i]]
  | { op: "slice"; start: number; step: number } // out[i] = arg[start + i·step]; step 0 repeats one element
  | { op: "concat" } // the two arguments back to back
  | { op: "divpub"; divisor: bigint } // signed floor division by a public constant (±1 for secrets)
  | { op: "divide" } // public only: signed floor division by a run-time divisor
  | { op: "compare"; cmp: "lt" | "eq" } // public only: 1 if a < b (signed) or a == b, else 0
  | { op: "open"; to: number | null } // secret -> public, for one party or (null) every party
  // boolean, on bit-sliced vectors of `width` bit positions per element
  | { op: "edabit" } // secret random r (arithmetic); its bits come from an "edabitBits" gate
  | { op: "edabitBits" } // the bits of the edabit gate in args[0], as wide as the ring
  | { op: "edabitProducts" } // r_i ∧ r_(i+1) for the edabit gate in args[0], one position fewer
  | { op: "bxor" }
  | { op: "band" }
  | { op: "bnot" }
  | { op: "bslice"; start: number; step: number } // bit positions start, start+step, ... (width of the gate)
  | { op: "bconcat" } // bit positions of the arguments back to back
  | { op: "bgather"; indices: readonly number[] } // out element i = arg element indices[i]; index = arg's length gives 0 bits
  | { op: "bits" } // public arithmetic -> its lowest `width` bits
  | { op: "b2a" } // secret one-bit -> secret arithmetic 0/1
  | { op: "bmul" } // secret one-bit args[0] times secret arithmetic args[1], in one round (passes/fuse.ts)
  // sinks and cells (cells carry values across control flow on revealed values)
  | { op: "output"; output: number }
  | { op: "clientoutput"; output: number } // each party keeps its share for the output's client
  | { op: "print"; text: number | null; format: number } // string `text`, or the public arg in `format`
  | { op: "load"; cell: number }
  | { op: "store"; cell: number }
  | { op: "abort"; message: number }; // stops the run with string `message` if the public arg is 0

export type OpName = GateOp["op"];

export interface Gate {
  readonly id: number;
  readonly kind: GateOp;
  readonly args: readonly number[];
  /** Elements (for arithmetic gates) or elements whose bits it holds (boolean gates). */
  readonly len: number;
  /** Bit positions per element for boolean gates; 0 for arithmetic gates. */
  readonly width: number;
  readonly secret: boolean;
  readonly span: Span | null;
}

/** A sequence of gates (by id) and nested control structures, executed in order. */
export interface Sequence {
  readonly items: Item[];
}

export type Item = number | Control;

export type Control =
  | { kind: "if"; condition: number; then: Sequence; otherwise: Sequence; span: Span | null }
  | { kind: "loop"; bound: number; body: Sequence; span: Span | null }
  | { kind: "breakIfZero"; condition: number }
  | { kind: "break" }
  | { kind: "continue" };

/** A register that keeps its identity across control flow: one per loop-carried or merged variable. */
export interface Cell {
  readonly len: number;
  readonly width: number;
  readonly secret: boolean;
}

export type NumberType = "sint" | "sfix" | "sbool";

/** One call of input(): what a party (or a client) must supply, in program order. */
export interface InputDecl {
  /** The party, or -1 for a client's input. */
  readonly party: number;
  readonly len: number;
  readonly type: NumberType;
  readonly span: Span | null;
  /** Declared bounds on every value, as numbers: the owner's VM refuses values outside them. */
  readonly bounds: readonly [number, number] | null;
  /** The client that provides the values, for input(..., client="name"). */
  readonly client?: string;
}

/** One call of output(): a revealed value with its name, type and recipients. */
export interface OutputDecl {
  readonly name: string;
  readonly type: NumberType;
  readonly shape: readonly number[];
  readonly to: number | null;
  readonly span: Span | null;
  /** The client that alone receives it, for output(..., to_client="name"). */
  readonly client?: string;
}

/** One reveal() of a secret: a value every party learns during the run (for the disclosure list). */
export interface RevealDecl {
  /** The open gate; passes that merge or remove gates keep this pointing at the survivor. */
  readonly gate: number;
  /** The revealed expression as written in the source. */
  readonly name: string;
  readonly type: NumberType;
  readonly shape: readonly number[];
  readonly span: Span | null;
}

export interface IrProgram {
  readonly parties: number;
  readonly fracBits: number;
  /** The ring's bit length: 64 or 128. */
  readonly ringBits: number;
  readonly gates: Gate[];
  readonly body: Sequence;
  readonly cells: Cell[];
  readonly strings: string[];
  readonly inputs: InputDecl[];
  readonly outputs: OutputDecl[];
  /** Gates made inside library functions with their own documented ranges: the range check stays quiet on them. */
  readonly unchecked: ReadonlySet<number>;
  readonly reveals: RevealDecl[];
}

/** Interactive gates need a round of communication; they set the program's round structure. */
export function isInteractive(gate: Gate, gates: readonly Gate[]): boolean {
  switch (gate.kind.op) {
    // An input is local: each pair of parties derives its masks from a shared PRG stream.
    case "open":
    case "b2a":
    case "bmul":
      return true;
    case "mul":
      return gates[gate.args[0]!]!.secret && gates[gate.args[1]!]!.secret;
    case "band":
      return gates[gate.args[0]!]!.secret && gates[gate.args[1]!]!.secret;
    case "divpub":
      return gate.secret;
    default:
      return false;
  }
}

/** Gates with effects beyond their value: never removed, never merged, never reordered across. */
export function isSink(gate: Gate): boolean {
  const op = gate.kind.op;
  return op === "output" || op === "clientoutput" || op === "print" || op === "store" || op === "abort";
}
