import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { MAX_CLIENTS, MAX_FRAC_BITS, MAX_NESTING, MAX_PARTIES, MAX_REGISTER_LENGTH } from "../../vm/bytecode/limits.js";
import { compile, compileErrors } from "../helpers.js";

/** `if reveal(x) > n:` nested by a recursive function, `depth` deep. */
function nestedIfs(depth: number): string {
  return `x = input(sint, party=0)\ndef f(n):\n    if n > 0:\n        if reveal(x) > n:\n            print(n)\n            f(n - 1)\nf(${depth})\n`;
}

describe("the compiler keeps the limits of vm/bytecode/limits.ts, with diagnostics at the line", () => {
  it("refuses a vector longer than a register holds", () => {
    const half = MAX_REGISTER_LENGTH / 2 + 1;
    const errors = compileErrors(`x = input(sint[${half}], party=0)\ny = input(sint[${half}], party=1)\noutput(sum(concat(x, y)), name="s")\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`test.mpc:3:12: error MPC0601: a vector of ${2 * half} elements exceeds the limit of ${MAX_REGISTER_LENGTH} elements`);
  });

  it("refuses if blocks on revealed values nested past MAX_NESTING, and compiles them at the limit", () => {
    expect(compile(nestedIfs(MAX_NESTING)).instructions.filter((i) => i.op === "IF")).toHaveLength(MAX_NESTING);
    const errors = compileErrors(nestedIfs(MAX_NESTING + 1));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`test.mpc:4:12: error MPC0601: the nesting of if and while on revealed values exceeds the limit of ${MAX_NESTING} levels`);
  });

  it("refuses source blocks and brackets nested past MAX_NESTING instead of overflowing the parser's stack", () => {
    const brackets = `x = ${"(".repeat(4 * MAX_NESTING)}1${")".repeat(4 * MAX_NESTING)}\nprint(x)\n`;
    expect(compileErrors(brackets)[0]).toContain(`test.mpc:1:${5 + MAX_NESTING}: error MPC0106: blocks and brackets nest more than ${MAX_NESTING} deep here`);
    const lines = Array.from({ length: 10 * MAX_NESTING }, (_, i) => `${" ".repeat(i)}if x > ${i}:`);
    const blocks = `x = 1\n${lines.join("\n")}\n${" ".repeat(lines.length)}print(x)\n`;
    expect(compileErrors(blocks)[0]).toContain(`blocks and brackets nest more than ${MAX_NESTING} deep here`);
    const fine = `x = ${"(".repeat(MAX_NESTING)}1${")".repeat(MAX_NESTING)}\nprint(x)\n`;
    expect(compileErrors(fine)).toEqual([]);
  });

  it("refuses a client past MAX_CLIENTS", () => {
    const lines = Array.from({ length: MAX_CLIENTS + 1 }, (_, i) => `x${i} = input(sint, client="c${i}")\noutput(x${i}, name="o${i}")`);
    const errors = compileErrors(`${lines.join("\n")}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`the number of clients exceeds the limit of ${MAX_CLIENTS}`);
  });

  it("refuses options past the limits as the caller's mistake", () => {
    expect(() => compileSource("t.mpc", "print(1)\n", { parties: MAX_PARTIES + 1 })).toThrow(`parties is ${MAX_PARTIES + 1}; expected 2 to ${MAX_PARTIES}`);
    expect(() => compileSource("t.mpc", "print(1)\n", { fracBits: MAX_FRAC_BITS + 1 })).toThrow(RangeError);
  });
});
