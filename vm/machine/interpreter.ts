// The interpreter: runs a validated program. Each round (a run of interactive instructions)
// sends one message per peer and waits for one from each; IF and LOOP blocks jump as they say.

import { maxRounds, roundsOf } from "../bytecode/analysis.js";
import { lastReads } from "../bytecode/liveness.js";
import { matchControl } from "../bytecode/control.js";
import type { Instruction, LoadedProgram } from "../bytecode/program.js";
import { ISA, type OpName } from "../isa.js";
import { HANDLERS, type Handler } from "./handlers.js";
import type { InteractiveHandler } from "./interactive.js";
import { Inbox, Outbox } from "./messages.js";
import { ProgramAbort, read, release, type MachineState } from "./state.js";

const handlers: Record<OpName, Handler> = HANDLERS;
const NOTHING = new Uint8Array(0);

/**
 * How a party talks to its peers: one message to each, one back from each, per round. A peer
 * dropped under drop tolerance (see Survival) has null in its place from then on.
 */
export interface RoundExchange {
  exchange(round: number, outgoing: readonly Uint8Array[]): Promise<Array<Uint8Array | null>>;
  /** The 16-byte seed this party shares with `peer` alone, agreed when they connected. */
  pairSeed(peer: number): Uint8Array;
  /**
   * From now on, a peer that disconnects or falls silent for a round timeout is dropped rather than
   * ending the run, as long as `minimum` parties (this one included) remain. Transports that
   * cannot tolerate drops leave it out.
   */
  tolerateDrops?(survival: Survival): void;
}

export interface Survival {
  /** The fewest parties, this one included, the run can go on with. */
  readonly minimum: number;
  /** Called once for each dropped peer, with the round (counted from 0) and why. */
  onDrop(peer: number, round: number, reason: string): void;
}

export interface RunStats {
  rounds: number;
  bytesSent: number;
}

export interface RunHooks {
  /** Called after every round, for progress logs on long runs; `total` is the most rounds the run can take. */
  onRound?(round: number, total: number): void;
  /** Called at every control instruction run (IF, LOOP, BREAKZ, …) with where it goes: the path a run took, for checking cost predictions. */
  onJump?(from: number, to: number): void;
  /** Called when a peer is dropped (under a protocol that survives drops), with the round (from 0) and why. */
  onDrop?(peer: number, round: number, reason: string): void;
}

/**
 * What the interpreter learns of a program before running it: where rounds end, when registers
 * are last read, how control instructions pair up, the most rounds a run can take. It needs no
 * peer, so a networked party makes it before connecting, out of the online phase.
 */
export interface ExecutionPlan {
  readonly roundEnd: ReadonlyMap<number, number>;
  readonly frees: ReturnType<typeof lastReads>;
  readonly match: Int32Array;
  readonly maxRounds: number;
}

export function planExecution(loaded: LoadedProgram): ExecutionPlan {
  const { instructions } = loaded;
  return {
    roundEnd: new Map(roundsOf(instructions)),
    frees: lastReads(instructions, loaded.program.registerLength.length),
    match: matchControl(instructions),
    maxRounds: maxRounds(instructions),
  };
}

/** Secure: interactive instructions talk over `net`. Clear (null): they run in the clear. */
export async function execute(
  loaded: LoadedProgram,
  m: MachineState,
  net: RoundExchange | null,
  hooks: RunHooks = {},
  plan: ExecutionPlan = planExecution(loaded),
  /** Counts on from the rounds a protocol's setup took. */
  stats: RunStats = { rounds: 0, bytesSent: 0 },
): Promise<RunStats> {
  const { instructions } = loaded;
  const { roundEnd, frees, match, maxRounds: total } = plan;
  const letGo = (from: number, to: number): void => {
    for (let i = from; i < to; i++) for (const r of frees[i]!) release(m, r);
  };
  const loops: Array<{ start: number; executions: number }> = [];
  let pc = 0;
  while (pc < instructions.length) {
    const end = roundEnd.get(pc);
    if (end !== undefined) {
      if (net === null) for (let i = pc; i < end; i++) interactive(instructions[i]!.op).clear(m, instructions[i]!);
      else {
        const round = startRound(m, instructions, pc, end, stats);
        finishRound(round, await net.exchange(stats.rounds, round.outgoing), stats);
      }
      // Only once the whole round has finished: its finish steps may still read their operands.
      letGo(pc, end);
      hooks.onRound?.(stats.rounds, total);
      pc = end;
      continue;
    }
    const ins = instructions[pc]!;
    const handler = handlers[ins.op];
    if (handler.kind === "control") {
      const to = jump(m, instructions, pc, match, loops);
      hooks.onJump?.(pc, to);
      pc = to;
      continue;
    }
    if (handler.kind === "local") handler.run(m, ins);
    else if (handler.kind === "random") (net === null ? handler.clear : handler.secure)(m, ins);
    letGo(pc, pc + 1);
    pc++;
  }
  return stats;
}

/** The handler of an instruction inside a round: interactive, as the ISA's traffic column and HANDLERS' type agree. */
function interactive(op: OpName): InteractiveHandler {
  const handler = handlers[op];
  if (handler.kind !== "interactive") throw new Error(`${op} has no interactive handler`);
  return handler;
}

interface RoundInProgress {
  readonly outgoing: Uint8Array[];
  readonly finishers: Array<(inbox: Inbox) => void>;
}

/**
 * Prepares instructions `from` to `to` (exclusive), one round: the message for each peer, and what
 * to do with the replies. The caller awaits the exchange itself: an async function per round would
 * add a promise and a hop to every round. Plain loops, as in Outbox.
 */
function startRound(m: MachineState, instructions: readonly Instruction[], from: number, to: number, stats: RunStats): RoundInProgress {
  const out = new Outbox(m.parties, m.party);
  const finishers: Array<(inbox: Inbox) => void> = [];
  for (let i = from; i < to; i++) finishers.push(interactive(instructions[i]!.op).prepare(m, instructions[i]!, out));
  const outgoing: Uint8Array[] = [];
  for (let p = 0; p < m.parties; p++) {
    const message = p === m.party ? NOTHING : out.messageFor(p);
    stats.bytesSent += message.byteLength;
    outgoing.push(message);
  }
  return { outgoing, finishers };
}

/** One round outside the program's instructions (a protocol's setup): `fill` writes the words for each peer. */
export async function roundTrip(net: RoundExchange, parties: number, party: number, stats: RunStats, fill: (out: Outbox) => void): Promise<Inbox> {
  const out = new Outbox(parties, party);
  fill(out);
  const outgoing: Uint8Array[] = [];
  for (let p = 0; p < parties; p++) {
    const message = p === party ? NOTHING : out.messageFor(p);
    stats.bytesSent += message.byteLength;
    outgoing.push(message);
  }
  const inbox = new Inbox(await net.exchange(stats.rounds, outgoing));
  stats.rounds++;
  return inbox;
}

function finishRound(round: RoundInProgress, replies: ReadonlyArray<Uint8Array | null>, stats: RunStats): void {
  const inbox = new Inbox(replies);
  for (const finish of round.finishers) finish(inbox);
  inbox.checkConsumed();
  stats.rounds++;
}

/** The next instruction after a control instruction at `pc`. */
function jump(
  m: MachineState,
  instructions: readonly Instruction[],
  pc: number,
  match: Int32Array,
  loops: Array<{ start: number; executions: number }>,
): number {
  const ins = instructions[pc]!;
  const isTrue = (): boolean => read(m, ins.operands[0]!)[0] !== 0n;
  switch (ISA[ins.op].control) {
    case "if":
      return isTrue() ? pc + 1 : match[pc]! + 1;
    case "else":
      return match[pc]! + 1;
    case "loop":
      loops.push({ start: pc, executions: 1 });
      return pc + 1;
    case "endloop": {
      const loop = loops[loops.length - 1]!;
      const [bound, message] = instructions[match[pc]!]!.operands;
      if (loop.executions >= bound!) throw new ProgramAbort(m.program.strings[message!]!);
      loop.executions++;
      return loop.start + 1;
    }
    case "breakz":
      if (isTrue()) return pc + 1;
      loops.pop();
      return match[match[pc]!]! + 1;
    case "break":
      loops.pop();
      return match[match[pc]!]! + 1;
    case "continue":
      return match[match[pc]!]!;
    default:
      return pc + 1;
  }
}
