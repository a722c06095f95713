// The report on the command line: mpcc compile --report [text|json|dot], mpcc report with
// --format and --source, and -O0, as a user runs them.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mpcc and the report", () => {
  it("compile --report json prints the report; report --format text|dot reads it back from the .bc", async () => {
    const bc = join(dir, "avg.bc");
    const compiled = await runCli("mpcc", ["compile", "programs/average_salary.mpc", "-o", bc, "--report", "json"]);
    expect(compiled.code).toBe(0);
    const json = JSON.parse(compiled.stdout) as { rounds: { total: number }; lines: Array<{ text?: string }> };
    expect(json.lines[0]!.text).toBe('output(total / (PARTIES * EMPLOYEES), name="average")');
    const text = await runCli("mpcc", ["report", bc, "--source", "programs/average_salary.mpc"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Online rounds           ${json.rounds.total}   (`);
    expect(text.stdout).toContain('output(total / (PARTIES * EMPLOYEES), name="average")');
    const dot = await runCli("mpcc", ["report", bc, "--format", "dot"]);
    expect(dot.stdout).toMatch(/^digraph rounds \{/);
  });

  it("-O0 turns the passes off, which the report shows", async () => {
    const src = join(dir, "product.mpc");
    writeFileSync(src, 'x = input(sint[16], party=0)\np = x[0]\nfor i in range(1, 16):\n    p = p * x[i]\noutput(p, name="p")\n');
    const depth = async (flags: string[]): Promise<number> => {
      const r = await runCli("mpcc", ["compile", src, "-o", join(dir, "p.bc"), "--report", "json", ...flags]);
      return (JSON.parse(r.stdout) as { multiplicativeDepth: number }).multiplicativeDepth;
    };
    expect(await depth([])).toBe(4);
    expect(await depth(["-O0"])).toBe(15);
  });

  it("refuses an unknown report format with a usage error", async () => {
    const r = await runCli("mpcc", ["compile", "programs/average_salary.mpc", "-o", join(dir, "x.bc"), "--report", "xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report xml: expected text, json or dot/);
  });
});
