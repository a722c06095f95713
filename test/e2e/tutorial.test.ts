// docs/tutorial.md shows real commands and their real output: each `console` block's commands
// run (through the built CLI) on the program of the `python` block above it, and print exactly
// the lines shown. Its last program is programs/pay_gap.mpc. After a change that moves the
// figures: UPDATE_TUTORIAL=1 npx vitest run test/e2e/tutorial.test.ts rewrites the outputs
// (then check the prose around them).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../cli/run-cli.js";

const PATH = join(ROOT, "docs", "tutorial.md");
const BLOCK = /```(python|console)\n([\s\S]*?)```/g;

interface Command {
  readonly program: string;
  readonly line: string;
  readonly expected: string[];
}

/** The commands of one console block: each `$ ` line and the lines printed after it. */
function parseConsole(body: string): Array<{ line: string; expected: string[] }> {
  return body
    .split(/^\$ /m)
    .filter((c) => c.trim() !== "")
    .map((chunk) => {
      const [line, ...expected] = chunk.trimEnd().split("\n");
      return { line: line!, expected };
    });
}

/** Every command of the console blocks, with the program it runs on. */
function commands(doc: string): Command[] {
  const found: Command[] = [];
  let program = "";
  for (const [, kind, body] of doc.matchAll(BLOCK)) {
    if (kind === "python") program = body!;
    else for (const c of parseConsole(body!)) found.push({ program, ...c });
  }
  return found;
}

describe("docs/tutorial.md", () => {
  const doc = readFileSync(PATH, "utf8");
  const dir = mkdtempSync(join(tmpdir(), "mpc-tutorial-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** What a command prints when run on `program`, as the tutorial shows it. */
  async function printed(program: string, line: string): Promise<string[]> {
    writeFileSync(join(dir, "pay_gap.mpc"), program);
    const [npx, tool, ...args] = line.split(/\s+/);
    expect(npx).toBe("npx");
    const local = args.map((a) => (a === "pay_gap.mpc" || a === "pay_gap.bc" ? join(dir, a) : a));
    const result = await runCli(tool as "mpcc" | "mpcvm", local, 60_000);
    expect(result.code, `${line}\n${result.stderr}`).toBe(0);
    // Blank lines inside the output stay (the report is laid out with them); those at its ends go.
    const out = result.stdout.replace(/^\n+/, "").trimEnd();
    const lines = [...result.stderr.split("\n").filter((l) => l !== ""), ...(out === "" ? [] : out.split("\n"))];
    return lines.map((l) => l.replaceAll(`${dir}/`, ""));
  }

  it("ends with programs/pay_gap.mpc as it is", () => {
    const programs = [...doc.matchAll(BLOCK)].filter(([, kind]) => kind === "python").map(([, , body]) => body);
    expect(programs.length).toBeGreaterThanOrEqual(4);
    expect(programs[programs.length - 1]).toBe(readFileSync(join(ROOT, "programs", "pay_gap.mpc"), "utf8"));
  });

  it("prints what it says for every command it shows", async () => {
    const all = commands(doc);
    expect(all.length).toBeGreaterThanOrEqual(10);
    if (process.env.UPDATE_TUTORIAL) {
      let program = "";
      const pieces: string[] = [];
      let last = 0;
      for (const m of doc.matchAll(BLOCK)) {
        const [, kind, body] = m;
        if (kind === "python") {
          program = body!;
          continue;
        }
        let text = "";
        for (const { line } of parseConsole(body!)) text += `$ ${line}\n${(await printed(program, line)).map((l) => `${l}\n`).join("")}`;
        pieces.push(doc.slice(last, m.index), "```console\n", text, "```");
        last = m.index! + m[0].length;
      }
      writeFileSync(PATH, pieces.join("") + doc.slice(last));
      return;
    }
    for (const { program, line, expected } of all) expect(await printed(program, line), line).toEqual(expected);
  });
});
