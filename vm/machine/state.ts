// The state of one party's machine: its registers, its own inputs, its preprocessing and the
// outputs it has received. One object per party, so many parties can run in one process.

import { bitStorage } from "../domain/bits.js";
import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import { REGISTER_KIND, type Program } from "../bytecode/program.js";
import type { Material } from "../preprocessing/material.js";

export interface MachineState {
  /** This party's index; the emulator runs as party 0 of a single party holding every value. */
  readonly party: number;
  readonly parties: number;
  readonly program: Program;
  /** The ring of the program's domain: every arithmetic value goes through it. */
  readonly ring: Ring;
  readonly registers: Array<Vec | undefined>;
  /** Encoded values of input `index`, for the inputs this party owns (all of them when emulating). */
  readonly inputValues: (index: number) => Vec;
  readonly material: Material | null;
  readonly outputs: Map<number, Vec>;
  /** The emulator sees every output; a real party only those addressed to it. */
  readonly seesAllOutputs: boolean;
  /** Where print() goes. */
  readonly print: (text: string) => void;
}

/** The program stopped itself: a loop ran past its bound, or a run-time check failed. */
export class ProgramAbort extends Error {}

export function newRegisters(program: Program): Array<Vec | undefined> {
  return new Array(program.registerLength.length);
}

export function storage(m: MachineState, r: number): number {
  const kind = m.program.registerKind[r];
  const len = m.program.registerLength[r]!;
  return kind === REGISTER_KIND.clearBits || kind === REGISTER_KIND.secretBits ? bitStorage(len, m.program.registerWidth[r]!) : len * m.ring.words;
}

/** A register's contents; one never written (a skipped branch) reads as zeros. */
export function read(m: MachineState, r: number): Vec {
  return m.registers[r] ?? (m.registers[r] = new BigUint64Array(storage(m, r)));
}

/** A fresh array for a register's new value (a value may still be read through an older array). */
export function write(m: MachineState, r: number): Vec {
  const v = new BigUint64Array(storage(m, r));
  m.registers[r] = v;
  return v;
}

export function receivesOutput(m: MachineState, to: number): boolean {
  return m.seesAllOutputs || to === -1 || to === m.party;
}
