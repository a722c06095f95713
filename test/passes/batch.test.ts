// Batching: interactive gates of one op, round and source line become one vector gate on
// concatenated operands (bit positions for AND); dependent, different or large gates stay apart.

import { describe, expect, it } from "vitest";
import type { Span } from "../../compiler/diagnostics/source.js";
import { batch } from "../../compiler/passes/batch.js";
import { dce } from "../../compiler/passes/dce.js";
import { fold } from "../../compiler/passes/fold.js";
import { build, compiled, emulated, g, gates } from "./helpers.js";

const line = (n: number): Span => ({ file: "t.mpc", start: 0, end: 0, line: n, col: 1 });

describe("batch", () => {
  it("merges the products x[i]·y[i] of one line into one multiplication of the whole vectors", () => {
    const p = build((b) => {
      const x = g.input(b, 3);
      const y = g.input(b, 3, 1);
      for (let i = 0; i < 3; i++) {
        const at = (v: number): number => b.gate({ op: "slice", start: i, step: 0 }, [v], 1, true, line(5));
        g.output(b, b.gate({ op: "mul" }, [at(x), at(y)], 1, true, line(5)));
      }
    });
    const lines = gates(dce(fold(batch(p))));
    expect(lines.filter((l) => l.includes("mul"))).toEqual(["%2 = mul %0, %1 : s[3]"]);
    expect(lines.filter((l) => l.includes("slice %2") || l.includes(", %2 :"))).toEqual([
      "%3 = slice from 0 step 1, %2 : s[1]",
      "%4 = slice from 1 step 1, %2 : s[1]",
      "%5 = slice from 2 step 1, %2 : s[1]",
    ]);
  });

  it("keeps products of different lines, or of different rounds, apart", () => {
    const p = build((b) => {
      const x = g.input(b);
      const y = g.input(b, 1, 1);
      const a = b.gate({ op: "mul" }, [x, y], 1, true, line(5));
      g.output(b, b.gate({ op: "mul" }, [y, y], 1, true, line(6)));
      g.output(b, b.gate({ op: "mul" }, [a, x], 1, true, line(5)));
    });
    expect(gates(batch(p)).filter((l) => l.includes("mul"))).toHaveLength(3);
  });

  it("merges ANDs of one round by bit positions, and divisions only by the same divisor", () => {
    const p = build((b) => {
      const r = b.gate({ op: "edabitBits" }, [b.gate({ op: "edabit" }, [], 4, true, line(3))], 4, true, line(3), 64);
      const lo = b.gate({ op: "bslice", start: 0, step: 1 }, [r], 4, true, line(3), 10);
      const hi = b.gate({ op: "bslice", start: 10, step: 1 }, [r], 4, true, line(3), 10);
      const mid = b.gate({ op: "bslice", start: 20, step: 1 }, [r], 4, true, line(3), 6);
      const and1 = b.gate({ op: "band" }, [lo, hi], 4, true, line(3), 10);
      const and2 = b.gate({ op: "band" }, [mid, mid], 4, true, line(3), 6);
      g.output(b, b.gate({ op: "b2a" }, [b.gate({ op: "bslice", start: 0, step: 1 }, [and1], 4, true, line(3), 1)], 4, true, line(3)));
      g.output(b, b.gate({ op: "b2a" }, [b.gate({ op: "bslice", start: 0, step: 1 }, [and2], 4, true, line(3), 1)], 4, true, line(3)));
      const x = g.input(b, 2);
      for (const d of [3n, 3n, 5n]) g.output(b, b.gate({ op: "divpub", divisor: d }, [x], 2, true, line(4)));
    });
    const lines = gates(dce(fold(batch(p))));
    expect(lines.filter((l) => l.includes("band"))).toEqual([expect.stringMatching(/band %\d+, %\d+ : sbits16\[4\]/)]);
    expect(lines.filter((l) => l.includes("divpub"))).toEqual([expect.stringContaining("divpub /3, %"), expect.stringContaining("divpub /5, %")]);
    expect(lines.find((l) => l.includes("divpub /3"))).toMatch(/: s\[4\]$/);
  });

  it("splits a group where the merged register would pass the VM's limits (4,096 bit positions)", async () => {
    const text = 'N = 100\nx = input(sint[N], party=0)\nc = sint[N]([x[i] < 7 for i in range(N)])\noutput(c, name="c")\n';
    const loaded = compiled(text, true);
    const widths = loaded.instructions.filter((i) => i.op === "ANDB").map((i) => loaded.program.registerWidth[i.operands[0]!]!);
    expect(Math.max(...widths)).toBeLessThanOrEqual(4096);
    const values = Array.from({ length: 100 }, (_, i) => i % 13);
    expect((await emulated(loaded, [values])).c).toEqual(values.map((v) => (v < 7 ? 1 : 0)));
  });

  it("leaves large vectors on their own: copying them together would cost more than it saves", () => {
    const p = build((b) => {
      const x = g.input(b, 2000);
      g.output(b, b.gate({ op: "mul" }, [x, x], 2000, true, line(2)));
      g.output(b, b.gate({ op: "mul" }, [x, g.input(b, 2000, 1)], 2000, true, line(2)));
    });
    expect(gates(batch(p)).filter((l) => l.includes("mul"))).toEqual(["%1 = mul %0, %0 : s[2000]", "%5 = mul %0, %4 : s[2000]"]);
  });
});
