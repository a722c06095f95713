// The emitter: IR to bytecode. One register per value-producing gate and per cell, the opcode
// chosen by the operands' secrecy, constants and strings pooled, control structures as blocks.

import type { ProtocolParams } from "../../vm/protocol/protocol.js";
import type { Gate, IrProgram, Sequence } from "../ir/ir.js";
import { scheduleSegment } from "../passes/schedule.js";
import { preprocessingNeeds } from "../../vm/bytecode/analysis.js";
import { encodeProgram } from "../../vm/bytecode/codec.js";
import { encodeInstructions, instruction } from "../../vm/bytecode/instructions.js";
import { clientsOf } from "../../vm/bytecode/header.js";
import { FROM_CLIENT, REGISTER_KIND, TO_CLIENT, type InputSpec, type Instruction, type OutputSpec, type Program } from "../../vm/bytecode/program.js";
import type { OpName } from "../../vm/isa.js";
import { selectOpcode } from "./opcodes.js";

export interface EmitResult {
  readonly program: Program;
  readonly instructions: readonly Instruction[];
  readonly bytes: Uint8Array;
  readonly hash: string;
}

export function emit(ir: IrProgram, source: string, protocol: ProtocolParams = { name: "additive", threshold: ir.parties - 1 }): EmitResult {
  const emitter = new Emitter(ir);
  emitter.sequence(ir.body);
  const { code, lines } = encodeInstructions(emitter.instructions);
  // A `client` key only where there is a client: the header of a program without clients is unchanged.
  const inputs: InputSpec[] = ir.inputs.map((i) => ({
    party: i.client === undefined ? i.party : FROM_CLIENT,
    len: i.len,
    type: i.type,
    line: i.span?.line ?? 0,
    bounds: i.bounds,
    ...(i.client === undefined ? {} : { client: i.client }),
  }));
  const outputs: OutputSpec[] = ir.outputs.map((o) => ({
    name: o.name,
    type: o.type,
    shape: [...o.shape],
    to: o.client === undefined ? (o.to ?? -1) : TO_CLIENT,
    ...(o.client === undefined ? {} : { client: o.client }),
  }));
  const base: Program = {
    domain: ir.ringBits === 128 ? "Z2^128" : "Z2^64",
    parties: ir.parties,
    protocol,
    fracBits: ir.fracBits,
    source,
    inputs,
    outputs,
    clients: clientsOf(inputs, outputs),
    reveals: ir.reveals.map((r) => ({ name: r.name, type: r.type, shape: [...r.shape], register: emitter.registerOfGate(r.gate), line: r.span?.line ?? 0 })),
    preprocessing: [],
    registerKind: Uint8Array.from(emitter.registerKind),
    registerLength: Uint32Array.from(emitter.registerLength),
    registerWidth: Uint16Array.from(emitter.registerWidth),
    constants: emitter.constants,
    strings: emitter.strings,
    code,
    lines,
  };
  const program = { ...base, preprocessing: preprocessingNeeds(base, emitter.instructions) };
  const { bytes, hash } = encodeProgram(program);
  return { program, instructions: emitter.instructions, bytes, hash };
}

class Emitter {
  readonly instructions: Instruction[] = [];
  readonly registerKind: number[] = [];
  readonly registerLength: number[] = [];
  readonly registerWidth: number[] = [];
  readonly constants: BigUint64Array[] = [];
  readonly strings: string[];
  private readonly constantIndex = new Map<string, number>();
  /** The register of each value gate, by gate id (-1 until emitted). */
  private readonly registerOf: Int32Array;
  private readonly cellRegister: number[];
  /** The bits and products registers an EDABIT wrote, for the edabitBits and edabitProducts gates that name them. */
  private readonly edabitParts = new Map<number, { bits: number; products: number }>();

  constructor(private readonly ir: IrProgram) {
    this.registerOf = new Int32Array(ir.gates.length).fill(-1);
    this.strings = [...ir.strings];
    this.cellRegister = ir.cells.map((c) => this.register(c.secret, c.len, c.width));
  }

  registerOfGate(gate: number): number {
    return this.registerOf[gate]!;
  }

  sequence(seq: Sequence): void {
    let segment: number[] = [];
    const flush = (): void => {
      for (const gate of scheduleSegment(this.ir, segment)) this.gate(gate);
      segment = [];
    };
    for (const item of seq.items) {
      if (typeof item === "number") {
        segment.push(item);
        continue;
      }
      flush();
      const line = item.kind === "if" || item.kind === "loop" ? (item.span?.line ?? 0) : 0;
      switch (item.kind) {
        case "if":
          this.emit("IF", [this.registerOf[item.condition]!], line);
          this.sequence(item.then);
          this.emit("ELSE", [], line);
          this.sequence(item.otherwise);
          this.emit("ENDIF", [], line);
          break;
        case "loop": {
          const message = this.string(`the loop at line ${line} did not finish within ${item.bound - 1} iterations (raise the bound with --max-iterations)`);
          this.emit("LOOP", [item.bound, message], line);
          this.sequence(item.body);
          this.emit("ENDLOOP", [], line);
          break;
        }
        case "breakIfZero":
          this.emit("BREAKZ", [this.registerOf[item.condition]!], line);
          break;
        case "break":
          this.emit("BREAK", [], line);
          break;
        case "continue":
          this.emit("CONTINUE", [], line);
          break;
      }
    }
    flush();
  }

  private gate(g: Gate): void {
    const line = g.span?.line ?? 0;
    const args = g.args.map((a) => this.registerOf[a]!);
    const secret = g.args.map((a) => this.ir.gates[a]!.secret);
    const k = g.kind;
    const emit = (op: OpName, ...operands: number[]): void => this.emit(op, operands, line);
    switch (k.op) {
      case "const":
        return emit("LDC", this.result(g), this.constant(k.values));
      case "input":
        return emit("INPUT", this.result(g), k.input);
      case "clientinput":
        return emit("CINPUT", this.result(g), k.input);
      case "rerand":
        return emit("RERAND", this.result(g), args[0]!);
      case "clientoutput":
        return emit("COUTPUT", args[0]!, k.output);
      case "randbits":
        return emit("RANDBIT", this.result(g));
      case "sum":
        return emit(g.secret ? "SUMS" : "SUMC", this.result(g), args[0]!, k.group);
      case "gather":
        return emit(g.secret ? "GATHERS" : "GATHERC", this.result(g), args[0]!, this.constant(k.indices.map(BigInt)));
      case "bgather":
        return emit("BGATHER", this.result(g), args[0]!, this.constant(k.indices.map(BigInt)));
      case "slice":
        return emit(g.secret ? "SLICES" : "SLICEC", this.result(g), args[0]!, k.start, k.step);
      case "divpub":
        return emit(g.secret ? "DIVS" : "DIVC", this.result(g), args[0]!, this.constant([k.divisor]));
      case "compare":
        return emit(k.cmp === "lt" ? "LTC" : "EQC", this.result(g), args[0]!, args[1]!);
      case "open":
        return emit("OPEN", this.result(g), args[0]!, k.to ?? -1);
      case "edabit": {
        const parts = { bits: this.register(true, g.len, this.ir.ringBits), products: this.register(true, g.len, this.ir.ringBits - 1) };
        this.edabitParts.set(g.id, parts);
        return emit("EDABIT", this.result(g), parts.bits, parts.products);
      }
      case "edabitBits":
        this.registerOf[g.id] = this.edabitParts.get(g.args[0]!)!.bits;
        return;
      case "edabitProducts":
        this.registerOf[g.id] = this.edabitParts.get(g.args[0]!)!.products;
        return;
      case "bslice":
        return emit(g.secret ? "BSLICE" : "BSLICEC", this.result(g), args[0]!, k.start, k.step);
      case "output":
        return emit("OUTPUT", args[0]!, k.output);
      case "print":
        return k.text === null ? emit("PRINTC", args[0]!, k.format) : emit("PRINTS", this.string(this.ir.strings[k.text]!));
      case "abort":
        return emit("ABORTZ", args[0]!, this.string(this.ir.strings[k.message]!));
      case "load":
        return emit(this.move(g.secret, g.width), this.result(g), this.cellRegister[k.cell]!);
      case "store":
        return emit(this.move(this.ir.cells[k.cell]!.secret, g.width), this.cellRegister[k.cell]!, args[0]!);
      default: {
        const { op, swap } = selectOpcode(k.op, secret);
        const operands = swap ? [args[1]!, args[0]!] : args;
        return emit(op, this.result(g), ...operands);
      }
    }
  }

  private move(secret: boolean, width: number): OpName {
    if (width > 0) return secret ? "MOVSB" : "MOVCB";
    return secret ? "MOVS" : "MOVC";
  }

  private emit(op: OpName, operands: number[], line: number): void {
    this.instructions.push(instruction(op, operands, line));
  }

  private result(g: Gate): number {
    const r = this.register(g.secret, g.len, g.width);
    this.registerOf[g.id] = r;
    return r;
  }

  private register(secret: boolean, len: number, width: number): number {
    const kind = width > 0 ? (secret ? REGISTER_KIND.secretBits : REGISTER_KIND.clearBits) : secret ? REGISTER_KIND.secret : REGISTER_KIND.clear;
    this.registerKind.push(kind);
    this.registerLength.push(len);
    this.registerWidth.push(width);
    return this.registerKind.length - 1;
  }

  /** A pooled constant vector, each value as ring words (low word first). */
  private constant(values: readonly bigint[]): number {
    const key = values.join(",");
    let index = this.constantIndex.get(key);
    if (index === undefined) {
      index = this.constants.length;
      const words = this.ir.ringBits / 64;
      const out = new BigUint64Array(values.length * words);
      values.forEach((v, i) => {
        const u = BigInt.asUintN(this.ir.ringBits, v);
        for (let w = 0; w < words; w++) out[i * words + w] = u >> BigInt(64 * w);
      });
      this.constants.push(out);
      this.constantIndex.set(key, index);
    }
    return index;
  }

  private string(text: string): number {
    const i = this.strings.indexOf(text);
    if (i >= 0) return i;
    this.strings.push(text);
    return this.strings.length - 1;
  }
}
