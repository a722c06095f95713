// Dead-gate elimination: only what reaches an output, a print or an abort survives — through
// cells only where a kept load reads them — while inputs and loops always stay.

import { describe, expect, it } from "vitest";
import type { Sequence } from "../../compiler/ir/ir.js";
import { dce } from "../../compiler/passes/dce.js";
import { build, g, gates } from "./helpers.js";

describe("dce", () => {
  it("drops gates no output needs, keeps every input, and numbers what is left densely", () => {
    const p = build((b) => {
      const x = g.input(b);
      const unused = g.input(b, 1, 1);
      b.gate({ op: "mul" }, [x, unused], 1, true, null);
      g.output(b, b.gate({ op: "add" }, [x, x], 1, true, null));
    });
    expect(gates(dce(p))).toEqual([
      "%0 = input party 0, #0 : s[1]",
      "%1 = input party 1, #1 : s[1]",
      "%2 = add %0, %0 : s[1]",
      "%3 = open to all, %2 : p[1]",
      "output #0, %3 : p[1]",
    ]);
  });

  it("drops stores to cells nobody loads, the cells, and an if left empty", () => {
    const p = build((b) => {
      const x = g.input(b);
      const dead = b.cell({ len: 1, width: 0, secret: true });
      const live = b.cell({ len: 1, width: 0, secret: true });
      const condition = b.gate({ op: "open", to: null }, [x], 1, false, null);
      const then: Sequence = { items: [] };
      b.within(then, () => b.gate({ op: "store", cell: dead }, [b.gate({ op: "mul" }, [x, x], 1, true, null)], 1, true, null));
      b.item({ kind: "if", condition, then, otherwise: { items: [] }, span: null });
      b.gate({ op: "store", cell: live }, [x], 1, true, null);
      g.output(b, b.gate({ op: "load", cell: live }, [], 1, true, null));
    });
    const result = dce(p);
    expect(result.cells).toHaveLength(1);
    expect(gates(result)).toEqual([
      "%0 = input party 0, #0 : s[1]",
      "store cell 0, %0 : s[1]",
      "%2 = load cell 0 : s[1]",
      "%3 = open to all, %2 : p[1]",
      "output #0, %3 : p[1]",
    ]);
  });

  it("keeps loops (they may stop the run at their bound) with their exit conditions", () => {
    const p = build((b) => {
      const x = g.input(b);
      const body: Sequence = { items: [] };
      b.within(body, () => {
        const condition = b.gate({ op: "open", to: null }, [x], 1, false, null);
        b.item({ kind: "breakIfZero", condition });
        b.gate({ op: "mul" }, [x, x], 1, true, null);
      });
      b.item({ kind: "loop", bound: 5, body, span: null });
    });
    expect(gates(dce(p))).toEqual(["%0 = input party 0, #0 : s[1]", "loop (at most 5 times):", "%1 = open to all, %0 : p[1]", "break if not %1"]);
  });

  it("keeps a reveal only while its value is used, and the disclosure list with it", () => {
    const p = build((b) => {
      const x = g.input(b);
      const used = b.gate({ op: "open", to: null }, [x], 1, false, null);
      b.addReveal({ gate: used, name: "x", type: "sint", shape: [], span: null });
      const unused = b.gate({ op: "open", to: null }, [b.gate({ op: "neg" }, [x], 1, true, null)], 1, false, null);
      b.addReveal({ gate: unused, name: "-x", type: "sint", shape: [], span: null });
      b.gate({ op: "print", text: null, format: 0 }, [used], 1, false, null);
    });
    const result = dce(p);
    expect(result.reveals.map((r) => [r.name, r.gate])).toEqual([["x", 1]]);
  });
});
