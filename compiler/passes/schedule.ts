// Round scheduling: orders gates so that all interactive gates of one round are adjacent
// (the VM sends one message per peer for such a run), with local work between the rounds.

import { isInteractive, type Gate, type IrProgram } from "../ir/ir.js";

/**
 * A gate's round is its interactive depth: the most interactive gates on any path to it.
 * Interactive gates of round r depend only on rounds before r, so they can travel together.
 */
export function interactiveDepths(program: IrProgram): Int32Array {
  const depth = new Int32Array(program.gates.length);
  for (const gate of program.gates) {
    let d = 0;
    for (const arg of gate.args) d = Math.max(d, depth[arg]!);
    depth[gate.id] = d + (isInteractive(gate, program.gates) ? 1 : 0);
  }
  return depth;
}

/** The gates in execution order: round r's interactive gates, then the local gates that follow them. */
export function scheduleGates(program: IrProgram): Gate[] {
  const depth = interactiveDepths(program);
  const key = (g: Gate): number => (isInteractive(g, program.gates) ? 2 * depth[g.id]! - 1 : 2 * depth[g.id]!);
  // Stable sort: within one key the original order is already a topological order.
  return [...program.gates].sort((a, b) => key(a) - key(b));
}
