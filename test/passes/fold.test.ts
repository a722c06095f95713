// Constant folding: exact ring arithmetic on constants, the identities that drop a gate, and
// slices of slices or of concatenations collapsing into one selection of the source.

import { describe, expect, it } from "vitest";
import { dce } from "../../compiler/passes/dce.js";
import { fold } from "../../compiler/passes/fold.js";
import { build, g, gates } from "./helpers.js";

const M64 = 1n << 64n;

describe("fold", () => {
  it("evaluates public gates of constants as the VM would: wrapping, signed floor division and comparison", () => {
    const p = build((b) => {
      const big = g.constant(b, [1n << 63n]);
      const two = g.constant(b, [2n]);
      g.output(b, b.gate({ op: "mul" }, [big, two], 1, false, null));
      const minus7 = g.constant(b, [M64 - 7n]);
      g.output(b, b.gate({ op: "divpub", divisor: 2n }, [minus7], 1, false, null));
      g.output(b, b.gate({ op: "compare", cmp: "lt" }, [minus7, two], 1, false, null));
      const v = g.constant(b, [1n, 2n, 3n, 4n], 4);
      g.output(b, b.gate({ op: "sum", group: 2 }, [b.gate({ op: "add" }, [v, v], 4, false, null)], 2, false, null));
    });
    expect(gates(dce(fold(p))).filter((l) => l.includes("const"))).toEqual([
      "%0 = const [0] : p[1]",
      "%2 = const [18446744073709551612] : p[1]",
      "%4 = const [1] : p[1]",
      "%6 = const [6 14] : p[2]",
    ]);
  });

  it("drops x + 0, x − 0, x · 1 (also with the constant lifted to a secret) and −(−x); x · 0 is 0, opened or not", () => {
    const p = build((b) => {
      const x = g.input(b);
      const zero = b.gate({ op: "lift" }, [g.constant(b, [0n])], 1, true, null);
      const one = g.constant(b, [1n]);
      const sum = b.gate({ op: "add" }, [zero, x], 1, true, null);
      const diff = b.gate({ op: "sub" }, [sum, g.constant(b, [0n])], 1, true, null);
      const prod = b.gate({ op: "mul" }, [diff, one], 1, true, null);
      const neg = b.gate({ op: "neg" }, [b.gate({ op: "neg" }, [prod], 1, true, null)], 1, true, null);
      g.output(b, neg);
      g.output(b, b.gate({ op: "mul" }, [x, g.constant(b, [0n])], 1, true, null));
    });
    expect(gates(dce(fold(p)))).toEqual([
      "%0 = input party 0, #0 : s[1]",
      "%1 = open to all, %0 : p[1]",
      "output #0, %1 : p[1]",
      "%3 = const [0] : p[1]",
      "output #1, %3 : p[1]",
    ]);
  });

  it("turns pieces of one vector put back together into the vector, and slices of slices into one slice", () => {
    const p = build((b) => {
      const x = g.input(b, 8);
      const parts = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => b.gate({ op: "slice", start: i, step: 0 }, [x], 1, true, null));
      const join = (from: number, to: number): number => {
        if (to - from === 1) return parts[from]!;
        const mid = (from + to) >> 1;
        return b.gate({ op: "concat" }, [join(from, mid), join(mid, to)], to - from, true, null);
      };
      g.output(b, b.gate({ op: "add" }, [join(0, 8), x], 8, true, null));
      const odd = b.gate({ op: "slice", start: 1, step: 2 }, [x], 4, true, null);
      g.output(b, b.gate({ op: "slice", start: 1, step: 2 }, [odd], 2, true, null));
      const reversed = b.gate({ op: "gather", indices: [3, 2, 1, 0] }, [odd], 4, true, null);
      g.output(b, reversed);
    });
    expect(gates(dce(fold(p)))).toEqual([
      "%0 = input party 0, #0 : s[8]",
      "%1 = add %0, %0 : s[8]",
      "%2 = open to all, %1 : p[8]",
      "output #0, %2 : p[8]",
      "%4 = slice from 3 step 4, %0 : s[2]",
      "%5 = open to all, %4 : p[2]",
      "output #1, %5 : p[2]",
      "%7 = slice from 7 step -2, %0 : s[4]",
      "%8 = open to all, %7 : p[4]",
      "output #2, %8 : p[4]",
    ]);
  });

  it("collapses bit positions the same way, and opening a lifted public value is the value", () => {
    const p = build((b) => {
      const r = b.gate({ op: "edabit" }, [], 1, true, null);
      const bits = b.gate({ op: "edabitBits" }, [r], 1, true, null, 64);
      const low = b.gate({ op: "bslice", start: 0, step: 1 }, [bits], 1, true, null, 32);
      const high = b.gate({ op: "bslice", start: 32, step: 1 }, [bits], 1, true, null, 32);
      const whole = b.gate({ op: "bconcat" }, [low, high], 1, true, null, 64);
      const top = b.gate({ op: "bslice", start: 31, step: 1 }, [high], 1, true, null, 1);
      // One arithmetic 0/1 for each of the 64 bit positions.
      g.output(b, b.gate({ op: "b2a" }, [b.gate({ op: "bxor" }, [whole, whole], 1, true, null, 64)], 64, true, null));
      g.output(b, b.gate({ op: "b2a" }, [top], 1, true, null));
      const c = g.constant(b, [5n]);
      const opened = b.gate({ op: "open", to: null }, [b.gate({ op: "lift" }, [c], 1, true, null)], 1, false, null);
      b.gate({ op: "output", output: b.addOutput({ name: "c", type: "sint", shape: [], to: null, span: null }) }, [opened], 1, false, null);
    });
    expect(gates(dce(fold(p)))).toEqual([
      "%0 = edabit : s[1]",
      "%1 = edabitBits %0 : sbits64[1]",
      "%2 = bslice from 63 step 1, %1 : sbits1[1]",
      "%3 = bxor %1, %1 : sbits64[1]",
      "%4 = b2a %3 : s[64]",
      "%5 = open to all, %4 : p[64]",
      "output #0, %5 : p[64]",
      "%7 = b2a %2 : s[1]",
      "%8 = open to all, %7 : p[1]",
      "output #1, %8 : p[1]",
      "%10 = const [5] : p[1]",
      "output #2, %10 : p[1]",
    ]);
  });

  it("leaves ops it does not know, and secret gates, as they are", () => {
    const p = build((b) => {
      const x = g.input(b);
      g.output(b, b.gate({ op: "mul" }, [x, x], 1, true, null));
      g.output(b, b.gate({ op: "divpub", divisor: 3n }, [x], 1, true, null));
    });
    expect(gates(fold(p))).toEqual(gates(p));
  });
});
