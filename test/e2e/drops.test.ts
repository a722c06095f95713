// A party killed mid-run: under Shamir with more than 2t + 1 parties the others drop it, finish
// with the right result and say whom they dropped and when; with exactly 2t + 1 they stop cleanly.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorLines, ROOT, runCli, spawnNode } from "../cli/run-cli.js";
import { freePorts } from "../net-helpers.js";
import { CHAIN, chainResult } from "../net/mesh-helpers.js";
import type { DoomedParty } from "../net/fixtures/doomed-party.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-drops-"));
const ROUNDS = 30;
const VALUES = [123456789n, 987654321n, 555555555n];
const input = (p: number) => join(dir, `p${p}.csv`);

beforeAll(() => {
  writeFileSync(join(dir, "chain.mpc"), CHAIN);
  for (let p = 0; p < 5; p++) writeFileSync(input(p), p < VALUES.length ? `${VALUES[p]}\n` : "");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function compiled(name: string, parties: number): Promise<string> {
  const bc = join(dir, `${name}.bc`);
  const args = [
    "compile",
    join(dir, "chain.mpc"),
    "-o",
    bc,
    "-D",
    `ROUNDS=${ROUNDS}`,
    "--protocol",
    "shamir",
    "--parties",
    String(parties),
    "--threshold",
    "1",
  ];
  const r = await runCli("mpcc", args);
  expect(r.code, r.stderr).toBe(0);
  return bc;
}

async function partiesFile(name: string, parties: number): Promise<string> {
  const path = join(dir, name);
  const ports = await freePorts(parties);
  writeFileSync(path, JSON.stringify({ parties: ports.map((port) => ({ host: "127.0.0.1", port })) }));
  return path;
}

function doomed(o: DoomedParty) {
  return spawnNode(["--import", "tsx", join(ROOT, "test", "net", "fixtures", "doomed-party.ts"), JSON.stringify(o)]);
}

const run = (bc: string, p: number, config: string) =>
  runCli("mpcvm", ["run", bc, "--party", String(p), "--config", config, "--input", input(p), "--log", "json", "--round-timeout", "20"], 60_000);

describe("a party killed (SIGKILL) in the middle of a Shamir run", () => {
  it("with 4 parties and t = 1, the other three drop it, name it and the round, and finish with the right result", async () => {
    const bc = await compiled("four", 4);
    const config = await partiesFile("four.json", 4);
    const others = [0, 1, 2].map((p) => run(bc, p, config));
    const victim = doomed({ bytecode: bc, party: 3, config, input: input(3), at: 5, how: "SIGKILL" });
    const [r0, r1, r2, rv] = await Promise.all([...others, victim.done]);
    expect(rv!.stderr).toContain("SIGKILL after round 5");
    const expected = String(chainResult(VALUES[0]!, VALUES[1]!, VALUES[2]!, ROUNDS));
    for (const r of [r0!, r1!, r2!]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`x = ${expected}\n`);
      const events = r.stderr
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { event: string; message: string; round?: number; peer?: number });
      const drop = events.find((e) => e.event === "dropped");
      expect(drop, r.stderr).toBeDefined();
      expect(drop!.peer).toBe(3);
      // Round 6 is the first it never sent; its round-5 messages may have died with it.
      expect(drop!.message).toMatch(/^dropped party 3 at 127\.0\.0\.1:\d+ at round [56] \((disconnected|broke the connection)/);
    }
  });

  it("with 4 parties and t = 1, a party that falls silent (SIGSTOP) is dropped after the round timeout, and the others finish", async () => {
    const bc = await compiled("silent", 4);
    const config = await partiesFile("silent.json", 4);
    const victim = doomed({ bytecode: bc, party: 3, config, input: input(3), at: 4, how: "SIGSTOP" });
    try {
      const runs = await Promise.all(
        [0, 1, 2].map((p) => runCli("mpcvm", ["run", bc, "--party", String(p), "--config", config, "--input", input(p), "--round-timeout", "2"], 60_000)),
      );
      for (const r of runs) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toBe(`x = ${chainResult(VALUES[0]!, VALUES[1]!, VALUES[2]!, ROUNDS)}\n`);
        expect(r.stderr).toMatch(/dropped party 3 at 127\.0\.0\.1:\d+ at round [45] \(sent nothing within 2 s\)/);
      }
    } finally {
      victim.child.kill("SIGKILL");
      await victim.done;
    }
  });

  it("with 3 parties and t = 1 (no party to spare), the other two stop with a clear error naming it", async () => {
    const bc = await compiled("three", 3);
    const config = await partiesFile("three.json", 3);
    const others = [0, 1].map((p) => run(bc, p, config));
    const victim = doomed({ bytecode: bc, party: 2, config, input: input(2), at: 5, how: "SIGKILL" });
    const [r0, r1] = await Promise.all([...others, victim.done]);
    for (const r of [r0!, r1!]) {
      expect(r.code, r.stderr).toBe(5);
      const error = r.stderr
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { level: string; message: string })
        .filter((e) => e.level === "error");
      expect(error).toHaveLength(1);
      expect(error[0]!.message).toMatch(
        /round [56]: party 2 at 127\.0\.0\.1:\d+ (disconnected|broke the connection)|stopped the computation: round [56]: party 2/,
      );
      expect(errorLines(r).join("\n")).not.toMatch(/\n\s+at /);
    }
  });
});
