// Appends gates to an IR program under construction; the only place gate ids are assigned.
// Used by lower/; knows nothing of the language, only of gate shapes and secrecy.

import type { Span } from "../diagnostics/source.js";
import type { Gate, GateOp, InputDecl, IrProgram, OutputDecl } from "./ir.js";

export class IrBuilder {
  private readonly gates: Gate[] = [];
  private readonly inputs: InputDecl[] = [];
  private readonly outputs: OutputDecl[] = [];

  constructor(private readonly fracBits: number) {}

  gate(kind: GateOp, args: readonly number[], len: number, secret: boolean, span: Span | null): number {
    const id = this.gates.length;
    this.gates.push({ id, kind, args, len, secret, span });
    return id;
  }

  lengthOf(id: number): number {
    return this.gates[id]!.len;
  }

  isSecret(id: number): boolean {
    return this.gates[id]!.secret;
  }

  addInput(decl: InputDecl): number {
    this.inputs.push(decl);
    return this.inputs.length - 1;
  }

  addOutput(decl: OutputDecl): number {
    this.outputs.push(decl);
    return this.outputs.length - 1;
  }

  /** The party count is known only at the end, once every input() and output() has named its party. */
  finish(parties: number): IrProgram {
    return { parties, fracBits: this.fracBits, gates: this.gates, inputs: this.inputs, outputs: this.outputs };
  }
}
