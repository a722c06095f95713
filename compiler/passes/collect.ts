// A full garbage collection between passes over a large program. Each pass leaves the previous
// version's gates behind; V8 would rather grow the heap than collect them, which doubles the peak.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Programs below this many gates are small enough that collecting would only cost time. */
export const COLLECT_ABOVE_GATES = 100_000;

let gc: (() => void) | null | undefined;

/** Collects now if the runtime lets us (V8's gc, exposed on first use), else does nothing. */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc") as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
