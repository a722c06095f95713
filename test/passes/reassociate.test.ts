// Reassociation: chains of one associative op become trees combining the earliest-ready operands
// first; shared intermediate results, other ops and control boundaries stop a chain.

import { describe, expect, it } from "vitest";
import type { IrProgram, Sequence } from "../../compiler/ir/ir.js";
import { dce } from "../../compiler/passes/dce.js";
import { reassociate } from "../../compiler/passes/reassociate.js";
import { bodyGates } from "../../compiler/passes/rewrite.js";
import { interactiveDepths } from "../../compiler/passes/schedule.js";
import { build, g, gates } from "./helpers.js";

/** The most interactive gates on a path, over the whole (straight-line) program. */
function depth(p: IrProgram): number {
  const ids = bodyGates(p);
  const depths = interactiveDepths(p, ids);
  return Math.max(...ids.map((id) => depths.get(id)!));
}

/** x0 · x1 · … · x(n−1), left to right, of n secret inputs. */
function chain(n: number, op: "mul" | "add" = "mul"): IrProgram {
  return build((b) => {
    const xs = Array.from({ length: n }, (_, i) => g.input(b, 1, i % 2));
    g.output(
      b,
      xs.reduce((acc, x) => b.gate({ op }, [acc, x], 1, true, null)),
    );
  });
}

describe("reassociate", () => {
  it("turns a product of 64 secrets from depth 63 into depth 6 (plus the output round; inputs take none)", () => {
    expect(depth(chain(64))).toBe(63 + 1);
    const balanced = reassociate(chain(64));
    expect(depth(balanced)).toBe(6 + 1);
    expect(gates(dce(balanced)).filter((l) => l.includes("= mul"))).toHaveLength(63);
  });

  it("gives ⌈log2 n⌉ for every n, and combines the operands ready earliest first", () => {
    for (const n of [2, 3, 5, 17, 100]) expect(depth(reassociate(chain(n)))).toBe(1 + Math.ceil(Math.log2(n)));
    // (x·y + x·y) is ready a round after a, c, d (inputs are ready at once): the tree multiplies those first.
    const p = build((b) => {
      const [a, c, d, x, y] = [0, 1, 0, 1, 0].map((party) => g.input(b, 1, party));
      const late = b.gate({ op: "mul" }, [x!, y!], 1, true, null);
      const shared = b.gate({ op: "add" }, [late, late], 1, true, null);
      g.output(
        b,
        [a!, c!, d!].reduce((acc, v) => b.gate({ op: "mul" }, [acc, v], 1, true, null), b.gate({ op: "mul" }, [shared, a!], 1, true, null)),
      );
    });
    expect(depth(p)).toBe(5 + 1);
    expect(depth(reassociate(p))).toBe(3 + 1);
  });

  it("multiplies public factors into one another before they meet a secret (local, no round)", () => {
    const p = build((b) => {
      const x = g.input(b);
      const y = g.input(b, 1, 1);
      const k = [2n, 3n, 5n].map((v) => g.constant(b, [v]));
      let acc = b.gate({ op: "mul" }, [x, k[0]!], 1, true, null);
      acc = b.gate({ op: "mul" }, [acc, y], 1, true, null);
      acc = b.gate({ op: "mul" }, [acc, k[1]!], 1, true, null);
      g.output(b, b.gate({ op: "mul" }, [acc, k[2]!], 1, true, null));
    });
    expect(gates(dce(reassociate(p))).filter((l) => l.includes("mul"))).toEqual([
      "%5 = mul %2, %3 : p[1]",
      "%6 = mul %4, %5 : p[1]",
      "%7 = mul %6, %0 : s[1]",
      "%8 = mul %1, %7 : s[1]",
    ]);
    expect(depth(reassociate(p))).toBe(1 + 1);
  });

  it("keeps an intermediate result used elsewhere as a leaf, and leaves subtraction chains alone", () => {
    const p = build((b) => {
      const [x, y, z] = [0, 1, 0].map((party) => g.input(b, 1, party));
      const xy = b.gate({ op: "mul" }, [x!, y!], 1, true, null);
      g.output(b, xy);
      g.output(b, b.gate({ op: "mul" }, [xy, z!], 1, true, null));
      g.output(b, b.gate({ op: "sub" }, [b.gate({ op: "sub" }, [x!, y!], 1, true, null), z!], 1, true, null));
    });
    expect(gates(reassociate(p))).toEqual(gates(p));
  });

  it("does not build a chain across an if on a revealed value", () => {
    const p = build((b) => {
      const [x, y, z] = [0, 1, 0].map((party) => g.input(b, 1, party));
      const xy = b.gate({ op: "mul" }, [x!, y!], 1, true, null);
      const cell = b.cell({ len: 1, width: 0, secret: true });
      const then: Sequence = { items: [] };
      b.within(then, () =>
        b.gate({ op: "store", cell }, [b.gate({ op: "mul" }, [b.gate({ op: "mul" }, [xy, z!], 1, true, null), x!], 1, true, null)], 1, true, null),
      );
      b.item({ kind: "if", condition: b.gate({ op: "open", to: null }, [x!], 1, false, null), then, otherwise: { items: [] }, span: null });
      g.output(b, b.gate({ op: "load", cell }, [], 1, true, null));
    });
    const lines = gates(reassociate(p));
    expect(lines).toContain("%3 = mul %0, %1 : s[1]");
    expect(lines.filter((l) => l.includes("= mul"))).toHaveLength(3);
  });

  it("adds single elements of one vector with one sum over a slice of it", () => {
    const p = build((b) => {
      const x = g.input(b, 8);
      const y = g.input(b, 1, 1);
      const at = (i: number): number => b.gate({ op: "slice", start: i, step: 0 }, [x], 1, true, null);
      g.output(
        b,
        [at(2), at(3), y, at(4), at(5)].reduce((acc, v) => b.gate({ op: "add" }, [acc, v], 1, true, null)),
      );
      g.output(
        b,
        [0, 1, 2, 3, 4, 5, 6, 7].map(at).reduce((acc, v) => b.gate({ op: "add" }, [acc, v], 1, true, null)),
      );
    });
    const lines = gates(dce(reassociate(p)));
    expect(lines).toContain("%2 = slice from 2 step 1, %0 : s[4]");
    expect(lines).toContain("%3 = sum %2 : s[1]");
    expect(lines).toContain("%4 = add %1, %3 : s[1]");
    expect(lines).toContain("%7 = sum %0 : s[1]");
  });
});
