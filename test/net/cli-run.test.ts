import { createHash } from "node:crypto";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProgram, writePrep } from "../../vm/files.js";
import { errorLines, ROOT, runCli, spawnNode, TEST_STATE_HOME, type CliResult } from "../cli/run-cli.js";
import { freePorts } from "../net-helpers.js";
import type { DoomedParty } from "./fixtures/doomed-party.js";
import { CHAIN, chainResult } from "./mesh-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-cli-run-"));
const ROUNDS = 12;
const VALUES = [123456789n, 987654321n, 555555555n];
const bc = join(dir, "chain.bc");
const input = (p: number) => join(dir, `p${p}.csv`);
const key = (p: number) => join(dir, "keys", `party${p}.key`);
const cert = (p: number) => join(dir, "keys", `party${p}.crt`);
let entries: object[] = [];

beforeAll(async () => {
  writeFileSync(join(dir, "chain.mpc"), CHAIN);
  expect((await runCli("mpcc", ["compile", join(dir, "chain.mpc"), "-o", bc, "-D", `ROUNDS=${ROUNDS}`])).code).toBe(0);
  VALUES.forEach((v, p) => writeFileSync(input(p), `${v}\n`));
  // Each organisation makes its keys and prints its parties.json entry, as docs/operating.md says.
  const made = await Promise.all(
    [0, 1, 2].map((p) => runCli("mpcvm", ["keys", "--party", String(p), "--out", join(dir, "keys"), "--name", `org ${p}`, "--host", "127.0.0.1"])),
  );
  entries = made.map((r) => JSON.parse(/^ {2}(\{"host".*)$/m.exec(r.stdout)![1]!) as object);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A parties.json with the entries `mpcvm keys` printed, on free loopback ports. */
async function partiesFile(name: string): Promise<string> {
  const path = join(dir, name);
  const ports = await freePorts(entries.length);
  const parties = entries.map((entry, i) => ({ ...entry, port: ports[i] }));
  writeFileSync(path, JSON.stringify({ parties }, null, 2));
  return path;
}

function freshPrep(name: string): string {
  const prep = join(dir, name);
  writePrep(loadProgram(bc), prep);
  return prep;
}

function runArgs(p: number, config: string, prep: string, extra: string[] = []): string[] {
  return ["run", bc, "--party", String(p), "--config", config, "--prep", prep, "--input", input(p), "--key", key(p), "--cert", cert(p), ...extra];
}

function doomed(o: DoomedParty) {
  return spawnNode(["--import", "tsx", join(ROOT, "test", "net", "fixtures", "doomed-party.ts"), JSON.stringify(o)]);
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

function expectFailure(r: CliResult, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(errorLines(r)).toHaveLength(1);
  expect(errorLines(r)[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("mpcvm run across three organisations over TLS", () => {
  it("computes the result; logs each phase as JSON, without secrets; leaves inputs and preprocessing untouched; marks the preprocessing used", async () => {
    const config = await partiesFile("parties.json");
    const prep = freshPrep("prep-ok");
    const before = [0, 1, 2].flatMap((p) => [sha(input(p)), sha(join(prep, `party${p}.prep`))]);
    const out = (p: number) => join(dir, "out", `p${p}.json`);
    mkdirSync(join(dir, "out"));
    const runs = await Promise.all([0, 1, 2].map((p) => runCli("mpcvm", runArgs(p, config, prep, ["--log", "json", "--output", out(p)]))));
    const expected = String(chainResult(VALUES[0]!, VALUES[1]!, VALUES[2]!, ROUNDS));
    for (const [p, r] of runs.entries()) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`x = ${expected}\n`);
      expect(JSON.parse(readFileSync(out(p), "utf8"))).toEqual({ x: expected });
      const lines = r.stderr
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { event: string; level: string; party: number });
      expect(lines.every((l) => l.party === p && l.level === "info")).toBe(true);
      expect(lines.map((l) => l.event)).toEqual([
        "loaded",
        "tls",
        "connecting",
        "connected",
        "connected",
        "ready",
        "prep-used",
        "round",
        "round",
        "round",
        "round",
        "round",
        "round",
        "round",
        "outputs",
        "done",
      ]);
      for (const secret of [...VALUES.map(String), expected]) expect(r.stderr).not.toMatch(new RegExp(`\\b${secret}\\b`));
    }
    expect(readdirSync(join(dir, "out")).sort()).toEqual(["p0.json", "p1.json", "p2.json"]);
    expect([0, 1, 2].flatMap((p) => [sha(input(p)), sha(join(prep, `party${p}.prep`))])).toEqual(before);
    expect(readdirSync(prep).sort()).toEqual(["party0.prep", "party1.prep", "party2.prep"]);
    const deal = (JSON.parse(runs[0]!.stderr.split("\n")[0]!) as { deal: string }).deal;
    for (const p of [0, 1, 2])
      expect(JSON.parse(readFileSync(join(TEST_STATE_HOME, "mpcvm", "used", `party${p}`, deal), "utf8"))).toMatchObject({ party: p, dealId: deal });

    const again = await runCli("mpcvm", runArgs(0, config, prep, ["--connect-timeout", "1"]));
    const used =
      /party0\.prep is from deal [0-9a-f]{12}…, which party 0 already used in a run at .*; using preprocessing twice breaks the secrecy of both runs: deal new files with mpcvm preprocess$/;
    expectFailure(again, 4, used);
    // A copy in a fresh folder is the same deal: refused too.
    const copy = join(dir, "prep-copy");
    cpSync(prep, copy, { recursive: true });
    expectFailure(await runCli("mpcvm", runArgs(0, config, copy, ["--connect-timeout", "1"])), 4, used);
  });

  it("a party killed in the middle of the run makes the other two exit 5, naming it and the round, at once", async () => {
    const config = await partiesFile("kill.json");
    const prep = freshPrep("prep-kill");
    const started = Date.now();
    const honest = [0, 1].map((p) => runCli("mpcvm", runArgs(p, config, prep, ["--round-timeout", "20", "--quiet"])));
    const victim = doomed({ bytecode: bc, party: 2, config, prep, input: input(2), key: key(2), cert: cert(2), at: 5, how: "SIGKILL" });
    const [r0, r1, rv] = await Promise.all([...honest, victim.done]);
    expect(rv!.stderr).toContain("SIGKILL after round 5");
    expect(rv!.code).toBeNull();
    // Round 6 is the first it never sent; its round-5 messages may have died with it.
    for (const r of [r0!, r1!])
      expectFailure(
        r,
        5,
        /^mpcvm: error: round [56]: party 2 \(org 2\) at 127\.0\.0\.1:\d+ (disconnected|broke the connection)|stopped the computation: round [56]: party 2 \(org 2\)/,
      );
    // Far sooner than the 20 s round timeout: a closed connection is noticed at once.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a party that freezes mid-run makes the others give up after the round timeout, naming it and the round", async () => {
    const config = await partiesFile("stall.json");
    const prep = freshPrep("prep-stall");
    const victim = doomed({ bytecode: bc, party: 2, config, prep, input: input(2), key: key(2), cert: cert(2), at: 4, how: "SIGSTOP" });
    try {
      const [r0, r1] = await Promise.all([0, 1].map((p) => runCli("mpcvm", runArgs(p, config, prep, ["--round-timeout", "2", "--quiet"]))));
      const stalled = /round [45]: party 2 \(org 2\) at 127\.0\.0\.1:\d+ sent nothing within 2 s$/;
      for (const r of [r0!, r1!]) expectFailure(r, 5, stalled);
    } finally {
      victim.child.kill("SIGKILL");
      await victim.done;
    }
  });

  it("Ctrl-C stops a party, and its peers learn why", async () => {
    const config = await partiesFile("interrupt.json");
    const prep = freshPrep("prep-interrupt");
    const victim = doomed({ bytecode: bc, party: 2, config, prep, input: input(2), key: key(2), cert: cert(2), at: 3, how: "SIGSTOP" });
    const p0 = spawnNode([join(ROOT, "dist", "cli", "mpcvm.js"), ...runArgs(0, config, prep, ["--round-timeout", "30"])]);
    const p1 = runCli("mpcvm", runArgs(1, config, prep, ["--round-timeout", "30", "--quiet"]));
    try {
      // Party 0 gets past round 2 and waits on the frozen party 2; then its operator presses Ctrl-C.
      let log = "";
      await new Promise<void>((resolve) => p0.child.stderr!.on("data", (d: Buffer) => /round 2 of/.test((log += d.toString())) && resolve()));
      p0.child.kill("SIGINT");
      const [r0, r1] = await Promise.all([p0.done, p1]);
      expectFailure(r0, 130, /^mpcvm: error: round [34]: stopped by its operator \(SIGINT\)$/);
      // Party 1 may still be in round 2 when the notice arrives: another peer's message can be late.
      expectFailure(
        r1!,
        5,
        /^mpcvm: error: round [234]: party 0 \(org 0\) at 127\.0\.0\.1:\d+ stopped the computation: round [34]: stopped by its operator \(SIGINT\)$/,
      );
    } finally {
      victim.child.kill("SIGKILL");
      await victim.done;
    }
  });

  it("refuses another deal's preprocessing at the handshake (exit 6), and another party's file before connecting (exit 4)", async () => {
    const config = await partiesFile("deal.json");
    const prep = freshPrep("prep-deal-a");
    const other = freshPrep("prep-deal-b");
    const common = ["--connect-timeout", "3", "--quiet"];
    const [r0, r1] = await Promise.all([runCli("mpcvm", runArgs(0, config, prep, common)), runCli("mpcvm", runArgs(1, config, other, common))]);
    expectFailure(
      r1,
      6,
      /party 0 \(org 0\) at 127\.0\.0\.1:\d+ refused the connection: party 1 runs preprocessing from a different deal \([0-9a-f]{12}… vs [0-9a-f]{12}…\)$/,
    );
    expectFailure(r0, 6, /\(refused: party 1 runs preprocessing from a different deal/);

    const swapped = join(dir, "prep-swapped");
    mkdirSync(swapped);
    copyFileSync(join(prep, "party1.prep"), join(swapped, "party0.prep"));
    expectFailure(await runCli("mpcvm", runArgs(0, config, swapped, common)), 4, /party0\.prep is party 1's preprocessing, not party 0's$/);
  });
});

describe("plain ws:// is for loopback only", () => {
  it("refuses to listen beyond this machine without certificates unless --insecure is given, and then warns", async () => {
    const config = join(dir, "plain.json");
    writeFileSync(config, JSON.stringify({ parties: (await freePorts(3)).map((port) => ({ host: "127.0.0.1", port })) }));
    const prep = freshPrep("prep-plain");
    const args = ["run", bc, "--party", "0", "--config", config, "--prep", prep, "--input", input(0), "--listen", "0.0.0.0", "--connect-timeout", "1"];
    expectFailure(await runCli("mpcvm", args), 2, /names no certificates, and 0\.0\.0\.0 is not on this machine: .* pass --insecure$/);
    const insecure = await runCli("mpcvm", [...args, "--insecure", "--quiet"]);
    expect(insecure.stderr).toMatch(/^mpcvm: party 0: warning: --insecure: connections are plain ws:\/\/, neither encrypted nor authenticated/m);
    expectFailure(insecure, 5, /could not connect within 1 s/);
  });

  it("needs --key once parties.json names certificates", async () => {
    const config = await partiesFile("nokey.json");
    const r = await runCli("mpcvm", ["run", bc, "--party", "0", "--config", config, "--prep", freshPrep("prep-nokey"), "--input", input(0)]);
    expectFailure(r, 2, /names certificates: give this party's private key with --key \(mpcvm keys makes one\)$/);
  });
});
