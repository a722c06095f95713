import { describe, expect, it } from "vitest";
import { InternalCompilerError } from "../../compiler/diagnostics/internal.js";
import { IrBuilder } from "../../compiler/ir/builder.js";
import type { Control, Gate, GateOp, IrProgram, Sequence } from "../../compiler/ir/ir.js";
import { SIGNATURES } from "../../compiler/ir/signatures.js";
import { OP_TRAITS } from "../../compiler/ir/traits.js";
import { verifyIr } from "../../compiler/ir/verify.js";
import { optimize, PASSES, type Pass } from "../../compiler/passes/optimize.js";
import { MAX_NESTING } from "../../vm/bytecode/limits.js";
import { lowered } from "../passes/helpers.js";

/**
 * x (party 0) times y (party 1) plus 2, opened and output; then a revealed if that prints a
 * constant in its then-branch, and a loop that breaks on an opened value:
 *   %0 input, %1 input, %2 const, %3 mul, %4 add, %5 open, %6 output,
 *   if %5: [%7 const, %8 print] else [], loop: [%9 open, break if not %9]
 */
function sample(): IrProgram {
  const b = new IrBuilder(16, 64);
  const x = b.gate({ op: "input", party: 0, input: b.addInput({ party: 0, len: 1, type: "sint", span: null, bounds: null }) }, [], 1, true, null);
  const y = b.gate({ op: "input", party: 1, input: b.addInput({ party: 1, len: 1, type: "sint", span: null, bounds: null }) }, [], 1, true, null);
  const two = b.gate({ op: "const", values: [2n] }, [], 1, false, null);
  const product = b.gate({ op: "mul" }, [x, y], 1, true, null);
  const sum = b.gate({ op: "add" }, [product, two], 1, true, null);
  const opened = b.gate({ op: "open", to: null }, [sum], 1, false, null);
  b.gate({ op: "output", output: b.addOutput({ name: "r", type: "sint", shape: [], to: null, span: null }) }, [opened], 1, false, null);
  const then: Sequence = { items: [] };
  b.within(then, () => b.gate({ op: "print", text: null, format: 0 }, [b.gate({ op: "const", values: [7n] }, [], 1, false, null)], 1, false, null));
  b.item({ kind: "if", condition: opened, then, otherwise: { items: [] }, span: null });
  const body: Sequence = { items: [] };
  b.item({ kind: "loop", bound: 5, body, span: null });
  b.within(body, () => b.item({ kind: "breakIfZero", condition: b.gate({ op: "open", to: null }, [x], 1, false, null) }));
  return b.finish(2);
}

/** The sample with gate `id` changed. */
function withGate(id: number, patch: Partial<Gate> & { kind?: GateOp }): IrProgram {
  const p = sample();
  const gates = p.gates.slice();
  gates[id] = { ...gates[id]!, ...patch };
  return { ...p, gates };
}

/** The sample with its top-level items replaced. */
function withBody(items: ReadonlyArray<number | Control>): IrProgram {
  return { ...sample(), body: { items: [...items] } };
}

const top = (): Array<number | Control> => [...sample().body.items];

/** Broken programs, one of each kind the verifier checks, and words of the problem it must report. */
const BROKEN: ReadonlyArray<readonly [string, () => IrProgram, string]> = [
  ["a gate whose id is not its index", () => withGate(3, { id: 30 }), "gate 3 has the id %30"],
  [
    "a reference to a gate a pass dropped (dangling after DCE)",
    () => withBody(top().filter((i) => i !== 2)),
    "%4 = add: its argument %2 stands in no block of the program (a dangling reference)",
  ],
  [
    "a reference to a gate CSE replaced but left in the table",
    () => {
      const p = sample();
      const copy: Gate = { ...p.gates[2]!, id: p.gates.length };
      const gates = [...p.gates, copy];
      gates[4] = { ...gates[4]!, args: [3, copy.id] };
      return { ...p, gates };
    },
    "%4 = add: its argument %10 stands in no block of the program (a dangling reference)",
  ],
  ["a reference to a gate that does not exist", () => withGate(4, { args: [3, 99] }), "its argument %99 is not a gate"],
  [
    "a gate used before its definition",
    () => withBody([0, 1, 2, 4, 3, ...top().slice(5)]),
    "%4 = add: its argument %3 is defined later, or in a block that does not enclose this one",
  ],
  ["a gate used outside the block that defines it", withGateAfterIf, "its argument %7 is defined later, or in a block that does not enclose this one"],
  ["a gate placed twice", () => withBody([...top(), 3]), "%3 = mul stands twice in the body"],
  ["arguments of different lengths", () => withGate(3, { len: 2 }), "%4 = add: its arguments differ in length or width from it"],
  ["too many arguments", () => withGate(3, { args: [0, 1, 2] }), "%3 = mul: it has 3 arguments, not 2"],
  ["bits where an arithmetic value belongs", () => withGate(2, { width: 3 }), "its argument %2 is bits, not arithmetic"],
  [
    "a secret result marked public (a leak without open)",
    () => withGate(4, { secret: false }),
    "%4 = add: it is public although its argument %3 is secret (only open reveals a secret)",
  ],
  ["a secret value output without an open", () => withGate(6, { args: [4] }), "%6 = output: its argument %4 is secret, not public"],
  ["an open of a public value", () => withGate(5, { args: [2] }), "%5 = open: its argument %2 is public, not secret"],
  [
    "a secret if condition",
    () => withBody(top().map((i) => (typeof i === "number" || i.kind !== "if" ? i : { ...i, condition: 4 }))),
    "the condition of an if, %4, is secret",
  ],
  ["a break outside every loop", () => withBody([...top(), { kind: "break" }]), "a break stands outside every loop"],
  [
    "a loop without a valid bound",
    () => withBody(top().map((i) => (typeof i === "number" || i.kind !== "loop" ? i : { ...i, bound: 0 }))),
    "a loop has the bound 0",
  ],
  ["blocks nested too deep", () => withBody([...top(), nest(MAX_NESTING + 1)]), `nests ${MAX_NESTING + 1} blocks deep, more than ${MAX_NESTING}`],
  ["an input read twice", () => withGate(1, { kind: { op: "input", party: 0, input: 0 } }), "input 0 is read by 2 gates, not one"],
  ["an output never written", () => withBody(top().filter((i) => i !== 6)), "output 0 is written by 0 gates, not one"],
  [
    "a reveal of a gate that is not an open",
    () => ({ ...sample(), reveals: [{ gate: 4, name: "x", type: "sint", shape: [], span: null }] }),
    "reveal 0 (x) names %4 = add, which does not open",
  ],
  [
    "a reveal of a dropped gate",
    () => ({ ...sample(), reveals: [{ gate: 40, name: "x", type: "sint", shape: [], span: null }] }),
    "reveal 0 (x) names %40, which stands in no block",
  ],
  ["a constant of the wrong size", () => withGate(2, { kind: { op: "const", values: [1n, 2n, 3n] } }), "%2 = const: it has 3 values for 1 elements"],
  ["a slice past its argument", () => withGate(4, { kind: { op: "slice", start: 1, step: 1 }, args: [3] }), "the slice runs past its argument"],
  ["a divisor out of range", () => withGate(4, { kind: { op: "divpub", divisor: 0n }, args: [3] }), "the divisor 0 is out of range"],
  ["an open to a party that does not exist", () => withGate(5, { kind: { op: "open", to: 2 } }), "party 2 does not exist"],
  ["an input that does not match its declaration", () => withGate(0, { len: 3 }), "it does not match input 0"],
  ["a length past the bytecode's limit", () => withGate(2, { len: 2 ** 29 }), "its length 536870912 is outside 1 to 268435456"],
  [
    "an edabit's bits of another gate",
    () => withGate(4, { kind: { op: "edabitBits" }, args: [3], width: 64 }),
    "it is not the ring-wide bits of an edabit gate",
  ],
];

/** The sample with the if's then-branch constant (%7) read after the if. */
function withGateAfterIf(): IrProgram {
  const p = sample();
  const reader: Gate = { id: p.gates.length, kind: { op: "print", text: null, format: 0 }, args: [7], len: 1, width: 0, secret: false, span: null };
  return { ...p, gates: [...p.gates, reader], body: { items: [...p.body.items, reader.id] } };
}

function nest(depth: number): Control {
  return depth === 1 ? { kind: "loop", bound: 2, body: { items: [] }, span: null } : { kind: "loop", bound: 2, body: { items: [nest(depth - 1)] }, span: null };
}

describe("the IR verifier", () => {
  it("accepts the sample", () => {
    expect(verifyIr(sample())).toEqual([]);
  });

  for (const [what, broken, says] of BROKEN) {
    it(`catches ${what}`, () => {
      const problems = verifyIr(broken());
      expect(problems.join("\n")).toContain(says);
    });
  }

  it("accepts the IR of a real program as lowered and after every pass", () => {
    const p = lowered(
      "x = input(sint[8], party=0)\ny = input(sint[8], party=1)\nm = x * y\nt = sint(0)\nif reveal(sum(m)) > 0:\n    t = max(m)\noutput(t, name='top')\n",
    );
    expect(verifyIr(p)).toEqual([]);
    expect(() => optimize(p, { verify: true, source: "t.mpc" })).not.toThrow();
  });

  it("names the pass that broke an invariant, as an internal compiler error", () => {
    // A pass that forgets to keep the definition of the first gate another gate reads.
    const forgetful: Pass = (p) => ({ ...p, body: { items: p.body.items.filter((i) => i !== p.gates.find((g) => g.args.length > 0)!.args[0]) } });
    const run = (): IrProgram => optimize(sample(), { verify: true, source: "t.mpc", passes: [PASSES[0]!, ["forgetful", forgetful]] });
    expect(run).toThrow(InternalCompilerError);
    expect(run).toThrow(
      /^internal compiler error compiling t\.mpc: the IR after pass 2 \(forgetful\) fails its check: %3 = mul: its argument %0 stands in no block/,
    );
    expect(() => optimize(sample(), { source: "t.mpc", passes: [["forgetful", forgetful]] })).not.toThrow();
  });

  it("knows a signature for every op, consistent with what the optimiser's traits assume", () => {
    for (const [op, traits] of Object.entries(OP_TRAITS)) {
      const s = SIGNATURES[op as keyof typeof SIGNATURES];
      if (traits.associative || traits.commutative) expect(s.args?.length).toBe(2);
      if (traits.batch !== undefined) expect(s.form).toBe(traits.batch === "bits" ? "bits" : "value");
    }
  });
});
