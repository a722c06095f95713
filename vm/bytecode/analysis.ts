// Facts derived from the instructions and the ISA table: the round structure (a run of
// consecutive interactive instructions is one round), preprocessing needs and traffic.

import { ISA, isInteractive } from "../isa.js";
import { prepKey, type PrepKind, type PrepNeed } from "../preprocessing/kinds.js";
import type { Instruction, Program } from "./program.js";

/**
 * [start, end) instruction ranges, one per communication round, in execution order. A round is a
 * run of consecutive interactive instructions; it ends early where an instruction reads a result
 * of the run, because every instruction of a round sends before any of them receives.
 */
export function roundsOf(instructions: readonly Instruction[]): Array<[number, number]> {
  const rounds: Array<[number, number]> = [];
  let i = 0;
  while (i < instructions.length) {
    if (!isInteractive(instructions[i]!.op)) {
      i++;
      continue;
    }
    const start = i;
    const written = new Set<number>();
    while (i < instructions.length && isInteractive(instructions[i]!.op) && !readsAny(instructions[i]!, written)) {
      written.add(instructions[i]!.operands[0]!);
      i++;
    }
    rounds.push([start, i]);
  }
  return rounds;
}

function readsAny(ins: Instruction, registers: ReadonlySet<number>): boolean {
  return ISA[ins.op].operands.some((kind, j) => (kind === "s" || kind === "c") && registers.has(ins.operands[j]!));
}

/** The length of an instruction's first register, which is what per-element costs count. */
export function elementsOf(program: Program, ins: Instruction): number {
  const info = ISA[ins.op];
  if (info.operands[0] === "ds" || info.operands[0] === "dc" || info.operands[0] === "c" || info.operands[0] === "s") {
    return program.registerLength[ins.operands[0]!] ?? 0;
  }
  return 0;
}

/** The divisor (or other variant) an instruction's preprocessing depends on. */
export function prepParam(program: Program, ins: Instruction): bigint | null {
  const prep = ISA[ins.op].prep;
  if (prep === null || prep.param === null) return null;
  const k = ins.operands[(ISA[ins.op].operands as readonly string[]).indexOf("k")]!;
  return program.constants[k]?.[0] ?? null;
}

export function preprocessingNeeds(program: Program, instructions: readonly Instruction[]): PrepNeed[] {
  const needs = new Map<string, { kind: PrepKind; param: bigint | null; count: number }>();
  for (const ins of instructions) {
    const prep = ISA[ins.op].prep;
    if (prep === null) continue;
    const param = prepParam(program, ins);
    const key = prepKey(prep.kind, param);
    const entry = needs.get(key) ?? { kind: prep.kind, param, count: 0 };
    entry.count += elementsOf(program, ins);
    needs.set(key, entry);
  }
  return [...needs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n);
}

/** Ring words party `from` sends party `to` for one instruction (0 for local instructions). */
export function wordsSent(program: Program, ins: Instruction, from: number, to: number): number {
  const traffic = ISA[ins.op].traffic;
  if (traffic === null || from === to) return 0;
  const elements = elementsOf(program, ins);
  switch (traffic.pattern) {
    case "all":
      return traffic.words * elements;
    case "owner":
      return program.inputs[ins.operands[1]!]!.party === from ? traffic.words * elements : 0;
    case "recipient": {
      const recipient = ins.operands[2]!;
      return recipient === -1 || recipient === to ? traffic.words * elements : 0;
    }
  }
}

/** The largest message (in bytes) any party sends any peer in one round. */
export function largestMessageBytes(program: Program, instructions: readonly Instruction[]): number {
  let largest = 0;
  for (const [start, end] of roundsOf(instructions)) {
    for (let from = 0; from < program.parties; from++) {
      for (let to = 0; to < program.parties; to++) {
        let words = 0;
        for (let i = start; i < end; i++) words += wordsSent(program, instructions[i]!, from, to);
        largest = Math.max(largest, words * 8);
      }
    }
  }
  return largest;
}
