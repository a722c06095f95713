// The passes preserve results exactly: random small programs, and every program of the language
// corpus, reveal the same values (run in the clear) with the passes on as at -O0.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { decodeProgram } from "../../vm/bytecode/codec.js";
import { corpusClientValues } from "../helpers.js";
import { compiled, emulated } from "./helpers.js";

const N = 4;

/** A random program over two secret vectors and a scalar, with an if on a revealed value halfway. */
const program = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 13 }), fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 14 })
  .map((steps) => {
    const lines = [`x = input(sint[${N}], party=0)`, `y = input(sint[${N}], party=1)`, "s = input(sint, party=0)"];
    const vectors = ["x", "y"];
    const scalars = ["s"];
    const half = Math.floor(steps.length / 2);
    steps.forEach(([kind, i, j, k, c], n) => {
      // Halfway, an if on a revealed value: later statements may or may not depend on it.
      if (n === half) {
        lines.push(
          `if reveal(${scalars[scalars.length - 1]} > 0):`,
          `    r = ${vectors[vectors.length - 1]} * 2`,
          "else:",
          `    r = ${vectors[vectors.length - 1]} * ${scalars[0]}`,
        );
        vectors.push("r");
      }
      const v = (m: number): string => vectors[m % vectors.length]!;
      const s = (m: number): string => scalars[m % scalars.length]!;
      const name = `t${n}`;
      const vector = [
        `${v(i)} + ${v(j)}`,
        `${v(i)} * ${v(j)}`,
        `${v(i)} * ${s(j)} - ${c}`,
        `${v(i)} * ${v(j)} * ${v(k)}`,
        `${v(i)}[::-1] + ${v(j)}`,
        `${v(i)} if ${s(j)} < ${s(k)} else ${v(k)}`,
        `${v(i)} - ${v(j)} - ${v(k)} + ${v(i)}`,
      ];
      const scalar = [
        `sum(${v(i)})`,
        `${v(i)}[${j % N}] * ${v(j)}[${k % N}] + ${v(i)}[${j % N}] * ${v(j)}[${k % N}]`,
        `${s(i)} * ${s(j)} * ${s(k)} * ${s(i)}`,
        `${v(i)}[0] + ${v(i)}[1] + ${v(i)}[2] + ${c}`,
        `(${s(i)} == ${s(j)}) + ${s(k)} * 0`,
        `sum(${v(i)} * ${v(j)}) - ${s(k)} * 1`,
        `${s(i)} - ${s(j)} - ${s(k)} * ${s(i)}`,
      ];
      if (kind < vector.length) {
        lines.push(`${name} = ${vector[kind]}`);
        vectors.push(name);
      } else {
        lines.push(`${name} = ${scalar[kind - vector.length]}`);
        scalars.push(name);
      }
    });
    lines.push('output(r, name="r")');
    scalars.forEach((s, i) => lines.push(`output(${s}, name="s${i}")`));
    vectors.slice(2).forEach((v, i) => lines.push(`output(${v}, name="v${i}")`));
    return `${lines.join("\n")}\n`;
  });

const values = fc.tuple(
  fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: N, maxLength: N }),
  fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: N, maxLength: N }),
  fc.integer({ min: -1000, max: 1000 }),
);

describe("the passes preserve what a program reveals", () => {
  it("on random programs", async () => {
    await fc.assert(
      fc.asyncProperty(program, values, async (text, [x, y, s]) => {
        const inputs = [[...x, s], y];
        const plain = await emulated(compiled(text, false), inputs);
        const optimised = await emulated(compiled(text, true), inputs);
        expect(optimised).toEqual(plain);
      }),
      { numRuns: 60 },
    );
  });

  const dir = join(import.meta.dirname, "..", "programs");
  const corpus = readdirSync(dir)
    .filter((f) => f.endsWith(".mpc") && !f.startsWith("lib_"))
    .sort();
  it.each(corpus)("on the corpus: %s", async (file) => {
    const path = join(dir, file);
    const text = readFileSync(path, "utf8");
    const inputs: string[][] = [];
    for (const m of text.matchAll(/^# input (\d+):(.*)$/gm)) inputs[Number(m[1])] = m[2]!.split(/[\s,]+/).filter((t) => t !== "");
    const defines = new Map([...text.matchAll(/^# define: (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as [string, string]));
    const results = [false, true].map((optimize) => compileSource(path, text, { optimize, defines, verifyIr: true }));
    if (results[0]!.output === null) {
      expect(results[1]!.output).toBeNull();
      return;
    }
    const [plain, optimised] = await Promise.all(
      results.map((r) => decodeProgram(r.output!.bytes)).map((loaded) => emulated(loaded, inputs, corpusClientValues(loaded, text))),
    );
    expect(optimised).toEqual(plain);
  });
});
