// Common-subexpression elimination: equal gates merge (operands of commutative ops in either
// order), sources never do, and a gate reuses only gates that ran before it on every path.

import { describe, expect, it } from "vitest";
import type { Sequence } from "../../compiler/ir/ir.js";
import { cse } from "../../compiler/passes/cse.js";
import { dce } from "../../compiler/passes/dce.js";
import { build, g, gates } from "./helpers.js";

describe("cse", () => {
  it("merges equal gates, also a·b with b·a, but not a − b with b − a", () => {
    const p = build((b) => {
      const x = g.input(b);
      const y = g.input(b, 1, 1);
      const m1 = b.gate({ op: "mul" }, [x, y], 1, true, null);
      const m2 = b.gate({ op: "mul" }, [y, x], 1, true, null);
      g.output(b, b.gate({ op: "add" }, [m1, m2], 1, true, null));
      g.output(b, b.gate({ op: "sub" }, [b.gate({ op: "sub" }, [x, y], 1, true, null), b.gate({ op: "sub" }, [y, x], 1, true, null)], 1, true, null));
    });
    const lines = gates(dce(cse(p)));
    expect(lines.filter((l) => l.includes("mul"))).toEqual(["%2 = mul %0, %1 : s[1]"]);
    expect(lines).toContain("%3 = add %2, %2 : s[1]");
    expect(lines.filter((l) => l.includes("sub"))).toHaveLength(3);
  });

  it("compares attributes: equal slices merge, different ones do not; equal constants merge", () => {
    const p = build((b) => {
      const x = g.input(b, 4);
      const a = b.gate({ op: "slice", start: 1, step: 1 }, [x], 2, true, null);
      const a2 = b.gate({ op: "slice", start: 1, step: 1 }, [x], 2, true, null);
      const c = b.gate({ op: "slice", start: 2, step: 1 }, [x], 2, true, null);
      g.output(b, b.gate({ op: "add" }, [b.gate({ op: "add" }, [a, a2], 2, true, null), c], 2, true, null));
      const k1 = g.constant(b, [7n, 8n], 2);
      const k2 = g.constant(b, [7n, 8n], 2);
      g.output(b, b.gate({ op: "add" }, [k1, k2], 2, false, null));
    });
    const lines = gates(dce(cse(p)));
    expect(lines.filter((l) => l.includes("slice"))).toHaveLength(2);
    expect(lines.filter((l) => l.includes("const"))).toEqual(["%7 = const [7 8] : p[2]"]);
  });

  it("never merges sources: inputs, random masks, loads of cells", () => {
    const p = build((b) => {
      const r1 = b.gate({ op: "edabit" }, [], 1, true, null);
      const r2 = b.gate({ op: "edabit" }, [], 1, true, null);
      g.output(b, b.gate({ op: "add" }, [r1, r2], 1, true, null));
      const cell = b.cell({ len: 1, width: 0, secret: true });
      const l1 = b.gate({ op: "load", cell }, [], 1, true, null);
      const l2 = b.gate({ op: "load", cell }, [], 1, true, null);
      g.output(b, b.gate({ op: "add" }, [l1, l2], 1, true, null));
    });
    expect(gates(cse(p))).toEqual(gates(p));
  });

  it("reuses a gate computed before an if inside it, but not one of a branch after the if", () => {
    const p = build((b) => {
      const x = g.input(b);
      const before = b.gate({ op: "mul" }, [x, x], 1, true, null);
      const then: Sequence = { items: [] };
      const otherwise: Sequence = { items: [] };
      const cell = b.cell({ len: 1, width: 0, secret: true });
      b.within(then, () => {
        const again = b.gate({ op: "mul" }, [x, x], 1, true, null);
        const inner = b.gate({ op: "add" }, [again, x], 1, true, null);
        b.gate({ op: "store", cell }, [inner], 1, true, null);
      });
      b.within(otherwise, () => b.gate({ op: "store", cell }, [before], 1, true, null));
      const condition = b.gate({ op: "open", to: null }, [x], 1, false, null);
      b.item({ kind: "if", condition, then, otherwise, span: null });
      const after = b.gate({ op: "add" }, [b.gate({ op: "mul" }, [x, x], 1, true, null), x], 1, true, null);
      g.output(b, b.gate({ op: "add" }, [after, b.gate({ op: "load", cell }, [], 1, true, null)], 1, true, null));
    });
    const text = gates(cse(p)).join("\n");
    // Inside the branch the product before the if is reused; after the if, the branch's sum is not.
    expect(text.match(/= mul /g)).toHaveLength(1);
    expect(text.match(/= add %1, %0/g)).toHaveLength(2);
  });
});
