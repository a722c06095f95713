// What one straight-line segment of bytecode costs: its rounds (the bytes each party sends and
// receives in each), its multiplicative depth, and the chain of rounds its last round waits on.

import { registersRead, registersWritten, trafficByParty } from "../../vm/bytecode/analysis.js";
import type { Instruction, Program } from "../../vm/bytecode/program.js";
import { ISA, type OpName } from "../../vm/isa.js";

export interface Round {
  /** Numbered from 1 through the whole program, as `mpcc disasm` marks them. */
  readonly number: number;
  readonly start: number;
  readonly end: number;
  readonly ops: readonly OpName[];
  readonly sent: readonly number[];
  readonly received: readonly number[];
  /** The rounds of the same segment whose results this one needs (their numbers). */
  readonly after: readonly number[];
}

export interface SegmentCost {
  readonly start: number;
  readonly end: number;
  readonly rounds: readonly Round[];
  /** The most multiplications (Beaver or AND triples) on one chain of data dependencies. */
  readonly depth: number;
  /** One instruction per round, following the data dependencies back from the last round where they lead. */
  readonly critical: readonly number[];
}

/** Multiplications are the instructions that consume multiplication triples (arithmetic or boolean). */
export function isMultiplication(op: OpName): boolean {
  const kind = ISA[op].prep?.kind;
  return kind === "triple" || kind === "bittriple";
}

/** `ranges` are the program's rounds ([start, end) instruction ranges, from roundsOf), in order. */
export function analyseSegment(
  program: Program,
  instructions: readonly Instruction[],
  start: number,
  end: number,
  ranges: ReadonlyArray<readonly [number, number]>,
): SegmentCost {
  const n = end - start;
  const roundOf = new Int32Array(n).fill(-1);
  const mine = ranges.map((r, i) => ({ range: r, number: i + 1 })).filter(({ range: [s] }) => s >= start && s < end);
  mine.forEach(({ range: [s, e] }, r) => roundOf.fill(r, s - start, e - start));
  const depth = new Int32Array(n);
  // The latest round (local index) each instruction waits for, and the instruction of that round it waits on.
  const wait = new Int32Array(n).fill(-1);
  const via = new Int32Array(n).fill(-1);
  const writer = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const ins = instructions[start + i]!;
    for (const reg of registersRead(ins)) {
      const d = writer.get(reg);
      if (d === undefined) continue;
      depth[i] = Math.max(depth[i]!, depth[d]!);
      const [w, v] = roundOf[d]! >= 0 ? [roundOf[d]!, d] : [wait[d]!, via[d]!];
      if (w > wait[i]!) [wait[i], via[i]] = [w, v];
    }
    if (isMultiplication(ins.op)) depth[i]!++;
    for (const reg of registersWritten(ins)) writer.set(reg, i);
  }
  const rounds = mine.map(({ range: [s, e], number }) =>
    roundCost(
      program,
      instructions,
      s,
      e,
      number,
      start,
      wait,
      mine.map((m) => m.number),
    ),
  );
  return {
    start,
    end,
    rounds,
    depth: depth.reduce((a, b) => Math.max(a, b), 0),
    critical: criticalChain(
      mine.map((m) => m.range),
      roundOf,
      wait,
      via,
      start,
    ),
  };
}

function roundCost(
  program: Program,
  instructions: readonly Instruction[],
  s: number,
  e: number,
  number: number,
  segmentStart: number,
  wait: Int32Array,
  numbers: readonly number[],
): Round {
  const sent = new Array<number>(program.parties).fill(0);
  const received = new Array<number>(program.parties).fill(0);
  const after = new Set<number>();
  for (let i = s; i < e; i++) {
    const t = trafficByParty(program, instructions[i]!);
    t.sent.forEach((b, p) => (sent[p]! += b));
    t.received.forEach((b, p) => (received[p]! += b));
    const w = wait[i - segmentStart]!;
    if (w >= 0) after.add(numbers[w]!);
  }
  return { number, start: s, end: e, ops: instructions.slice(s, e).map((i) => i.op), sent, received, after: [...after].sort((a, b) => a - b) };
}

/**
 * From the last round back: the instruction the chain reached if it is in this round, else the
 * one of this round that waits longest (a round the scheduler placed, not one data forced).
 */
function criticalChain(ranges: ReadonlyArray<readonly [number, number]>, roundOf: Int32Array, wait: Int32Array, via: Int32Array, start: number): number[] {
  const chain = new Array<number>(ranges.length);
  let current = -1;
  for (let r = ranges.length - 1; r >= 0; r--) {
    if (current < 0 || roundOf[current - start] !== r) {
      const [s, e] = ranges[r]!;
      current = s;
      for (let i = s; i < e; i++) if (wait[i - start]! > wait[current - start]!) current = i;
    }
    chain[r] = current;
    current = via[current - start]!;
    if (current >= 0) current += start;
  }
  return chain;
}
