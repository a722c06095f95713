// The circuit IR: vector gates over Z_2^64 in basic blocks. Plain data: a gate names its operands
// by id, carries a static length, whether it holds secret shares, and the source span it came from.

import type { Span } from "../diagnostics/source.js";

/** What each gate op means; the emitter, the printer and the passes all switch over this union. */
export type GateOp =
  | { op: "const"; values: readonly bigint[] } // public; one value is splatted to the gate's length
  | { op: "input"; party: number; input: number } // secret; the party's next `len` values (header input entry)
  | { op: "lift" } // public -> secret: party 0 takes the value as its share
  | { op: "add" }
  | { op: "sub" }
  | { op: "mul" }
  | { op: "neg" }
  | { op: "sum" } // reduce a vector to length 1
  | { op: "bcast" } // length 1 -> the gate's length
  | { op: "divpub"; divisor: bigint } // signed floor division by a public constant (±1 for secrets)
  | { op: "open"; to: number | null } // secret -> public, for one party or (null) every party
  | { op: "output"; output: number }; // sink: record a public value as program output `output`

export type OpName = GateOp["op"];

export interface Gate {
  readonly id: number;
  readonly kind: GateOp;
  readonly args: readonly number[];
  readonly len: number;
  readonly secret: boolean;
  readonly span: Span | null;
}

export type NumberType = "sint" | "sfix";

/** One call of input(): what a party must supply, in program order. */
export interface InputDecl {
  readonly party: number;
  readonly len: number;
  readonly type: NumberType;
  readonly span: Span | null;
}

/** One call of output(): a revealed value with its name, type and recipients. */
export interface OutputDecl {
  readonly name: string;
  readonly type: NumberType;
  readonly shape: readonly number[];
  readonly to: number | null;
  readonly span: Span | null;
}

export interface IrProgram {
  readonly parties: number;
  readonly fracBits: number;
  readonly gates: Gate[];
  readonly inputs: InputDecl[];
  readonly outputs: OutputDecl[];
}

/** Interactive gates need a round of communication; they set the program's round structure. */
export function isInteractive(gate: Gate, gates: readonly Gate[]): boolean {
  switch (gate.kind.op) {
    case "input":
    case "open":
      return true;
    case "mul":
      return gates[gate.args[0]!]!.secret && gates[gate.args[1]!]!.secret;
    case "divpub":
      return gate.secret;
    default:
      return false;
  }
}
