// Hoisting: a gate after an if on a revealed value that does not depend on anything the if does
// moves before it, so work of many loop iterations (x[i] < 0 for each i) shares rounds.

import type { Control, Gate, IrProgram, Item, Sequence } from "../ir/ir.js";
import { isEffect } from "../ir/traits.js";

/**
 * A gate runs exactly as often, and learns exactly the same, one block earlier — provided every
 * path through the blocks it skips comes out the other side. An if does (both branches fall
 * through), unless it holds a break, continue or abort, or a loop (which may stop the run at its
 * bound): those are barriers, and nothing moves above one. Effects (outputs, prints, cells) and
 * inputs stay where they are; whatever reads a cell's load stays after the load.
 */
export function hoist(program: IrProgram): IrProgram {
  return { ...program, body: sequence(program, program.body) };
}

function sequence(program: IrProgram, seq: Sequence): Sequence {
  // The sequence as segments of gates with the control items between them.
  const segments: number[][] = [[]];
  const controls: Control[] = [];
  const placed = new Map<number, number>();
  let floor = 0;
  for (const item of seq.items) {
    if (typeof item === "number") {
      const g = program.gates[item]!;
      let at = segments.length - 1;
      if (movable(g)) {
        at = floor;
        for (const a of g.args) at = Math.max(at, placed.get(a) ?? 0);
      }
      placed.set(item, at);
      segments[at]!.push(item);
      // An abort may stop the run here: nothing after it moves above its block.
      if (g.kind.op === "abort") floor = at;
      continue;
    }
    const control = nested(program, item);
    controls.push(control);
    segments.push([]);
    if (isBarrier(program, control)) floor = segments.length - 1;
  }
  const items: Item[] = [...segments[0]!];
  controls.forEach((c, i) => items.push(c, ...segments[i + 1]!));
  return { items };
}

function nested(program: IrProgram, item: Control): Control {
  switch (item.kind) {
    case "if":
      return { ...item, then: sequence(program, item.then), otherwise: sequence(program, item.otherwise) };
    case "loop":
      return { ...item, body: sequence(program, item.body) };
    default:
      return item;
  }
}

function movable(g: Gate): boolean {
  return !isEffect(g) && g.kind.op !== "input";
}

/** A control item that may not come out at its end: a loop, a jump, or an if holding one or an abort. */
function isBarrier(program: IrProgram, control: Control): boolean {
  if (control.kind !== "if") return true;
  const holds = (seq: Sequence): boolean =>
    seq.items.some((item) => (typeof item === "number" ? program.gates[item]!.kind.op === "abort" : isBarrier(program, item)));
  return holds(control.then) || holds(control.otherwise);
}
