// How V8 compiles a party's code. A run calls its per-round code (framing, sockets, dispatch)
// once a round, and shares the machine's cores with its peers, who wait for its every round.

import { setFlagsFromString } from "node:v8";

/**
 * Four times V8's interrupt budget (67,584). By default a function is optimised after about a
 * thousand calls, and each optimisation costs milliseconds of compiler time on a core the peers
 * are waiting for: code called once a round seldom earns that back within a run. Vector loops
 * spend a budget within one call, so they are still optimised at once; at eight times, 10,000
 * divisions slow down (measured in docs/performance.md, "Compiler settings").
 */
const INTERRUPT_BUDGET = 4 * 67_584;

/**
 * Call at start-up; affects only this process. Feedback vectors (V8's record of the types each
 * call site sees, which inline caches and tier-up work from) from a function's first call rather
 * than after its first few: with the budget above, 1,000 dependent rounds take a sixth less time.
 */
export function optimiseForRounds(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  setFlagsFromString("--no-lazy-feedback-allocation");
}
