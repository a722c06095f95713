// The emitter: scheduled IR gates to bytecode. One register per value-producing gate, the
// opcode chosen by the secrecy of the operands, constants pooled, preprocessing counted.

import type { Gate, IrProgram } from "../ir/ir.js";
import { scheduleGates } from "../passes/schedule.js";
import { preprocessingNeeds } from "../../vm/bytecode/analysis.js";
import { encodeProgram } from "../../vm/bytecode/codec.js";
import { decodeInstructions, encodeInstructions, instruction } from "../../vm/bytecode/instructions.js";
import { DOMAIN, type Instruction, type Program } from "../../vm/bytecode/program.js";
import type { OpName } from "../../vm/isa.js";

export interface EmitResult {
  readonly program: Program;
  readonly bytes: Uint8Array;
  readonly hash: string;
}

export function emit(ir: IrProgram, source: string): EmitResult {
  const emitter = new Emitter(ir);
  for (const gate of scheduleGates(ir)) emitter.gate(gate);
  const { code, lines } = encodeInstructions(emitter.instructions);
  const base: Program = {
    domain: DOMAIN,
    parties: ir.parties,
    fracBits: ir.fracBits,
    source,
    inputs: ir.inputs.map((i) => ({ party: i.party, len: i.len, type: i.type, line: i.span?.line ?? 0 })),
    outputs: ir.outputs.map((o) => ({ name: o.name, type: o.type, shape: o.shape.length ? o.shape : [], to: o.to ?? -1 })),
    preprocessing: [],
    registerSecret: Uint8Array.from(emitter.registerSecret),
    registerLength: Uint32Array.from(emitter.registerLength),
    constants: emitter.constants,
    code,
    lines,
  };
  const program = { ...base, preprocessing: preprocessingNeeds(base, decodeInstructions(code, lines)) };
  const { bytes, hash } = encodeProgram(program);
  return { program, bytes, hash };
}

/** Binary ops by (left secret, right secret); a null entry means swap the operands (commutative). */
const BINARY: Record<"add" | "sub" | "mul", [OpName, OpName | null, OpName, OpName]> = {
  // [secret-secret, clear-secret, secret-clear, clear-clear]
  add: ["ADDS", null, "ADDSC", "ADDC"],
  sub: ["SUBS", "SUBCS", "SUBSC", "SUBC"],
  mul: ["MULS", null, "MULSC", "MULC"],
};

class Emitter {
  readonly instructions: Instruction[] = [];
  readonly registerSecret: number[] = [];
  readonly registerLength: number[] = [];
  readonly constants: BigUint64Array[] = [];
  private readonly constantIndex = new Map<string, number>();
  private readonly registerOf = new Map<number, number>();

  constructor(private readonly ir: IrProgram) {}

  gate(g: Gate): void {
    const line = g.span?.line ?? 0;
    const k = g.kind;
    const args = g.args.map((a) => this.registerOf.get(a)!);
    const secret = (i: number): boolean => this.ir.gates[g.args[i]!]!.secret;
    const emit = (op: OpName, ...operands: number[]): void => {
      this.instructions.push(instruction(op, operands, line));
    };
    switch (k.op) {
      case "const":
        return emit("LDC", this.result(g), this.constant(k.values));
      case "input":
        return emit("INPUT", this.result(g), k.input);
      case "lift":
        return emit("LIFT", this.result(g), args[0]!);
      case "add":
      case "sub":
      case "mul": {
        const [ss, cs, sc, cc] = BINARY[k.op];
        const a = secret(0);
        const b = secret(1);
        if (a && b) return emit(ss, this.result(g), args[0]!, args[1]!);
        if (a) return emit(sc, this.result(g), args[0]!, args[1]!);
        if (b) return cs === null ? emit(sc, this.result(g), args[1]!, args[0]!) : emit(cs, this.result(g), args[0]!, args[1]!);
        return emit(cc, this.result(g), args[0]!, args[1]!);
      }
      case "neg":
        return emit(g.secret ? "NEGS" : "NEGC", this.result(g), args[0]!);
      case "sum":
        return emit(g.secret ? "SUMS" : "SUMC", this.result(g), args[0]!);
      case "bcast":
        return emit(g.secret ? "BCASTS" : "BCASTC", this.result(g), args[0]!);
      case "divpub":
        return emit(g.secret ? "DIVS" : "DIVC", this.result(g), args[0]!, this.constant([k.divisor]));
      case "open":
        return emit("OPEN", this.result(g), args[0]!, k.to ?? -1);
      case "output":
        return emit("OUTPUT", args[0]!, k.output);
    }
  }

  private result(g: Gate): number {
    const r = this.registerSecret.length;
    this.registerSecret.push(g.secret ? 1 : 0);
    this.registerLength.push(g.len);
    this.registerOf.set(g.id, r);
    return r;
  }

  private constant(values: readonly bigint[]): number {
    const key = values.join(",");
    let index = this.constantIndex.get(key);
    if (index === undefined) {
      index = this.constants.length;
      this.constants.push(BigUint64Array.from(values, (v) => BigInt.asUintN(64, v)));
      this.constantIndex.set(key, index);
    }
    return index;
  }
}
