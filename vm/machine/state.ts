// The state of one party's machine: its registers, its own inputs, its preprocessing and the
// outputs it has received. One object per party, so many parties can run in one process.

import { bitStorage } from "../domain/bits.js";
import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import { REGISTER_KIND, type Program } from "../bytecode/program.js";
import type { Material } from "../preprocessing/material.js";
import type { PartyProtocol, ShareLayout } from "../protocol/protocol.js";

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
  /** This party's shares of the outputs addressed to clients, by output index, kept for them to fetch. */
  readonly clientOutputs: Map<number, Vec>;
  /** The emulator sees every output; a real party only those addressed to it. */
  readonly seesAllOutputs: boolean;
  /** Where print() goes. */
  readonly print: (text: string) => void;
  /** Arrays of registers no longer needed, by length, for the next writes to reuse. */
  readonly pool: Map<number, Vec[]>;
  /** The protocol this party runs; null when emulating, where every value is clear. */
  readonly proto: PartyProtocol | null;
  /** Components of a secret register (one each when emulating). */
  readonly layout: ShareLayout;
  /** The component of a secret register a public value is added into (-1: none); 0 when emulating. */
  readonly publicSlot: number;
}

export const CLEAR_LAYOUT: ShareLayout = { arith: 1, bits: 1 };

/** The program stopped itself: a loop ran past its bound, or a run-time check failed. */
export class ProgramAbort extends Error {}

export function newRegisters(program: Program): Array<Vec | undefined> {
  return new Array(program.registerLength.length);
}

/** Words of one component of register r: the whole register unless it is secret and shares have several. */
export function componentWords(m: MachineState, r: number): number {
  const kind = m.program.registerKind[r];
  const len = m.program.registerLength[r]!;
  return kind === REGISTER_KIND.clearBits || kind === REGISTER_KIND.secretBits ? bitStorage(len, m.program.registerWidth[r]!) : len * m.ring.words;
}

/** How many components register r holds: the layout's for secret registers, one for clear ones. */
export function componentsOf(m: MachineState, r: number): number {
  const kind = m.program.registerKind[r];
  return kind === REGISTER_KIND.secret ? m.layout.arith : kind === REGISTER_KIND.secretBits ? m.layout.bits : 1;
}

export function storage(m: MachineState, r: number): number {
  return componentWords(m, r) * componentsOf(m, r);
}

/** Component c of a register's value (of `size` words a component): a view. */
export function component(v: Vec, c: number, size: number): Vec {
  return v.subarray(c * size, (c + 1) * size);
}

/** A register's contents; one never written (a skipped branch) reads as zeros. */
export function read(m: MachineState, r: number): Vec {
  return m.registers[r] ?? (m.registers[r] = new BigUint64Array(storage(m, r)));
}

/**
 * Makes a freshly computed array the register's value, without a copy into a pooled one: the
 * protocols return new arrays, and copying each would double the garbage. `fresh` must be no one
 * else's and have the register's size.
 */
export function assign(m: MachineState, r: number, fresh: Vec): void {
  if (fresh.length !== storage(m, r)) throw new Error(`register ${r} holds ${storage(m, r)} words, not ${fresh.length}`);
  m.registers[r] = fresh;
}

/** An array for a register's new value that the caller overwrites entirely: reused unzeroed, or new. */
export function overwrite(m: MachineState, r: number): Vec {
  const size = storage(m, r);
  const v = m.pool.get(size)?.pop() ?? new BigUint64Array(size);
  m.registers[r] = v;
  return v;
}

/** A zeroed array for a register's new value: reused from a register let go, or new. */
export function write(m: MachineState, r: number): Vec {
  const size = storage(m, r);
  const reused = m.pool.get(size)?.pop();
  const v = reused === undefined ? new BigUint64Array(size) : reused.fill(0n);
  m.registers[r] = v;
  return v;
}

/** Lets a register's array go to the pool: nothing reads the register again. */
export function release(m: MachineState, r: number): void {
  const v = m.registers[r];
  if (v === undefined) return;
  m.registers[r] = undefined;
  const list = m.pool.get(v.length);
  if (list === undefined) m.pool.set(v.length, [v]);
  else list.push(v);
}

export function receivesOutput(m: MachineState, to: number): boolean {
  return m.seesAllOutputs || to === -1 || to === m.party;
}
