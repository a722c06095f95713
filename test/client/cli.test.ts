// The commands a data owner and an operator type: mpcvm client-key, three mpcvm run processes
// waiting for clients, mpcvm submit from two companies, mpcvm fetch for the analyst, and their errors.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorLines, ROOT, runCli, type CliResult } from "../cli/run-cli.js";
import { freePorts } from "../net-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-client-cli-"));
const bc = join(dir, "avg.bc");
const example = (file: string) => join(ROOT, "examples", "clients", file);
let config = "";

function expectError(r: CliResult, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(errorLines(r)).toHaveLength(1);
  expect(errorLines(r)[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  expect((await runCli("mpcc", ["compile", example("average_salary.mpc"), "--parties", "3", "-o", bc])).code).toBe(0);
  expect((await runCli("mpcvm", ["preprocess", bc, "--out", join(dir, "prep")])).code).toBe(0);
  const entries = await Promise.all(
    ["company_a", "company_b", "analyst"].map(async (client) => {
      const r = await runCli("mpcvm", ["client-key", "--client", client, "--out", join(dir, "keys")]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(/^ {2}(\{"name".*)$/m.exec(r.stdout)![1]!) as object;
    }),
  );
  const ports = await freePorts(6);
  const parties = [0, 1, 2].map((p) => ({ host: "127.0.0.1", port: ports[p], clientPort: ports[3 + p], name: `org ${p}` }));
  config = join(dir, "parties.json");
  writeFileSync(config, JSON.stringify({ parties, clients: entries }, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const client = (command: string, name: string, extra: string[] = []) =>
  runCli("mpcvm", [command, bc, "--client", name, "--config", config, "--key", join(dir, "keys", `${name}.key`), "--timeout", "20", ...extra]);

describe("mpcvm submit and fetch with three mpcvm run processes", () => {
  it("runs once both companies have submitted; the analyst alone gets the average; a second submission is refused", async () => {
    const runs = [0, 1, 2].map((p) =>
      runCli("mpcvm", ["run", bc, "--party", String(p), "--config", config, "--prep", join(dir, "prep"), "--client-timeout", "20", "--fetch-timeout", "20"]),
    );
    const fetched = client("fetch", "analyst", ["--output", join(dir, "result.json"), "--quiet"]);
    const a = await client("submit", "company_a", ["--input", example("company_a.csv")]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/^mpcvm: client company_a: every party accepted submission [0-9a-f]{12}…$/m);
    expectError(
      await client("submit", "company_a", ["--input", example("company_a.csv")]),
      6,
      /^mpcvm: error: every party refused: client company_a has already submitted its inputs for this run \(submission [0-9a-f]{12}…\); a client submits once per run$/,
    );
    expect((await client("submit", "company_b", ["--input", example("company_b.csv"), "--quiet"])).code).toBe(0);
    const [f, ...parties] = await Promise.all([fetched, ...runs]);
    expect(f!.code, f!.stderr).toBe(0);
    const average = (52000 + 61000.5 + 48500 + 75250.25 + 58000 + 67000 + 59900 + 81200.75 + 45000 + 70000) / 10;
    expect(f!.stdout).toMatch(/^average \(to client analyst\) = [\d.]+\n$/);
    const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8")) as { average: number };
    expect(Math.abs(result.average - average)).toBeLessThanOrEqual(2 ** -16);
    for (const r of parties) {
      expect(r!.code, r!.stderr).toBe(0);
      expect(r!.stdout).toBe("");
      expect(r!.stderr).toMatch(/outputs: none for this party; clients analyst fetched theirs/);
      expect(r!.stderr).not.toContain(String(Math.floor(average)));
    }
  });

  it("ends with one clear line for an unknown client, a client without inputs, and a key parties.json does not name", async () => {
    expectError(
      await client("submit", "hospital_x", ["--input", example("company_a.csv")]),
      2,
      /^mpcvm: error: .*avg\.bc \(average_salary\.mpc\) has no client named 'hospital_x': its clients are company_a, company_b, analyst$/,
    );
    expectError(
      await client("submit", "analyst", ["--input", example("company_a.csv")]),
      2,
      /client analyst provides no inputs to .*avg\.bc: it only fetches outputs$/,
    );
    const noKeys = join(dir, "nokeys.json");
    const json = JSON.parse(readFileSync(config, "utf8")) as { clients: Array<{ name: string }> };
    writeFileSync(noKeys, JSON.stringify({ ...json, clients: json.clients.filter((c) => c.name !== "analyst") }));
    expectError(
      await runCli("mpcvm", ["run", bc, "--party", "0", "--config", noKeys, "--prep", join(dir, "prep")]),
      4,
      /nokeys\.json names no key for client analyst, which the program names: add \{"name": "analyst", "publicKey": …\} to its "clients" \(mpcvm client-key makes one\)$/,
    );
  });
});
