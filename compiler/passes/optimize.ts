// The optimiser: the passes in the order that lets each feed the next. Every pass maps an IR
// program to an equivalent one, so any prefix of this list is a correct compiler too.

import type { IrProgram } from "../ir/ir.js";
import { assertValidIr } from "../ir/verify.js";
import { batch } from "./batch.js";
import { COLLECT_ABOVE_GATES, collectGarbage } from "./collect.js";
import { cse } from "./cse.js";
import { dce } from "./dce.js";
import { fold } from "./fold.js";
import { fuse } from "./fuse.js";
import { hoist } from "./hoist.js";
import { reassociate } from "./reassociate.js";

export type Pass = (program: IrProgram) => IrProgram;

/**
 * Folding first, so CSE sees x[i] and x + 0 in one form; hoisting out of the blocks between ifs,
 * so the work of many iterations shares rounds; reassociation on the merged graph, so shared
 * products stay leaves; fusing a converted bit into its product (one round less for every
 * select), on final products; batching once depths are final; then folding turns the concatenated
 * slices back into whole vectors, reassociation turns sums of their pieces into one sum, and
 * dead-gate elimination drops what the rewrites left behind (twice: the second reassociation
 * runs faster on the smaller program).
 */
export const PASSES: ReadonlyArray<readonly [string, Pass]> = [
  ["fold", fold],
  ["cse", cse],
  ["hoist", hoist],
  ["reassociate", reassociate],
  ["fuse", fuse],
  ["batch", batch],
  ["fold", fold],
  ["dce", dce],
  ["reassociate", reassociate],
  ["cse", cse],
  ["dce", dce],
];

export interface OptimizeOptions {
  /**
   * Check the IR's invariants after every pass (compiler/ir/verify.ts), so a pass that breaks
   * one is named: on in the tests and with `mpcc compile --verify-ir`.
   */
  readonly verify?: boolean;
  /** The program's file, for the internal compiler error a failed check raises. */
  readonly source?: string;
  /** The passes to run (default PASSES): any prefix of PASSES is a correct compiler too. */
  readonly passes?: ReadonlyArray<readonly [string, Pass]>;
}

export function optimize(program: IrProgram, options: OptimizeOptions = {}): IrProgram {
  // What lowering left behind goes first, then what each pass leaves.
  if (program.gates.length > COLLECT_ABOVE_GATES) collectGarbage();
  return (options.passes ?? PASSES).reduce((p, [name, pass], i) => {
    const next = pass(p);
    if (options.verify) assertValidIr(next, options.source ?? "the program", `the IR after pass ${i + 1} (${name})`);
    if (next.gates.length > COLLECT_ABOVE_GATES) collectGarbage();
    return next;
  }, program);
}
