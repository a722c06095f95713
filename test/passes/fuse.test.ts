// Fusion: a converted bit times a secret value (also through a public factor) becomes one bit
// product, a round less than B2A then MULS, with the same outputs; anything else stays as it was.

import { describe, expect, it } from "vitest";
import { roundsOf } from "../../vm/bytecode/analysis.js";
import { compile, secureAndClear } from "../helpers.js";

const PROGRAM = `x = input(sint[6], party=0)
y = input(sint[6], party=1)
c = x < y
output(x if c else y, name="least")
output(x - 2 * c * x, name="flipped")
output(c * 5, name="scaled")
`;

describe("fuse", () => {
  it("turns a select after a comparison into one bit product, a round less, with the same outputs", async () => {
    const fused = compile(PROGRAM, { parties: 3 });
    const plain = compile(PROGRAM, { parties: 3, optimize: false });
    const ops = (l: typeof fused): string[] => l.instructions.map((i) => i.op);
    expect(ops(fused).filter((op) => op === "BMULS")).toHaveLength(2);
    expect(ops(fused)).not.toContain("MULS");
    expect(ops(plain)).not.toContain("BMULS");
    expect(roundsOf(fused.instructions).length).toBe(roundsOf(plain.instructions).length - 1);
    const x = [5, -3, 0, 7, -(2 ** 40), 2 ** 62];
    const y = [2, 4, 0, 7, 2 ** 40, -(2 ** 62)];
    const { secure, clear } = await secureAndClear(fused, [x, y, []]);
    for (const s of secure) expect(s).toEqual(clear);
    expect((clear.least as number[]).map(Number)).toEqual(x.map((v, i) => Math.min(v, y[i]!)));
    expect((clear.flipped as number[]).map(Number)).toEqual(x.map((v, i) => (v < y[i]! ? -v : v)));
    expect(clear.scaled).toEqual(x.map((v, i) => (v < y[i]! ? 5 : 0)));
  });
});
