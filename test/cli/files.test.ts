import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeProgram } from "../../vm/bytecode/codec.js";
import { writePartiesFile } from "../net-helpers.js";
import { type CliResult, errorLines, ROOT, runCli, spawnNode, TEST_STATE_HOME } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-cli-files-"));
const bc = join(dir, "sum.bc");
const config = join(dir, "parties.json");
const input = (p: number) => join(dir, `in${p}.csv`);
let deals = 0;

beforeAll(async () => {
  writeFileSync(join(dir, "sum.mpc"), "x = input(sint[3000], party=0)\ny = input(sint, party=1)\noutput(sum(x) * y, name='s')\n");
  expect((await runCli("mpcc", ["compile", join(dir, "sum.mpc"), "-o", bc, "--parties", "2"])).code).toBe(0);
  writeFileSync(input(0), `${Array.from({ length: 3000 }, (_, i) => i).join("\n")}\n`);
  writeFileSync(input(1), "2\n");
  await writePartiesFile(config, 2);
  mkdirSync(join(dir, "locked"));
  chmodSync(join(dir, "locked"), 0o500);
});
afterAll(() => {
  chmodSync(join(dir, "locked"), 0o700);
  rmSync(dir, { recursive: true, force: true });
});

function expectOneLineError(r: CliResult, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(errorLines(r)).toHaveLength(1);
  expect(errorLines(r)[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

async function freshDeal(): Promise<string> {
  const prep = join(dir, `prep${deals++}`);
  expect((await runCli("mpcvm", ["preprocess", bc, "--out", prep])).code).toBe(0);
  return prep;
}

/** Party 1 alone: if it got as far as connecting it would fail after a second with exit 5, not 4. */
function runAlone(prep: string, extra: string[]): Promise<CliResult> {
  return runCli("mpcvm", ["run", bc, "--party", "1", "--config", config, "--prep", prep, "--input", input(1), "--connect-timeout", "1", ...extra]);
}

/** A directory files cannot be created in: read-only for a user, /sys for root (who ignores permissions). */
const unwritable = (): string => (process.getuid?.() === 0 ? "/sys" : join(dir, "locked"));

describe("a bad --output is refused before connecting, and the preprocessing stays unused", () => {
  const cases: Array<[string, () => string, RegExp]> = [
    [
      "under /proc (it used to hang in a recursive mkdir)",
      () => "/proc/nope/out.json",
      /cannot write \/proc\/nope\/out\.json: the directory \/proc\/nope does not exist/,
    ],
    [
      "in a directory this user cannot write",
      () => join(unwritable(), "out.json"),
      /cannot write .*out\.json: cannot create files in .*: (permission denied|the file system is read-only)$/,
    ],
    [
      "a device such as /dev/stdout, which stays a link",
      () => "/dev/stdout",
      /cannot write \/dev\/stdout: it is a (pipe|socket), not a regular file \(use - to write to standard output\)$/,
    ],
    [
      "in a directory that does not exist, which is not created",
      () => join(dir, "missing", "out.json"),
      /the directory .*missing does not exist \(create it first; it is not created for you\)$/,
    ],
  ];
  for (const [what, path, message] of cases) {
    it(what, async () => {
      const prep = await freshDeal();
      const r = await runAlone(prep, ["--output", path(), "--log", "json"]);
      expect(r.code, r.stderr).toBe(4);
      const lines = r.stderr
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { event: string; message: string });
      expect(lines.map((l) => l.event)).toEqual(["error"]);
      expect(lines[0]!.message).toMatch(message);
      expect(existsSync(join(dir, "missing"))).toBe(false);
      expect(lstatSync("/dev/stdout").isSymbolicLink()).toBe(true);
      // The deal was not recorded: the same files get as far as connecting.
      expectOneLineError(await runAlone(prep, ["--quiet"]), 5, /could not connect within 1 s to party 0/);
    });
  }
});

describe("'-' is standard output everywhere a file is written", () => {
  it("mpcc compile -o - writes the bytecode to standard output, and no file named '-'", async () => {
    const { child, done } = spawnNode([join(ROOT, "dist", "cli", "mpcc.js"), "compile", join(dir, "sum.mpc"), "-o", "-", "--parties", "2"]);
    const chunks: Buffer[] = [];
    child.stdout!.removeAllListeners("data");
    child.stdout!.on("data", (d: Buffer) => chunks.push(d));
    const r = await done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^mpcc: wrote the bytecode to standard output: 2 parties/);
    expect(decodeProgram(Buffer.concat(chunks)).hash).toBe(decodeProgram(readFileSync(bc)).hash);
    expect(existsSync(join(ROOT, "-"))).toBe(false);
  });

  it("mpcc compile -o - refuses to mix text into the bytecode", async () => {
    expectOneLineError(
      await runCli("mpcc", ["compile", join(dir, "sum.mpc"), "-o", "-", "--disasm"]),
      2,
      /-o - writes the bytecode to standard output; --disasm would print text into it$/,
    );
  });

  it("mpcc report -o - and -o FILE", async () => {
    const toStdout = await runCli("mpcc", ["report", bc, "--format", "json", "-o", "-"]);
    expect(toStdout.code).toBe(0);
    expect(JSON.parse(toStdout.stdout)).toHaveProperty("schema");
    const out = join(dir, "report.json");
    const toFile = await runCli("mpcc", ["report", bc, "--format", "json", "-o", out]);
    expect(toFile.stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(JSON.parse(toStdout.stdout));
  });

  it("mpcvm emulate -o - prints the outputs as JSON only", async () => {
    const r = await runCli("mpcvm", ["emulate", bc, "--input", `0=${input(0)}`, "--input", `1=${input(1)}`, "-o", "-"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ s: 2 * ((2999 * 3000) / 2) });
  });
});

describe("directories named by --out", () => {
  it("preprocess --out with a missing parent is refused and nothing is created; --out - is a usage error", async () => {
    expectOneLineError(
      await runCli("mpcvm", ["preprocess", bc, "--out", join(dir, "no", "prep")]),
      4,
      /cannot create the directory .*no\/prep: .*no does not exist/,
    );
    expect(existsSync(join(dir, "no"))).toBe(false);
    expectOneLineError(await runCli("mpcvm", ["preprocess", bc, "--out", "-"]), 2, /--out -: the dealer writes one file per party/);
  });
});

describe("input files are read as streams", () => {
  it("ten million lines for a program that reads 3001 values: one line of error, and little memory", async () => {
    const big = join(dir, "big.csv");
    writeFileSync(big, Buffer.alloc(2e7, "1\n"));
    const probe = 'data:text/javascript,process.on("exit",()=>process.stderr.write("peak-rss-kb "+process.resourceUsage().maxRSS+"\\n"))';
    const r = await spawnNode([`--import=${probe}`, join(ROOT, "dist", "cli", "mpcvm.js"), "emulate", bc, "--input", `0=${big}`, "--input", `1=${input(1)}`])
      .done;
    expectOneLineError(r, 4, /big\.csv has more than 3000 values \(the first extra one is on line 3001\), but the program reads 3000 from party 0/);
    const peak = Number(/peak-rss-kb (\d+)/.exec(r.stderr)![1]);
    expect(peak).toBeLessThan(300 * 1024);
  });
});

describe("preprocessing is checked before connecting", () => {
  it("one bit flipped in a party's file: exit 4 naming it, and no connection tried", async () => {
    const prep = await freshDeal();
    const path = join(prep, "party1.prep");
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0x10;
    writeFileSync(path, bytes);
    const r = await runAlone(prep, ["--log", "json"]);
    expect(r.code, r.stderr).toBe(4);
    const lines = r.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { event: string; message: string });
    expect(lines.map((l) => l.event)).toEqual(["error"]);
    expect(lines[0]!.message).toMatch(/party1\.prep is damaged: (chunk \d+ of \d+ \(bytes \d+ to \d+\)|its end) does not match its checksum$/);
  });

  it("a state directory that cannot be made is refused before connecting", async () => {
    const prep = await freshDeal();
    expectOneLineError(await runAlone(prep, ["--state-dir", "/proc/nope/state"]), 4, /cannot create the state directory \/proc\/nope\/state/);
    expect(readdirSync(TEST_STATE_HOME)).toContain("mpcvm");
  });
});
