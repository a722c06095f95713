import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writePartiesFile } from "../net-helpers.js";
import { errorLines, runCli, spawnNode, type CliResult } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-cli-"));
const avg = join(dir, "avg.bc");
const other = join(dir, "other.bc");

/** One error line, the given exit code, and no stack trace. */
function expectOneLineError(result: CliResult, code: number, message: RegExp): void {
  expect(result.code).toBe(code);
  expect(errorLines(result)).toHaveLength(1);
  expect(errorLines(result)[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  await runCli("mpcc", ["compile", "programs/average_salary.mpc", "-o", avg, "-D", "EMPLOYEES=4"]);
  writeFileSync(join(dir, "other.mpc"), "x = input(sint, party=0)\ny = input(sint, party=1)\nz = input(sint, party=2)\noutput(x * y * z, name='p')\n");
  await runCli("mpcc", ["compile", join(dir, "other.mpc"), "-o", other]);
  await runCli("mpcvm", ["preprocess", avg, "--out", join(dir, "prep-avg")]);
  await runCli("mpcvm", ["preprocess", other, "--out", join(dir, "prep-other")]);
  writeFileSync(join(dir, "four.csv"), "1\n2\n3\n4\n");
  writeFileSync(join(dir, "three.csv"), "1, 2, 3\n");
  writeFileSync(join(dir, "one.csv"), "7\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(bc: string, party: number, extra: string[]): Promise<CliResult> {
  return runCli("mpcvm", ["run", bc, "--party", String(party), "--config", "parties.json", ...extra]);
}

describe("mpcvm run refuses bad input with one line naming the problem", () => {
  it("a party that does not exist", async () => {
    const r = await run(avg, 3, ["--input", join(dir, "four.csv"), "--prep", join(dir, "prep-avg")]);
    expectOneLineError(r, 2, /^mpcvm: error: --party 3: the program has 3 parties, numbered 0 to 2$/);
  });

  it("a missing input file", async () => {
    const r = await run(avg, 0, ["--input", join(dir, "nope.csv"), "--prep", join(dir, "prep-avg")]);
    expectOneLineError(r, 4, /the input file .*nope\.csv does not exist$/);
  });

  it("an input file with too few values", async () => {
    const r = await run(avg, 0, ["--input", join(dir, "three.csv"), "--prep", join(dir, "prep-avg")]);
    expectOneLineError(r, 4, /three\.csv has 3 values, but the program reads 4 from party 0 \(input\(\) at line 10 of average_salary\.mpc\)$/);
  });

  it("a value that is not a number", async () => {
    writeFileSync(join(dir, "bad.csv"), "1\n2\nthree\n4\n");
    const r = await run(avg, 0, ["--input", join(dir, "bad.csv"), "--prep", join(dir, "prep-avg")]);
    expectOneLineError(r, 4, /bad\.csv:3: 'three' is not a number$/);
  });

  it("a preprocessing directory for another program", async () => {
    const r = await run(avg, 0, ["--input", join(dir, "four.csv"), "--prep", join(dir, "prep-other")]);
    expectOneLineError(r, 4, /party0\.prep was made for another program/);
  });

  it("a bytecode file that is not one", async () => {
    writeFileSync(join(dir, "junk.bc"), "this is not bytecode");
    const r = await run(join(dir, "junk.bc"), 0, ["--prep", join(dir, "prep-avg")]);
    expectOneLineError(r, 4, /junk\.bc: not a bytecode file/);
  });

  it("a bytecode file for another program than the other parties run", async () => {
    const config = join(dir, "parties.json");
    await writePartiesFile(config, 3);
    const common = ["--config", config, "--connect-timeout", "4", "--quiet"];
    const [p0, p1] = await Promise.all([
      runCli("mpcvm", ["run", avg, "--party", "0", "--input", join(dir, "four.csv"), "--prep", join(dir, "prep-avg"), ...common]),
      runCli("mpcvm", ["run", other, "--party", "1", "--input", join(dir, "one.csv"), "--prep", join(dir, "prep-other"), ...common]),
    ]);
    expectOneLineError(p1!, 6, /party 0 at 127\.0\.0\.1:\d+ refused the connection: party 1 runs a different program/);
    expectOneLineError(p0!, 6, /could not connect within 4 s to party 1 at 127\.0\.0\.1:\d+ \(refused: party 1 runs a different program .*\), party 2 at/);
  });
});

describe("mpcc refuses bad programs", () => {
  it("prints diagnostics with positions and exits 3", async () => {
    writeFileSync(join(dir, "broken.mpc"), "x = input(sfix[3], party=0)\ny = x +\n");
    const r = await runCli("mpcc", ["compile", join(dir, "broken.mpc"), "-o", join(dir, "broken.bc")]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("broken.mpc:2:8: error MPC0201: expected an expression but found the end of the line");
    expect(r.stderr).toContain("   2 | y = x +");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("names an unknown -D constant", async () => {
    const r = await runCli("mpcc", ["compile", "programs/average_salary.mpc", "-o", join(dir, "x.bc"), "-D", "EMPLOYES=5"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("-D EMPLOYES: the program has no module-level constant 'EMPLOYES' to override");
  });
});

describe("mpcvm run without its peers", () => {
  it("retries for the connect timeout, then names the parties it could not reach", async () => {
    const config = join(dir, "alone.json");
    await writePartiesFile(config, 3);
    const started = Date.now();
    const r = await runCli("mpcvm", [
      "run",
      avg,
      "--party",
      "1",
      "--config",
      config,
      "--input",
      join(dir, "four.csv"),
      "--prep",
      join(dir, "prep-avg"),
      "--connect-timeout",
      "2",
      "--quiet",
    ]);
    expectOneLineError(
      r,
      5,
      /^mpcvm: error: could not connect within 2 s to party 0 at 127\.0\.0\.1:\d+ \(nothing is listening there yet\), party 2 at 127\.0\.0\.1:\d+ \(it has not connected to this party\)$/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("a reader that stops early", () => {
  it("ends mpcc disasm quietly: exit 0, no stack trace", async () => {
    // Far more than a pipe holds, so the writer is still writing when the reader goes.
    writeFileSync(join(dir, "long.mpc"), "from sort import sort\nx = input(sint[1000], party=0)\noutput(sort(x), name='s')\n");
    await runCli("mpcc", ["compile", join(dir, "long.mpc"), "-o", join(dir, "long.bc")]);
    const { child, done } = spawnNode([join("dist", "cli", "mpcc.js"), "disasm", join(dir, "long.bc")]);
    child.stdout!.once("data", () => child.stdout!.destroy());
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
  });
});
