// Round scheduling: orders the gates of a straight-line segment so that all interactive gates of
// one round are adjacent (the VM sends one message per peer for such a run), local work between.

import { isInteractive, type Gate, type IrProgram } from "../ir/ir.js";
import { isEffect } from "../ir/traits.js";

/** A number for each gate of a segment (0 for gates outside it). */
export interface GateNumbers {
  get(id: number): number | undefined;
  set(id: number, value: number): void;
}

/**
 * An array by gate id when the segment is much of the program, else a map: a program of many
 * small segments must not allocate an array of all its gates for each.
 */
function gateNumbers(program: IrProgram, segment: readonly number[]): GateNumbers {
  if (segment.length * 16 < program.gates.length) return new Map<number, number>();
  const values = new Int32Array(program.gates.length);
  return { get: (id) => values[id], set: (id, v) => void (values[id] = v) };
}

/**
 * A gate's round is its interactive depth within the segment: the most interactive gates on any
 * path to it. Interactive gates of round r depend only on earlier rounds, so they travel together.
 * Gates outside the segment (computed earlier) count as depth 0.
 */
export function interactiveDepths(program: IrProgram, segment: readonly number[]): GateNumbers {
  const depth = gateNumbers(program, segment);
  for (const id of segment) {
    const gate = program.gates[id]!;
    let d = 0;
    for (const arg of gate.args) d = Math.max(d, depth.get(arg) ?? 0);
    depth.set(id, d + (isInteractive(gate, program.gates) ? 1 : 0));
  }
  return depth;
}

/** The segment's gates in execution order: round r's interactive gates, then the local gates that follow them. */
export function scheduleSegment(program: IrProgram, segment: readonly number[]): Gate[] {
  const keys = scheduleKeys(program, segment);
  // Stable sort: within one key the original order is already a topological order.
  return segment.map((id) => program.gates[id]!).sort((a, b) => keys.get(a.id)! - keys.get(b.id)!);
}

/**
 * Each gate's place in the schedule: 2r − 1 for the interactive gates of round r, 2r for the
 * local gates after it. Interactive gates with equal keys run in one round.
 */
export function scheduleKeys(program: IrProgram, segment: readonly number[]): GateNumbers {
  const depth = interactiveDepths(program, segment);
  const keys = gateNumbers(program, segment);
  let lastEffect = 0;
  for (const id of segment) {
    const g = program.gates[id]!;
    let key = isInteractive(g, program.gates) ? 2 * depth.get(id)! - 1 : 2 * depth.get(id)!;
    for (const arg of g.args) key = Math.max(key, keys.get(arg) ?? 0);
    // Effects (printing, outputs, cells) keep their program order: never earlier than the one before.
    if (isEffect(g)) key = lastEffect = Math.max(key, lastEffect);
    keys.set(id, key);
  }
  return keys;
}
