// The interpreter: runs a validated program's instructions in order. Each round (a run of
// interactive instructions) sends one message per peer and waits for one from each peer.

import { roundsOf } from "../bytecode/analysis.js";
import type { LoadedProgram } from "../bytecode/program.js";
import type { OpName } from "../isa.js";
import { HANDLERS, type Handler, type InteractiveHandler } from "./handlers.js";
import { Inbox, Outbox } from "./messages.js";
import type { MachineState } from "./state.js";

const handlers: Record<OpName, Handler> = HANDLERS;

/** How a party talks to its peers: one message to each, one back from each, per round. */
export interface RoundExchange {
  exchange(round: number, outgoing: readonly Uint8Array[]): Promise<Uint8Array[]>;
}

export interface RunStats {
  rounds: number;
  bytesSent: number;
}

export interface RunHooks {
  /** Called after every round, for progress logs on long runs. */
  onRound?(round: number, totalRounds: number): void;
}

export async function runSecure(loaded: LoadedProgram, m: MachineState, net: RoundExchange, hooks: RunHooks = {}): Promise<RunStats> {
  const { instructions } = loaded;
  const rounds = roundsOf(instructions);
  const roundEnd = new Map(rounds);
  const stats: RunStats = { rounds: 0, bytesSent: 0 };
  let pc = 0;
  while (pc < instructions.length) {
    const end = roundEnd.get(pc);
    if (end === undefined) {
      const ins = instructions[pc++]!;
      const handler = handlers[ins.op];
      if (handler.kind === "local") handler.run(m, ins);
      continue;
    }
    const out = new Outbox(m.parties, m.party);
    const finishers = instructions.slice(pc, end).map((ins) => (handlers[ins.op] as InteractiveHandler).prepare(m, ins, out));
    const outgoing = Array.from({ length: m.parties }, (_, p) => (p === m.party ? new Uint8Array(0) : out.messageFor(p)));
    for (const msg of outgoing) stats.bytesSent += msg.byteLength;
    const inbox = new Inbox(await net.exchange(stats.rounds, outgoing));
    for (const finish of finishers) finish(inbox);
    inbox.checkConsumed();
    stats.rounds++;
    hooks.onRound?.(stats.rounds, rounds.length);
    pc = end;
  }
  return stats;
}

/** Runs the program in the clear: one machine holding every value, for checking results. */
export function runClear(loaded: LoadedProgram, m: MachineState): void {
  for (const ins of loaded.instructions) {
    const handler = handlers[ins.op];
    if (handler.kind === "local") handler.run(m, ins);
    else handler.clear(m, ins);
  }
}
