// The figures the optimiser is for, pinned: depth of long products, one vector multiplication
// for a sum of products, Horner's rule against powers, and CSE saving a triple; each beside -O0.

import { describe, expect, it } from "vitest";
import { analyse, buildReport, type Report } from "../../compiler/report/report.js";
import type { LoadedProgram } from "../../vm/bytecode/program.js";
import { compiled, count, emulated } from "./helpers.js";

function report(loaded: LoadedProgram): Report {
  return buildReport(analyse(loaded));
}

function triples(loaded: LoadedProgram): number {
  return loaded.program.preprocessing.find((n) => n.kind === "triple")?.count ?? 0;
}

const PRODUCT = `
x = input(sint[64], party=0)
p = x[0]
for i in range(1, 64):
    p = p * x[i]
output(p, name="product")
`;

const DOT = `
N = 1000
x = input(sint[N], party=0)
y = input(sint[N], party=1)
acc = sint(0)
for i in range(N):
    acc = acc + x[i] * y[i]
output(acc, name="dot")
`;

const C = "C = [3, 1, 4, 1, 5, 9, 2, 6, 5]\nx = input(sint, party=0)\n";
const HORNER = `${C}acc = C[8]
for k in range(7, -1, -1):
    acc = acc * x + C[k]
output(acc, name="p")
`;
const POWERS = `${C}p = C[0]
for k in range(1, 9):
    p = p + C[k] * x ** k
output(p, name="p")
`;

describe("the product of 64 secrets", () => {
  it("has depth 6 with the passes: 6 rounds of multiplication between the input and the output", () => {
    const loaded = compiled(PRODUCT, true);
    const r = report(loaded);
    expect(r.multiplicativeDepth).toBe(6);
    expect(r.rounds).toEqual({ total: 7, byKind: { MULS: 6, OPEN: 1 } });
    // A balanced tree, one vector multiplication per level.
    expect(loaded.instructions.filter((i) => i.op === "MULS").map((i) => loaded.program.registerLength[i.operands[0]!])).toEqual([32, 16, 8, 4, 2, 1]);
    expect(triples(loaded)).toBe(63);
  });

  it("has depth 63 and 63 rounds of multiplication at -O0", () => {
    const r = report(compiled(PRODUCT, false));
    expect(r.multiplicativeDepth).toBe(63);
    expect(r.rounds).toEqual({ total: 64, byKind: { MULS: 63, OPEN: 1 } });
  });

  it("computes the same product either way", async () => {
    const values = Array.from({ length: 64 }, (_, i) => (i % 5) - 2 || 3);
    expect(await emulated(compiled(PRODUCT, true), [values])).toEqual(await emulated(compiled(PRODUCT, false), [values]));
  });
});

describe("the sum of 1,000 products x[i]*y[i]", () => {
  it("is one round of multiplication: one MULS of 1,000 elements, exactly 1,000 triples, then one SUMS", () => {
    const loaded = compiled(DOT, true);
    const r = report(loaded);
    expect(loaded.instructions.map((i) => i.op)).toEqual(["INPUT", "INPUT", "MULS", "SUMS", "OPEN", "OUTPUT"]);
    expect(loaded.program.registerLength[loaded.instructions[2]!.operands[0]!]).toBe(1000);
    expect(triples(loaded)).toBe(1000);
    expect(r.multiplicativeDepth).toBe(1);
    expect(r.rounds).toEqual({ total: 2, byKind: { MULS: 1, OPEN: 1 } });
  });

  it("is the same one round at -O0, but as 1,000 scalar MULS and 1,000 additions (the first adds sint(0))", () => {
    const loaded = compiled(DOT, false);
    expect(count(loaded, "MULS")).toBe(1000);
    expect(count(loaded, "ADDS")).toBe(1000);
    expect(triples(loaded)).toBe(1000);
    expect(report(loaded).rounds.byKind.MULS).toBe(1);
  });
});

describe("a polynomial of degree 8 in a secret x", () => {
  it("needs depth 7 by Horner's rule, which no rebracketing shortens", () => {
    for (const optimize of [true, false]) {
      const r = report(compiled(HORNER, optimize));
      expect(r.multiplicativeDepth).toBe(7);
      expect(r.rounds.total).toBe(8);
    }
    expect(triples(compiled(HORNER, true))).toBe(7);
  });

  it("needs depth 3 by powers (x ** k squares repeatedly); CSE shares the squares, 7 triples instead of 18", () => {
    const [optimised, plain] = [compiled(POWERS, true), compiled(POWERS, false)];
    expect(report(optimised).multiplicativeDepth).toBe(3);
    expect(report(optimised).rounds.total).toBe(4);
    expect(triples(optimised)).toBe(7);
    expect(report(plain).multiplicativeDepth).toBe(3);
    expect(triples(plain)).toBe(18);
  });

  it("has one value both ways", async () => {
    const horner = await emulated(compiled(HORNER, true), [[3]]);
    expect(horner).toEqual(await emulated(compiled(POWERS, true), [[3]]));
    expect(horner.p).toBe([3, 1, 4, 1, 5, 9, 2, 6, 5].reduce((s, c, k) => s + c * 3 ** k, 0));
  });
});

describe("common subexpressions", () => {
  const TWICE = 'a = input(sint, party=0)\nb = input(sint, party=1)\noutput(a * b + a * b, name="twice")\n';
  it("a*b + a*b uses one triple (two at -O0)", () => {
    expect(triples(compiled(TWICE, true))).toBe(1);
    expect(triples(compiled(TWICE, false))).toBe(2);
  });
});
