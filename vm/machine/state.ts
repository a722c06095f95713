// The state of one party's machine: its registers, its own inputs, its preprocessing and the
// outputs it has received. One object per party, so many parties can run in one process.

import type { Vec } from "../domain/ring64.js";
import type { Program } from "../bytecode/program.js";
import type { Material } from "../preprocessing/material.js";

export interface MachineState {
  /** This party's index; the emulator runs as party 0 of a single party holding every value. */
  readonly party: number;
  readonly parties: number;
  readonly program: Program;
  readonly registers: Array<Vec | undefined>;
  /** Encoded values of input `index`, for the inputs this party owns (all of them when emulating). */
  readonly inputValues: (index: number) => Vec;
  readonly material: Material | null;
  readonly outputs: Map<number, Vec>;
  /** The emulator sees every output; a real party only those addressed to it. */
  readonly seesAllOutputs: boolean;
}

export function read(m: MachineState, r: number): Vec {
  return m.registers[r]!;
}

/** A fresh register; a register written again (in a later block) gets a fresh array. */
export function write(m: MachineState, r: number): Vec {
  const v = new BigUint64Array(m.program.registerLength[r]!);
  m.registers[r] = v;
  return v;
}

export function receivesOutput(m: MachineState, to: number): boolean {
  return m.seesAllOutputs || to === -1 || to === m.party;
}
