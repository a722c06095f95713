// How eagerly V8 optimises a party's code. A run calls its per-round code (framing, sockets,
// dispatch) only as often as it has rounds, and shares the machine's cores with its peers.

import { setFlagsFromString } from "node:v8";

/**
 * V8's default budget optimises a function after about a thousand calls; each optimisation costs
 * milliseconds of compiler time on a core the peers are waiting for, and code called once a round
 * rarely earns that back within a run (measured in docs/performance.md). Four times the budget
 * leaves per-round code to the baseline tiers, while vector loops, which spend a budget within a
 * call, are still optimised at once.
 */
const INTERRUPT_BUDGET = 4 * 67_584;

/** Call at start-up, before the run; affects only this process. */
export function optimiseForRounds(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
