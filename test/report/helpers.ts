// Runs a compiled program with every party over the in-process transport, recording the path
// it took (each control instruction's jump), so a test can compare the report with the run.

import type { LoadedProgram } from "../../vm/bytecode/program.js";
import type { Vec } from "../../vm/domain/ring64.js";
import type { RunStats } from "../../vm/machine/interpreter.js";
import { runParty } from "../../vm/machine/party.js";
import { memoryNetwork } from "../../vm/net/memory.js";
import { ringOf } from "../../vm/domain/ring.js";
import { deal } from "../../vm/preprocessing/dealer.js";
import { Material } from "../../vm/preprocessing/material.js";
import { analyse } from "../../compiler/report/report.js";
import { costOfRun } from "../../compiler/report/cost.js";

export interface Observed {
  readonly stats: RunStats[];
  /** How many times the run entered each straight-line segment (by its first instruction). */
  readonly entries: Map<number, number>;
}

export async function observe(loaded: LoadedProgram, inputs: ReadonlyArray<Map<number, Vec>>): Promise<Observed> {
  const parties = loaded.program.parties;
  const ring = ringOf(loaded.program.domain);
  const materials = deal(ring, loaded.program.preprocessing, parties);
  const network = memoryNetwork(parties, 20_000);
  const starts = new Set(analyse(loaded).segments.keys());
  const entries = new Map<number, number>();
  const enter = (pc: number): void => {
    if (starts.has(pc)) entries.set(pc, (entries.get(pc) ?? 0) + 1);
  };
  enter(0);
  try {
    const results = await Promise.all(
      network.map((net, party) =>
        runParty({
          loaded,
          party,
          inputs: inputs[party]!,
          material: new Material(ring, materials[party]!.items),
          network: net,
          print: () => {},
          // Every party takes the same path; party 0's is recorded.
          hooks: party === 0 ? { onJump: (_, to) => enter(to) } : {},
        }),
      ),
    );
    return { stats: results.map((r) => r.stats), entries };
  } finally {
    await Promise.all(network.map((n) => n.close()));
  }
}

/** The report's figures for the path the run took. */
export function predicted(loaded: LoadedProgram, entries: ReadonlyMap<number, number>): { rounds: number; sent: number[] } {
  return costOfRun(analyse(loaded).segments, entries, loaded.program.parties);
}

/** Values for every input of a program, of the sizes its header names: small positive numbers. */
export function sampleInputs(loaded: LoadedProgram): string[][] {
  const values: string[][] = Array.from({ length: loaded.program.parties }, () => []);
  loaded.program.inputs.forEach((input, i) => {
    for (let j = 0; j < input.len; j++) {
      const k = (i * 31 + j * 17) % 97;
      values[input.party]!.push(input.type === "sbool" ? String(k % 2) : input.type === "sfix" ? (1 + k / 4).toFixed(2) : String(1 + k));
    }
  });
  return values;
}
