import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { printIr } from "../../compiler/ir/printer.js";
import { roundsOf } from "../../vm/bytecode/analysis.js";
import { disassemble } from "../../vm/bytecode/disasm.js";
import { compile } from "../helpers.js";

const text = readFileSync(join(import.meta.dirname, "..", "..", "programs", "average_salary.mpc"), "utf8");

describe("average_salary.mpc compiles to", () => {
  it("this IR before the passes: a lifted zero, three inputs with their sums, then the division", () => {
    const result = compileSource("average_salary.mpc", text, { defines: new Map([["EMPLOYEES", "1000"]]), optimize: false });
    const lines = printIr(result.ir!).split("\n");
    expect(lines.slice(0, 17)).toEqual([
      "; parties 3, fractional bits 16",
      "; input 0: party 0, sfix[1000]",
      "; input 1: party 1, sfix[1000]",
      "; input 2: party 2, sfix[1000]",
      '; output 0: "average" sfix to all',
      "%0 = const [0] : p[1]  ; line 8",
      "%1 = lift %0 : s[1]  ; line 8",
      "%2 = input party 0, #0 : s[1000]  ; line 10",
      "%3 = sum %2 : s[1]  ; line 10",
      "%4 = add %1, %3 : s[1]  ; line 10",
      "%5 = input party 1, #1 : s[1000]  ; line 10",
      "%6 = sum %5 : s[1]  ; line 10",
      "%7 = add %4, %6 : s[1]  ; line 10",
      "%8 = input party 2, #2 : s[1000]  ; line 10",
      "%9 = sum %8 : s[1]  ; line 10",
      "%10 = add %7, %9 : s[1]  ; line 10",
      "%11 = divpub /3000, %10 : s[1]  ; line 11",
    ]);
  });

  it("seven rounds: the masked division, its exact correction (open, three ANDs batched for both comparisons, daBit), the output; inputs need none", () => {
    const loaded = compile(text, { defines: new Map([["EMPLOYEES", "1000"]]) }, "average_salary.mpc");
    expect(
      roundsOf(loaded.instructions).map(([s, e]) =>
        loaded.instructions
          .slice(s, e)
          .map((i) => i.op)
          .join(" "),
      ),
    ).toEqual(["DIVS", "OPEN OPEN", "ANDB", "ANDB", "ANDB", "B2A B2A", "OPEN"]);
    expect(loaded.program.preprocessing.find((n) => n.kind === "divmask")).toEqual({ kind: "divmask", param: 3000n, count: 1 });
    expect(disassemble(loaded)).toContain("; needs 1 × divmask/3000");
  });

  it("a program whose hash changes with -D", () => {
    const a = compile(text, { defines: new Map([["EMPLOYEES", "10"]]) });
    const b = compile(text, { defines: new Map([["EMPLOYEES", "11"]]) });
    expect(a.hash).not.toBe(b.hash);
    expect(compile(text, { defines: new Map([["EMPLOYEES", "10"]]) }).hash).toBe(a.hash);
  });
});
