// Running a program as one party (over any transport) or as the emulator (in the clear):
// builds the machine state, runs the interpreter, and returns the revealed outputs.

import { ringOf } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import type { LoadedProgram, Program } from "../bytecode/program.js";
import { prepKey } from "../preprocessing/kinds.js";
import type { Material } from "../preprocessing/material.js";
import { PrepError } from "../preprocessing/store.js";
import { startProtocol } from "../protocol/start.js";
import { execute, roundTrip, type ExecutionPlan, type RoundExchange, type RunHooks, type RunStats } from "./interpreter.js";
import { CLEAR_LAYOUT, newRegisters, type MachineState } from "./state.js";

export interface PartyRun {
  readonly loaded: LoadedProgram;
  readonly party: number;
  /** This party's encoded inputs, by input index. */
  readonly inputs: ReadonlyMap<number, Vec>;
  /** Preprocessing from a dealer or an offline phase; null for protocols that make their own or need none. */
  readonly material: Material | null;
  readonly network: RoundExchange;
  readonly hooks?: RunHooks;
  /** The program's analysis, if made beforehand (planExecution); otherwise made at the start of the run. */
  readonly plan?: ExecutionPlan;
  /** Where the program's print() output goes (standard output by default). */
  readonly print?: (text: string) => void;
}

export interface PartyResult {
  readonly outputs: Map<number, Vec>;
  /** This party's shares of the outputs for clients (empty unless the program has some). */
  readonly clientOutputs: Map<number, Vec>;
  readonly stats: RunStats;
  /** The peers dropped during the run and the round (from 0) each was dropped at: empty unless the protocol survives drops. */
  readonly dropped: ReadonlyArray<{ party: number; round: number }>;
}

export async function runParty(run: PartyRun): Promise<PartyResult> {
  const { loaded, party } = run;
  const program = loaded.program;
  if (run.material !== null) checkMaterial(program, run.material);
  const stats: RunStats = { rounds: 0, bytesSent: 0 };
  const dropped: Array<{ party: number; round: number }> = [];
  const survivors = survivalMinimum(program);
  if (survivors !== null && run.network.tolerateDrops !== undefined) {
    run.network.tolerateDrops({
      minimum: survivors,
      onDrop: (peer, round, reason) => {
        dropped.push({ party: peer, round });
        run.hooks?.onDrop?.(peer, round, reason);
      },
    });
  }
  const { proto, material } = await startProtocol({
    program,
    party,
    inputs: run.inputs,
    material: run.material,
    pairSeed: (peer) => run.network.pairSeed(peer),
    round: (fill) => roundTrip(run.network, program.parties, party, stats, fill),
  });
  const state: MachineState = {
    party,
    parties: program.parties,
    program,
    ring: ringOf(program.domain),
    registers: newRegisters(program),
    inputValues: (index) => run.inputs.get(index)!,
    material,
    outputs: new Map(),
    clientOutputs: new Map(),
    seesAllOutputs: false,
    pool: new Map(),
    print: run.print ?? writeStdout,
    proto,
    layout: proto.layout,
    publicSlot: proto.publicSlot,
  };
  await execute(loaded, state, run.network, run.hooks, run.plan, stats);
  return { outputs: state.outputs, clientOutputs: state.clientOutputs, stats, dropped };
}

/**
 * How many parties a run can finish with, if fewer than all: Shamir with threshold t needs 2t + 1
 * (a product's masked shares are read from any 2t + 1). Null: every party is needed.
 */
export function survivalMinimum(program: Program): number | null {
  const { name, threshold } = program.protocol;
  return name === "shamir" && program.parties > 2 * threshold + 1 ? 2 * threshold + 1 : null;
}

/** Runs the program in the clear with every party's inputs: what the secure run must reveal. */
export async function emulate(loaded: LoadedProgram, inputs: ReadonlyMap<number, Vec>, print: (text: string) => void = writeStdout): Promise<Map<number, Vec>> {
  const state: MachineState = {
    party: 0,
    parties: 1,
    program: loaded.program,
    ring: ringOf(loaded.program.domain),
    registers: newRegisters(loaded.program),
    inputValues: (index) => inputs.get(index)!,
    material: null,
    outputs: new Map(),
    clientOutputs: new Map(),
    seesAllOutputs: true,
    pool: new Map(),
    print,
    proto: null,
    layout: CLEAR_LAYOUT,
    publicSlot: 0,
  };
  await execute(loaded, state, null);
  return state.outputs;
}

function writeStdout(text: string): void {
  process.stdout.write(text);
}

/** Refuses to start when the material holds less of any kind than the program needs. */
export function checkMaterial(program: Program, material: Material): void {
  const have = new Map(material.inventory().map((n) => [prepKey(n.kind, n.param), n.count]));
  for (const need of program.preprocessing) {
    const key = prepKey(need.kind, need.param);
    const count = have.get(key) ?? 0;
    if (count < need.count) throw new PrepError(`the preprocessing holds ${count} × ${key}, but the program needs ${need.count}`);
  }
}
