// What running the program lets the parties learn: every output and every reveal() with its
// line, name, shape and recipients. Opens of values masked by a fresh random mask reveal nothing.

import { registersRead, registersWritten } from "../../vm/bytecode/analysis.js";
import type { Instruction, Program } from "../../vm/bytecode/program.js";
import { ISA } from "../../vm/isa.js";

export interface Disclosure {
  /** An output(), a reveal(), or an open the compiler made that neither names (none should exist). */
  readonly kind: "output" | "reveal" | "open";
  readonly name: string;
  readonly line: number;
  readonly type: string | null;
  readonly shape: readonly number[];
  /** "all", the one party that learns it, or "client" (an output for the client `client` names). */
  readonly to: "all" | number | "client";
  readonly client?: string;
  /** How many times at most (reveals inside loops on revealed values run once per iteration). */
  readonly times: number;
}

export interface Disclosures {
  readonly list: Disclosure[];
  /** Opens of x + r for a fresh random r (inside comparisons): uniformly random, they reveal nothing. */
  readonly maskedOpens: { readonly count: number; readonly lines: number[] };
}

export function disclosuresOf(program: Program, instructions: readonly Instruction[], times: Float64Array): Disclosures {
  const writer = new Map<number, number>();
  const readers = new Map<number, number[]>();
  instructions.forEach((ins, i) => {
    for (const r of registersWritten(ins)) if (!writer.has(r)) writer.set(r, i);
    for (const r of registersRead(ins)) {
      const list = readers.get(r) ?? [];
      list.push(i);
      readers.set(r, list);
    }
  });
  const list: Disclosure[] = [];
  const revealed = new Set(program.reveals.map((r) => r.register));
  const masked: number[] = [];
  instructions.forEach((ins, i) => {
    if (ins.op === "OUTPUT") {
      const spec = program.outputs[ins.operands[1]!]!;
      list.push({
        kind: "output",
        name: spec.name,
        line: ins.line,
        type: spec.type,
        shape: spec.shape,
        to: spec.to === -1 ? "all" : spec.to,
        times: times[i]!,
      });
    } else if (ins.op === "COUTPUT") {
      const spec = program.outputs[ins.operands[1]!]!;
      list.push({ kind: "output", name: spec.name, line: ins.line, type: spec.type, shape: spec.shape, to: "client", client: spec.client!, times: times[i]! });
    } else if (ins.op === "OPEN") {
      const [dest, src, to] = ins.operands as [number, number, number];
      const named = revealed.has(dest) || (readers.get(dest) ?? []).some((j) => instructions[j]!.op === "OUTPUT");
      if (isMasked(instructions, writer, readers, src)) masked.push(ins.line);
      else if (!named) {
        const len = program.registerLength[dest]!;
        list.push({
          kind: "open",
          name: `(a value opened at line ${ins.line})`,
          line: ins.line,
          type: null,
          shape: len === 1 ? [] : [len],
          to: to === -1 ? "all" : to,
          times: times[i]!,
        });
      }
    }
  });
  for (const r of program.reveals) {
    const at = writer.get(r.register);
    list.push({ kind: "reveal", name: r.name, line: r.line, type: r.type, shape: r.shape, to: "all", times: at === undefined ? 1 : times[at]! });
  }
  list.sort((a, b) => a.line - b.line || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return { list, maskedOpens: { count: masked.length, lines: [...new Set(masked)].sort((a, b) => a - b) } };
}

/**
 * The register holds x + r, however the sum is bracketed (the passes may add a public constant
 * to r first), where r is a fresh random value — the result of an instruction that reads no
 * register and draws preprocessing, like EDABIT's arithmetic half — and neither r nor any partial
 * sum holding it is read by anything else.
 */
function isMasked(
  instructions: readonly Instruction[],
  writer: ReadonlyMap<number, number>,
  readers: ReadonlyMap<number, number[]>,
  register: number,
): boolean {
  const holdsMask = (reg: number, depth: number): boolean => {
    const at = writer.get(reg);
    if (at === undefined || depth > 64) return false;
    const ins = instructions[at]!;
    if (ISA[ins.op].prep !== null && registersRead(ins).length === 0) return ins.operands[0] === reg && readers.get(reg)?.length === 1;
    if (ins.op !== "ADDS" && ins.op !== "ADDSC") return false;
    const secretTerms = ins.op === "ADDS" ? [ins.operands[1]!, ins.operands[2]!] : [ins.operands[1]!];
    return secretTerms.some((term) => holdsMask(term, depth + 1) && (readers.get(term)?.length ?? 0) === 1);
  };
  return holdsMask(register, 0) && writer.get(register) !== undefined && instructions[writer.get(register)!]!.op.startsWith("ADDS");
}
