// The cost of a block tree: segments add up, an IF costs its larger branch and a LOOP its body
// times its bound — the worst case a run can reach, the one preprocessing is dealt for.

import type { Instruction } from "../../vm/bytecode/program.js";
import type { OpName } from "../../vm/isa.js";
import type { Block } from "./blocks.js";
import { roundSeconds, type NetworkProfile } from "./network.js";
import type { Round, SegmentCost } from "./segments.js";

/** One round on the critical path: the instruction it waits for, run `times` times (loops). */
export interface Step {
  readonly instruction: number;
  readonly line: number;
  readonly op: OpName;
  readonly times: number;
}

export interface Cost {
  readonly rounds: number;
  readonly depth: number;
  /** Bytes each party sends. */
  readonly sent: readonly number[];
  /** Seconds online, per network profile. */
  readonly seconds: readonly number[];
  readonly critical: readonly Step[];
  /** Rounds by the instructions in them ("MULS", "INPUT", "ANDB+OPEN", …). */
  readonly roundKinds: ReadonlyMap<string, number>;
}

export function roundKind(round: Round): string {
  return [...new Set(round.ops)].join("+");
}

export function costOf(
  blocks: readonly Block[],
  segments: ReadonlyMap<number, SegmentCost>,
  instructions: readonly Instruction[],
  profiles: readonly NetworkProfile[],
  parties: number,
): Cost {
  const of = (block: Block): Cost => {
    switch (block.kind) {
      case "segment":
        return segmentCost(segments.get(block.start)!, instructions, profiles);
      case "if": {
        const a = sequence(block.then.map(of), profiles, parties);
        const b = sequence(block.otherwise.map(of), profiles, parties);
        return larger(a, b);
      }
      case "loop":
        return repeat(sequence(block.body.map(of), profiles, parties), block.bound);
    }
  };
  return sequence(blocks.map(of), profiles, parties);
}

function segmentCost(segment: SegmentCost, instructions: readonly Instruction[], profiles: readonly NetworkProfile[]): Cost {
  const parties = segment.rounds[0]?.sent.length ?? 0;
  const sent = new Array<number>(parties).fill(0);
  const roundKinds = new Map<string, number>();
  for (const r of segment.rounds) {
    r.sent.forEach((b, p) => (sent[p]! += b));
    roundKinds.set(roundKind(r), (roundKinds.get(roundKind(r)) ?? 0) + 1);
  }
  return {
    rounds: segment.rounds.length,
    depth: segment.depth,
    sent,
    seconds: profiles.map((profile) => segment.rounds.reduce((t, r) => t + roundSeconds(profile, r), 0)),
    critical: segment.critical.map((i) => ({ instruction: i, line: instructions[i]!.line, op: instructions[i]!.op, times: 1 })),
    roundKinds,
  };
}

function sequence(costs: readonly Cost[], profiles: readonly NetworkProfile[], parties: number): Cost {
  const sent = new Array<number>(parties).fill(0);
  const seconds = new Array<number>(profiles.length).fill(0);
  const roundKinds = new Map<string, number>();
  let rounds = 0;
  let depth = 0;
  for (const c of costs) {
    rounds += c.rounds;
    depth += c.depth;
    c.sent.forEach((b, p) => (sent[p]! += b));
    c.seconds.forEach((s, i) => (seconds[i]! += s));
    for (const [k, n] of c.roundKinds) roundKinds.set(k, (roundKinds.get(k) ?? 0) + n);
  }
  return { rounds, depth, sent, seconds, critical: costs.flatMap((c) => c.critical), roundKinds };
}

/** The worse branch of an IF: each figure at its larger value; the path and its kinds from the branch with more rounds. */
function larger(a: Cost, b: Cost): Cost {
  const worse = a.rounds >= b.rounds ? a : b;
  return {
    rounds: worse.rounds,
    depth: Math.max(a.depth, b.depth),
    sent: a.sent.map((x, p) => Math.max(x, b.sent[p] ?? 0)),
    seconds: a.seconds.map((x, i) => Math.max(x, b.seconds[i] ?? 0)),
    critical: worse.critical,
    roundKinds: worse.roundKinds,
  };
}

function repeat(c: Cost, times: number): Cost {
  return {
    rounds: c.rounds * times,
    depth: c.depth * times,
    sent: c.sent.map((b) => b * times),
    seconds: c.seconds.map((s) => s * times),
    critical: c.critical.map((s) => ({ ...s, times: s.times * times })),
    roundKinds: new Map([...c.roundKinds].map(([k, n]) => [k, n * times])),
  };
}

/**
 * What a run that entered each segment `entries.get(start)` times costs: exact, where the worst
 * case is only a bound. The VM's hooks report the entries; the tests compare.
 */
export function costOfRun(
  segments: ReadonlyMap<number, SegmentCost>,
  entries: ReadonlyMap<number, number>,
  parties: number,
): { rounds: number; sent: number[] } {
  const sent = new Array<number>(parties).fill(0);
  let rounds = 0;
  for (const [start, times] of entries) {
    const segment = segments.get(start);
    if (segment === undefined) continue;
    rounds += times * segment.rounds.length;
    for (const r of segment.rounds) r.sent.forEach((b, p) => (sent[p]! += times * b));
  }
  return { rounds, sent };
}
