// docs/tutorial.md shows real commands and their real output: each `console` block's commands
// run (through the built CLI) on the program of the `python` block above it, and print exactly
// the lines shown. Its last program is programs/pay_gap.mpc.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../cli/run-cli.js";

const doc = readFileSync(join(ROOT, "docs", "tutorial.md"), "utf8");
const blocks = [...doc.matchAll(/```(python|console)\n([\s\S]*?)```/g)].map(([, kind, body]) => ({ kind: kind!, body: body! }));

interface Command {
  readonly program: string;
  readonly line: string;
  readonly expected: string[];
}

/** Every command of the console blocks, with the program it runs on and the lines it must print. */
function commands(): Command[] {
  const found: Command[] = [];
  let program = "";
  for (const block of blocks) {
    if (block.kind === "python") {
      program = block.body;
      continue;
    }
    for (const chunk of block.body.split(/^\$ /m).filter((c) => c.trim() !== "")) {
      const [line, ...output] = chunk.trimEnd().split("\n");
      found.push({ program, line: line!, expected: output });
    }
  }
  return found;
}

describe("docs/tutorial.md", () => {
  const dir = mkdtempSync(join(tmpdir(), "mpc-tutorial-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ends with programs/pay_gap.mpc as it is", () => {
    const programs = blocks.filter((b) => b.kind === "python").map((b) => b.body);
    expect(programs.length).toBeGreaterThanOrEqual(4);
    expect(programs[programs.length - 1]).toBe(readFileSync(join(ROOT, "programs", "pay_gap.mpc"), "utf8"));
  });

  it("prints what it says for every command it shows", async () => {
    const all = commands();
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const { program, line, expected } of all) {
      writeFileSync(join(dir, "pay_gap.mpc"), program);
      const [npx, tool, ...args] = line.split(/\s+/);
      expect(npx).toBe("npx");
      const local = args.map((a) => (a === "pay_gap.mpc" || a === "pay_gap.bc" ? join(dir, a) : a));
      const result = await runCli(tool as "mpcc" | "mpcvm", local, 60_000);
      expect(result.code, `${line}\n${result.stderr}`).toBe(0);
      const printed = [...result.stderr.split("\n"), ...result.stdout.split("\n")].filter((l) => l !== "").map((l) => l.replaceAll(`${dir}/`, ""));
      expect(printed, line).toEqual(expected);
    }
  });
});
