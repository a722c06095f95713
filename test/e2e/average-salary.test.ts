import { randomInt } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Vec } from "../../vm/domain/ring64.js";
import { decodeOutputs } from "../../vm/machine/outputs.js";
import { emulate } from "../../vm/machine/party.js";
import { runLocal } from "../../vm/session.js";
import { ROOT, runCli } from "../cli/run-cli.js";
import { compile, encodeInputs } from "../helpers.js";
import { writePartiesFile } from "../net-helpers.js";

const PROGRAM = readFileSync(join(ROOT, "programs", "average_salary.mpc"), "utf8");
/** Input rounding (2^-17 on average) plus the floor of the division (one unit of 2^-16). */
const ERROR_BOUND = 2 * 2 ** -16;

function salaries(count: number): number[] {
  return Array.from({ length: count }, () => randomInt(2_000_000, 20_000_000) / 100);
}

describe("average_salary.mpc, three parties over real WebSockets on 127.0.0.1", () => {
  const dir = mkdtempSync(join(tmpdir(), "mpc-avg-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reveals the same average to every party as the emulator computes, within the fixed-point bound", async () => {
    const loaded = compile(PROGRAM, { defines: new Map([["EMPLOYEES", "200"]]) }, "average_salary.mpc");
    const values = [salaries(200), salaries(200), salaries(200)];
    const inputs = encodeInputs(loaded, values);
    const results = await runLocal(loaded, inputs);
    const all = new Map<number, Vec>();
    for (const m of inputs) for (const [k, v] of m) all.set(k, v);
    const clear = decodeOutputs(loaded.program, await emulate(loaded, all, () => {})).average as number;
    const exact = values.flat().reduce((a, b) => a + b, 0) / 600;
    expect(Math.abs(clear - exact)).toBeLessThan(ERROR_BOUND);
    for (const r of results) {
      const secure = decodeOutputs(loaded.program, r.outputs).average as number;
      expect(secure).toBe(clear);
      expect(r.stats.rounds).toBe(7);
    }
  });

  it("works through the command line: mpcc compile, mpcvm preprocess, three mpcvm run processes, mpcvm emulate", async () => {
    const bc = join(dir, "avg.bc");
    const compiled = await runCli("mpcc", ["compile", "programs/average_salary.mpc", "-o", bc, "-D", "EMPLOYEES=100"]);
    expect(compiled.code).toBe(0);
    expect((await runCli("mpcvm", ["preprocess", bc, "--parties", "3", "--out", join(dir, "prep")])).code).toBe(0);
    const files = [0, 1, 2].map((p) => {
      const path = join(dir, `p${p}.csv`);
      writeFileSync(path, salaries(100).join("\n"));
      return path;
    });
    const config = join(dir, "parties.json");
    await writePartiesFile(config, 3);
    const runs = await Promise.all(
      [0, 1, 2].map((p) =>
        runCli("mpcvm", [
          "run",
          bc,
          "--party",
          String(p),
          "--config",
          config,
          "--input",
          files[p]!,
          "--prep",
          join(dir, "prep"),
          "--output",
          join(dir, `out${p}.json`),
          "--quiet",
        ]),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const emulated = await runCli("mpcvm", ["emulate", bc, ...files.flatMap((f, p) => ["--input", `${p}=${f}`]), "--output", join(dir, "clear.json")]);
    expect(emulated.code).toBe(0);
    const clear = JSON.parse(readFileSync(join(dir, "clear.json"), "utf8")).average as number;
    for (const p of [0, 1, 2]) {
      const secure = JSON.parse(readFileSync(join(dir, `out${p}.json`), "utf8")).average as number;
      expect(Math.abs(secure - clear)).toBeLessThanOrEqual(2 * 2 ** -16);
      expect(runs[p]!.stdout).toMatch(/^average = \d+\.\d+\n$/);
    }
  });

  it("runs every party in one command with mpcvm local", async () => {
    const bc = join(dir, "avg-local.bc");
    expect((await runCli("mpcc", ["compile", "programs/average_salary.mpc", "-o", bc, "-D", "EMPLOYEES=1000"])).code).toBe(0);
    const inputs = [0, 1, 2].flatMap((p) => ["--input", `${p}=data/p${p}.csv`]);
    const local = await runCli("mpcvm", ["local", bc, ...inputs, "--output", join(dir, "local.json")]);
    const clear = await runCli("mpcvm", ["emulate", bc, ...inputs]);
    expect(local.code, local.stderr).toBe(0);
    const secure = JSON.parse(readFileSync(join(dir, "local.json"), "utf8")).average as number;
    const expected = Number(/average = (\S+)/.exec(clear.stdout)![1]);
    expect(Math.abs(secure - expected)).toBeLessThanOrEqual(2 * 2 ** -16);
  });
});
