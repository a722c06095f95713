import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { sourceFile } from "../../compiler/diagnostics/source.js";
import { parse } from "../../compiler/syntax/parse.js";
import { ROOT } from "../cli/run-cli.js";
import { CHAIN } from "../net/mesh-helpers.js";
import { RUNS } from "./mutate.js";

const SAMPLES = [
  readFileSync(join(ROOT, "programs", "average_salary.mpc"), "utf8"),
  CHAIN,
  "def f(a, b=2):\n    if a > b:\n        return [x * 2 for x in range(a)]\n    elif a == b:\n        return (a, b)\n    else:\n        while a < 3:\n            a = a + 1\n    return a\n\ny = f(1)\n",
  'm = sfix[2, 3]\nv = input(sint[4], party=1)\nz = v[1:3] if True else v\noutput(max(v) - min(v), to=0, name="range")\n',
];

/** Pieces a Python-like program is made of, so random text is often almost valid. */
const PIECES = [
  "def ",
  "if ",
  "elif ",
  "else",
  "for ",
  " in ",
  "while ",
  "return ",
  "x",
  "y",
  "f",
  "(",
  ")",
  "[",
  "]",
  ":",
  ",",
  "=",
  "==",
  "+",
  "-",
  "*",
  "/",
  "**",
  "<",
  ">",
  ".",
  "0",
  "1",
  "2.5",
  "'s'",
  '"t"',
  "#c",
  "\n",
  "\n    ",
  "    ",
  "\t",
  " ",
  "\\\n",
  "sint",
  "sfix[3]",
  "input(",
  "output(",
  "party=",
  "True",
  "None",
  "lambda",
  "@",
  "$",
  "\u00e9",
  "\r\n",
  "\u0000",
];

const programText = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(""));

const edit = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("delete", "insert", "duplicate", "swap"),
  piece: fc.constantFrom(...PIECES),
  span: fc.integer({ min: 1, max: 12 }),
});

function mutate(text: string, edits: ReadonlyArray<{ at: number; op: string; piece: string; span: number }>): string {
  for (const e of edits) {
    const at = text.length === 0 ? 0 : e.at % text.length;
    if (e.op === "delete") text = text.slice(0, at) + text.slice(at + e.span);
    else if (e.op === "insert") text = text.slice(0, at) + e.piece + text.slice(at);
    else if (e.op === "duplicate") text = text.slice(0, at) + text.slice(at, at + e.span) + text.slice(at);
    else {
      const lines = text.split("\n");
      const i = at % lines.length;
      const j = (at + e.span) % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      text = lines.join("\n");
    }
  }
  return text;
}

/** Parsing ends in an AST or in diagnostics that render with a position, never in an exception. */
function parsesOrDiagnoses(text: string): void {
  const source = sourceFile("fuzz.mpc", text);
  const result = parse(source);
  expect(Array.isArray(result.module.body)).toBe(true);
  for (const d of result.diagnostics) {
    const rendered = renderDiagnostic(d, new Map([["fuzz.mpc", source]]));
    expect(rendered).toMatch(/error MPC\d{4}: \S/);
  }
}

describe("the .mpc parser, fuzzed", () => {
  it("parses the programs it mutates without complaint", () => {
    for (const text of SAMPLES) expect(parse(sourceFile("s.mpc", text)).diagnostics).toEqual([]);
  });

  it("answers random program-like text with an AST or diagnostics", () => {
    fc.assert(fc.property(programText, parsesOrDiagnoses), RUNS);
  });

  it("answers random characters with an AST or diagnostics", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: "binary" }), parsesOrDiagnoses), RUNS);
  });

  it("answers mutated valid programs with an AST or diagnostics", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SAMPLES), fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => parsesOrDiagnoses(mutate(text, edits))),
      { numRuns: 400 },
    );
  });
});
