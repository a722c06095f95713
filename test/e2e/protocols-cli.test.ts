// Every program in programs/ as its parties would run it: one `mpcvm run` process per party over
// WebSockets on 127.0.0.1, without preprocessing, under replicated sharing and Shamir with 3 and
// 5 parties; every party prints what `mpcvm emulate` prints.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../cli/run-cli.js";
import { freePorts } from "../net-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-protocols-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEFINES: Record<string, string[]> = { average_salary: ["-D", "EMPLOYEES=1000"], hospital_costs: ["--ring", "128"] };
const data = (name: string, p: number) => (name === "average_salary" ? join(ROOT, "data", `p${p}.csv`) : join(ROOT, "programs", "data", name, `p${p}.csv`));

const CONFIGS = [
  { label: "replicated", flags: ["--protocol", "replicated"], parties: 3 },
  { label: "shamir, 3 parties", flags: ["--protocol", "shamir"], parties: 3 },
  { label: "shamir, 5 parties, t = 2", flags: ["--protocol", "shamir", "--parties", "5", "--threshold", "2"], parties: 5 },
];

const programs = readdirSync(join(ROOT, "programs"))
  .filter((f) => f.endsWith(".mpc"))
  .map((f) => f.slice(0, -4))
  .sort();

describe("mpcvm run, one process per party, no --prep", () => {
  for (const config of CONFIGS) {
    for (const name of programs) {
      it(`${name}.mpc (${config.label}) prints the emulator's outputs at every party`, async () => {
        const bc = join(dir, `${name}-${config.parties}-${config.label.split(",")[0]}.bc`);
        const compiled = await runCli("mpcc", ["compile", join(ROOT, "programs", `${name}.mpc`), "-o", bc, ...(DEFINES[name] ?? []), ...config.flags]);
        expect(compiled.code, compiled.stderr).toBe(0);
        const inputs = Array.from({ length: config.parties }, (_, p) => (p < 3 ? data(name, p) : null));
        const emulated = await runCli("mpcvm", ["emulate", bc, ...inputs.flatMap((path, p) => (path === null ? [] : ["--input", `${p}=${path}`]))]);
        expect(emulated.code, emulated.stderr).toBe(0);
        const ports = await freePorts(config.parties);
        const parties = join(dir, `${name}-${config.parties}.json`);
        writeFileSync(parties, JSON.stringify({ parties: ports.map((port) => ({ host: "127.0.0.1", port })) }));
        const runs = await Promise.all(
          inputs.map((path, p) =>
            runCli("mpcvm", ["run", bc, "--party", String(p), "--config", parties, "--quiet", ...(path === null ? [] : ["--input", path])], 120_000),
          ),
        );
        const everyone = (out: string) => out.split("\n").filter((line) => line !== "");
        runs.forEach((r, p) => {
          expect(r.code, r.stderr).toBe(0);
          // A party sees the outputs addressed to everyone and to itself: every line it prints is the emulator's.
          for (const line of everyone(r.stdout)) expect(everyone(emulated.stdout), `party ${p}`).toContain(line);
        });
        expect(everyone(runs[0]!.stdout).length).toBeGreaterThan(0);
      });
    }
  }
});
