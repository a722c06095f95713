// Facts derived from the instructions and the ISA table: register sizes, the round structure
// (a run of consecutive interactive instructions is one round), preprocessing needs and traffic.

import { ringOf } from "../domain/ring.js";
import { ISA, isInteractive, READ_OPERANDS, WRITE_OPERANDS, type PrepUse, type Traffic } from "../isa.js";
import { costTable } from "../protocol/costs.js";
import { prepKey, type PrepKind, type PrepNeed } from "../preprocessing/kinds.js";
import { matchControl } from "./control.js";
import { REGISTER_KIND, type Instruction, type Program } from "./program.js";

/** 64-bit words a register occupies: its length times the ring's words, or width × ⌈length/64⌉ for bits. */
export function storageWords(program: Program, register: number): number {
  const len = program.registerLength[register] ?? 0;
  const kind = program.registerKind[register];
  if (kind === REGISTER_KIND.clearBits || kind === REGISTER_KIND.secretBits) {
    return (program.registerWidth[register] ?? 0) * Math.ceil(len / 64);
  }
  return len * ringOf(program.domain).words;
}

/**
 * [start, end) instruction ranges, one per communication round, in program order. A round is a
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
  return ISA[ins.op].operands.some((kind, j) => READ_OPERANDS.includes(kind) && registers.has(ins.operands[j]!));
}

/** The preprocessing one execution of the instruction consumes under the program's protocol. */
export function prepUse(program: Program, ins: Instruction): PrepUse | null {
  return costTable(program.protocol, program.parties)[ins.op].prep;
}

/** The divisor (or other variant) an instruction's preprocessing depends on. */
export function prepParam(program: Program, ins: Instruction): bigint | null {
  const prep = prepUse(program, ins);
  if (prep === null || prep.param === null) return null;
  const constant = program.constants[ins.operands[prep.param]!];
  // Read as the handlers do: in the 128-bit ring a constant spans two words.
  return constant === undefined ? null : ringOf(program.domain).get(constant, 0);
}

/** Items of preprocessing one execution of the instruction consumes (0 if none). */
export function prepCount(program: Program, ins: Instruction): number {
  const prep = prepUse(program, ins);
  if (prep === null) return 0;
  const register = ins.operands[0]!;
  return prep.per === "element" ? (program.registerLength[register] ?? 0) : storageWords(program, register);
}

/** How worst-case totals combine: in sequence, across the branches of an IF, over a LOOP's iterations. */
interface WorstCase<T> {
  zero(): T;
  plus(a: T, b: T): T;
  larger(a: T, b: T): T;
  times(a: T, n: number): T;
}

/**
 * The worst case over every path a run can take: instructions in sequence add up, an IF counts
 * its larger branch, a LOOP its body as many times as its bound allows. `at` is one instruction's own share.
 */
function worstCase<T>(instructions: readonly Instruction[], at: (i: number) => T | null, w: WorstCase<T>): T {
  const match = matchControl(instructions);
  const walk = (start: number, end: number): T => {
    let total = w.zero();
    for (let i = start; i < end; i++) {
      const ins = instructions[i]!;
      const control = ISA[ins.op].control;
      if (control === "if") {
        const elseOrEnd = match[i]!;
        const hasElse = ISA[instructions[elseOrEnd]!.op].control === "else";
        const end2 = hasElse ? match[elseOrEnd]! : elseOrEnd;
        total = w.plus(total, w.larger(walk(i + 1, elseOrEnd), hasElse ? walk(elseOrEnd + 1, end2) : w.zero()));
        i = end2;
      } else if (control === "loop") {
        total = w.plus(total, w.times(walk(i + 1, match[i]!), ins.operands[0]!));
        i = match[i]!;
      } else {
        const own = at(i);
        if (own !== null) total = w.plus(total, own);
      }
    }
    return total;
  };
  return walk(0, instructions.length);
}

const COUNT: WorstCase<number> = { zero: () => 0, plus: (a, b) => a + b, larger: Math.max, times: (a, n) => a * n };

/** Counts by key, per key. */
const COUNTS: WorstCase<Map<string, number>> = {
  zero: () => new Map(),
  plus: (a, b) => merged(a, b, (x, y) => x + y),
  larger: (a, b) => merged(a, b, Math.max),
  times: (a, n) => new Map([...a].map(([key, v]) => [key, v * n])),
};

function merged(a: Map<string, number>, b: Map<string, number>, f: (x: number, y: number) => number): Map<string, number> {
  const out = new Map(a);
  for (const [key, v] of b) out.set(key, f(out.get(key) ?? 0, v));
  return out;
}

/**
 * What a run consumes at most: blocks once, the larger branch of each IF (per kind), and each
 * LOOP's body as many times as its bound allows.
 */
export function preprocessingNeeds(program: Program, instructions: readonly Instruction[]): PrepNeed[] {
  const kinds = new Map<string, { kind: PrepKind; param: bigint | null }>();
  const needs = worstCase(
    instructions,
    (i) => {
      const ins = instructions[i]!;
      const prep = prepUse(program, ins);
      if (prep === null) return null;
      const param = prepParam(program, ins);
      const key = prepKey(prep.kind, param);
      kinds.set(key, { kind: prep.kind, param });
      return new Map([[key, prepCount(program, ins)]]);
    },
    COUNTS,
  );
  return [...needs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, count]) => ({ ...kinds.get(key)!, count }));
}

/**
 * The most rounds a run can take: every round once, the longer branch of each IF, each LOOP's
 * body as many times as its bound allows. Exact for programs without loops on revealed values.
 */
export function maxRounds(instructions: readonly Instruction[]): number {
  const starts = new Set(roundsOf(instructions).map(([start]) => start));
  return worstCase(instructions, (i) => (starts.has(i) ? 1 : null), COUNT);
}

/** Ring words party `from` sends party `to` for one execution of the instruction (0 if local). */
export function wordsSent(program: Program, ins: Instruction, from: number, to: number): number {
  const traffic: Traffic | null = costTable(program.protocol, program.parties)[ins.op].traffic;
  if (traffic === null || from === to) return 0;
  let words = traffic.words * storageWords(program, ins.operands[traffic.per]!);
  if (traffic.also !== undefined) words += traffic.also.words * storageWords(program, ins.operands[traffic.also.per]!);
  switch (traffic.pattern) {
    case "all":
      return words;
    case "owner":
      return program.inputs[ins.operands[1]!]!.party === from ? words : 0;
    case "recipient": {
      const recipient = ins.operands[2]!;
      return recipient === -1 || recipient === to ? words : 0;
    }
    case "next":
      return to === (from + 1) % program.parties ? words : 0;
    case "previous":
      return from === (to + 1) % program.parties ? words : 0;
    case "next-or-recipient": {
      const recipient = ins.operands[2]!;
      const receiver = recipient === -1 ? (from + 1) % program.parties : recipient;
      return to === receiver && from === (receiver + program.parties - 1) % program.parties ? words : 0;
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

/** Bytes each party sends and receives (by party) in one execution of the instruction. */
export function trafficByParty(program: Program, ins: Instruction): { sent: number[]; received: number[] } {
  const sent = new Array<number>(program.parties).fill(0);
  const received = new Array<number>(program.parties).fill(0);
  if (!isInteractive(ins.op)) return { sent, received };
  for (let from = 0; from < program.parties; from++) {
    for (let to = 0; to < program.parties; to++) {
      const bytes = 8 * wordsSent(program, ins, from, to);
      sent[from]! += bytes;
      received[to]! += bytes;
    }
  }
  return { sent, received };
}

/** Registers the instruction reads (its register operands other than the one it writes). */
export function registersRead(ins: Instruction): number[] {
  return ISA[ins.op].operands.flatMap((kind, j) => (READ_OPERANDS.includes(kind) ? [ins.operands[j]!] : []));
}

/** Registers the instruction writes. */
export function registersWritten(ins: Instruction): number[] {
  return ISA[ins.op].operands.flatMap((kind, j) => (WRITE_OPERANDS.includes(kind) ? [ins.operands[j]!] : []));
}
