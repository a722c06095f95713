// Round scheduling: in every straight-line block, interactive instructions that do not depend
// on each other share a round, so a block takes exactly as many rounds as its longest chain of
// dependent interactive instructions — all opens of a round travel in one message per peer.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { blocksOf, segmentsIn } from "../../compiler/report/blocks.js";
import { registersRead, registersWritten, roundsOf } from "../../vm/bytecode/analysis.js";
import { decodeProgram } from "../../vm/bytecode/codec.js";
import type { LoadedProgram } from "../../vm/bytecode/program.js";
import { isInteractive } from "../../vm/isa.js";
import { compiled } from "./helpers.js";

/** For each block: [rounds it takes, longest chain of dependent interactive instructions in it]. */
function roundsAndChains({ instructions }: LoadedProgram): Array<[number, number]> {
  const rounds = roundsOf(instructions);
  return segmentsIn(blocksOf(instructions)).map(({ start, end }) => {
    const chain = new Map<number, number>();
    let longest = 0;
    for (let i = start; i < end; i++) {
      const ins = instructions[i]!;
      const before = Math.max(0, ...registersRead(ins).map((r) => chain.get(r) ?? 0));
      const mine = before + (isInteractive(ins.op) ? 1 : 0);
      longest = Math.max(longest, mine);
      for (const r of registersWritten(ins)) chain.set(r, mine);
    }
    return [rounds.filter(([s]) => s >= start && s < end).length, longest];
  });
}

describe("round scheduling", () => {
  it("sends the opens of several lines that do not depend on each other in one round", () => {
    const loaded = compiled(
      [
        "a = input(sint, party=0)",
        "b = input(sint, party=1)",
        "x = reveal(a * b)",
        "print(x)",
        'output(a + b, name="sum")',
        'output(a - b, name="diff", to=1)',
        'output(a * b + 1, name="next")',
        "y = reveal(a)",
        "print(y)",
      ].join("\n"),
      true,
    );
    const kinds = roundsOf(loaded.instructions).map(([s, e]) =>
      loaded.instructions
        .slice(s, e)
        .map((i) => i.op)
        .join(" "),
    );
    expect(kinds).toEqual(["MULS OPEN OPEN OPEN", "OPEN OPEN"]);
  });

  const dir = join(import.meta.dirname, "..", "programs");
  const corpus = readdirSync(dir)
    .filter((f) => f.endsWith(".mpc") && !f.startsWith("lib_"))
    .sort();
  it("takes no more rounds than the longest chain in any block of the corpus, with the passes and without", () => {
    for (const file of corpus) {
      const text = readFileSync(join(dir, file), "utf8");
      if (/^# error:/m.test(text)) continue;
      const defines = new Map([...text.matchAll(/^# define: (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as [string, string]));
      for (const optimize of [true, false]) {
        const result = compileSource(join(dir, file), text, { defines, optimize, verifyIr: true });
        for (const [rounds, chain] of roundsAndChains(decodeProgram(result.output!.bytes))) expect(rounds, file).toBe(chain);
      }
    }
  });
});
