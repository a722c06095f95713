// Hoisting: work after an if on a revealed value that does not depend on it moves before it, so
// the iterations of a loop over elements share rounds; nothing crosses a loop, a jump or an abort.

import { describe, expect, it } from "vitest";
import type { Sequence } from "../../compiler/ir/ir.js";
import { hoist } from "../../compiler/passes/hoist.js";
import { roundsOf } from "../../vm/bytecode/analysis.js";
import { secureAndClear } from "../helpers.js";
import { build, compiled, g, gates } from "./helpers.js";

const COUNT = (n: number): string => `N = ${n}
x = input(sint[N], party=0)
total = 0
for i in range(N):
    if reveal(x[i] > 0):
        total = total + 1
output(total, name="positives")
`;

describe("hoist", () => {
  it("lets 40 comparisons, each deciding an if, share the rounds of one: 9 rounds instead of 360", async () => {
    const loaded = compiled(COUNT(40), true);
    expect(roundsOf(loaded.instructions)).toHaveLength(9);
    expect(roundsOf(compiled(COUNT(40), false).instructions)).toHaveLength(360);
    const values = Array.from({ length: 40 }, (_, i) => (i % 3) - 1);
    const { secure, clear } = await secureAndClear(loaded, [values]);
    expect(clear.positives).toBe(values.filter((v) => v > 0).length);
    for (const s of secure) expect(s).toEqual(clear);
  });

  it("moves a gate above an if only as far as its operands allow, and never a load, a store or an output", () => {
    const p = build((b) => {
      const x = g.input(b);
      const cell = b.cell({ len: 1, width: 0, secret: true });
      const then: Sequence = { items: [] };
      b.within(then, () => b.gate({ op: "store", cell }, [x], 1, true, null));
      b.item({ kind: "if", condition: b.gate({ op: "open", to: null }, [x], 1, false, null), then, otherwise: { items: [] }, span: null });
      const free = b.gate({ op: "mul" }, [x, x], 1, true, null);
      const loaded = b.gate({ op: "load", cell }, [], 1, true, null);
      g.output(b, b.gate({ op: "mul" }, [loaded, free], 1, true, null));
    });
    expect(gates(hoist(p))).toEqual([
      "%0 = input party 0, #0 : s[1]",
      "%2 = open to all, %0 : p[1]",
      "%3 = mul %0, %0 : s[1]",
      "if %2:",
      "store cell 0, %0 : s[1]",
      "else:",
      "%4 = load cell 0 : s[1]",
      "%5 = mul %4, %3 : s[1]",
      "%6 = open to all, %5 : p[1]",
      "output #0, %6 : p[1]",
    ]);
  });

  it("moves nothing above a loop (it may stop the run) or an if that may leave its loop", () => {
    const p = build((b) => {
      const x = g.input(b);
      const body: Sequence = { items: [] };
      b.within(body, () => {
        const stop: Sequence = { items: [] };
        b.within(stop, () => b.item({ kind: "break" }));
        b.item({ kind: "if", condition: b.gate({ op: "open", to: null }, [x], 1, false, null), then: stop, otherwise: { items: [] }, span: null });
        g.output(b, b.gate({ op: "mul" }, [x, x], 1, true, null));
      });
      b.item({ kind: "loop", bound: 3, body, span: null });
      g.output(b, b.gate({ op: "mul" }, [x, x], 1, true, null));
    });
    expect(gates(hoist(p))).toEqual(gates(p));
  });
});
