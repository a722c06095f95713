#!/usr/bin/env node
// mpcvm: the VM's command line — deal preprocessing, run one party, emulate in the clear, or
// run every party locally. Parses flags, calls vm/, prints outputs; no protocol logic lives here.

import { Command } from "commander";
import type { LoadedProgram } from "../vm/bytecode/program.js";
import type { Vec } from "../vm/domain/ring64.js";
import { loadInputs, loadPrep, loadProgram, writeAtomically, writePrep } from "../vm/files.js";
import { decodeOutputs } from "../vm/machine/outputs.js";
import { emulate } from "../vm/machine/party.js";
import { readPartiesConfig } from "../vm/net/config.js";
import { DEFAULT_NETWORK, runLocal, runOverNetwork, type NetworkSettings } from "../vm/session.js";
import { runCommand, UsageError } from "./exit.js";
import { integerOption, secondsOption } from "./options.js";
import { printOutputs } from "./print.js";

const cli = new Command("mpcvm").description("Run compiled .mpc programs as a party of a secure computation").exitOverride();

cli
  .command("preprocess")
  .description("deal the preprocessing a program needs: one file per party (trusted dealer)")
  .argument("<bytecode>", "the .bc file")
  .requiredOption("--out <dir>", "directory for the party files")
  .option("--parties <n>", "the number of parties (must match the program)")
  .action((path: string, opts: { out: string; parties?: string }) => runCommand("mpcvm", () => preprocess(path, opts)));

cli
  .command("run")
  .description("run as one party, connecting to the others listed in the parties file")
  .argument("<bytecode>", "the .bc file")
  .requiredOption("--party <i>", "this party's index")
  .requiredOption("--config <parties.json>", "where every party listens")
  .requiredOption("--prep <dir>", "the preprocessing directory (this party's file in it)")
  .option("--input <file>", "this party's input values (CSV)")
  .option("--output <file>", "write the revealed outputs as JSON")
  .option("--connect-timeout <s>", "give up connecting after this many seconds", "30")
  .option("--round-timeout <s>", "give up on a silent peer after this many seconds", "60")
  .option("--quiet", "print only the outputs")
  .action((path: string, opts: RunFlags) => runCommand("mpcvm", () => runOne(path, opts)));

cli
  .command("emulate")
  .description("run the program in the clear with every party's inputs, for checking")
  .argument("<bytecode>", "the .bc file")
  .option("--input <party=file>", "a party's input file (repeatable)", collect, [])
  .option("--output <file>", "write the outputs as JSON")
  .action((path: string, opts: { input: string[]; output?: string }) => runCommand("mpcvm", () => emulateCommand(path, opts)));

cli
  .command("local")
  .description("run every party in this process over loopback WebSockets, preprocessing dealt on the fly")
  .argument("<bytecode>", "the .bc file")
  .option("--parties <n>", "the number of parties (must match the program)")
  .option("--input <party=file>", "a party's input file (repeatable)", collect, [])
  .option("--output <file>", "write the outputs as JSON")
  .action((path: string, opts: { input: string[]; output?: string; parties?: string }) => runCommand("mpcvm", () => localCommand(path, opts)));

interface RunFlags {
  party: string;
  config: string;
  prep: string;
  input?: string;
  output?: string;
  connectTimeout: string;
  roundTimeout: string;
  quiet?: boolean;
}

function preprocess(path: string, opts: { out: string; parties?: string }): void {
  const loaded = loadProgram(path);
  checkParties(loaded, opts.parties);
  const files = writePrep(loaded, opts.out);
  const needs = loaded.program.preprocessing.map((n) => `${n.count} ${n.kind}${n.param === null ? "" : `/${n.param}`}`).join(", ") || "nothing";
  process.stderr.write(`mpcvm: wrote ${files.join(", ")} (${needs})\n`);
}

async function runOne(path: string, opts: RunFlags): Promise<void> {
  const loaded = loadProgram(path);
  const parties = loaded.program.parties;
  const party = integerOption("--party", opts.party, 0, 1000);
  if (party >= parties) throw new UsageError(`--party ${party}: the program has ${parties} parties, numbered 0 to ${parties - 1}`);
  const addresses = readPartiesConfig(opts.config);
  if (addresses.length !== parties) {
    throw new UsageError(`${opts.config} lists ${addresses.length} parties, but the program has ${parties}`);
  }
  const inputs = loadInputs(loaded, party, opts.input ?? null);
  const prep = loadPrep(loaded, party, opts.prep);
  const log = opts.quiet ? () => {} : (m: string) => process.stderr.write(`party ${party}: ${m}\n`);
  const network: NetworkSettings = {
    connectTimeoutMs: secondsOption("--connect-timeout", opts.connectTimeout),
    roundTimeoutMs: secondsOption("--round-timeout", opts.roundTimeout),
    log,
  };
  log(`connecting to ${parties - 1} peers`);
  const started = Date.now();
  const result = await runOverNetwork({ loaded, party, addresses, inputs, material: prep.material, dealId: prep.header.dealId, network });
  log(`done in ${((Date.now() - started) / 1000).toFixed(2)} s: ${result.stats.rounds} rounds, ${formatBytes(result.stats.bytesSent)} sent`);
  finish(loaded, decodeOutputs(loaded.program, result.outputs), opts.output);
}

async function emulateCommand(path: string, opts: { input: string[]; output?: string }): Promise<void> {
  const loaded = loadProgram(path);
  const values = new Map<number, Vec>();
  for (const partyInputs of inputsByParty(loaded, opts.input)) for (const [index, v] of partyInputs) values.set(index, v);
  finish(loaded, decodeOutputs(loaded.program, await emulate(loaded, values)), opts.output);
}

async function localCommand(path: string, opts: { input: string[]; output?: string; parties?: string }): Promise<void> {
  const loaded = loadProgram(path);
  checkParties(loaded, opts.parties);
  const results = await runLocal(loaded, inputsByParty(loaded, opts.input), DEFAULT_NETWORK);
  const revealed = new Map<number, Vec>();
  for (const r of results) for (const [index, v] of r.outputs) revealed.set(index, v);
  finish(loaded, decodeOutputs(loaded.program, revealed), opts.output);
}

function finish(loaded: LoadedProgram, outputs: Record<string, unknown>, outputPath: string | undefined): void {
  printOutputs(loaded.program, outputs);
  if (outputPath !== undefined) writeAtomically(outputPath, JSON.stringify(outputs, null, 2) + "\n");
}

/** `--input 0=a.csv --input 1=b.csv` into each party's encoded inputs. */
function inputsByParty(loaded: LoadedProgram, flags: string[]): Array<Map<number, Vec>> {
  const parties = loaded.program.parties;
  const files = new Map<number, string>();
  for (const flag of flags) {
    const m = /^(\d+)=(.+)$/.exec(flag);
    if (m === null) throw new UsageError(`--input ${flag}: expected PARTY=FILE, e.g. --input 0=a.csv`);
    const party = Number(m[1]);
    if (party >= parties) throw new UsageError(`--input ${flag}: the program has ${parties} parties, numbered 0 to ${parties - 1}`);
    if (files.has(party)) throw new UsageError(`--input ${flag}: party ${party}'s input is given twice`);
    files.set(party, m[2]!);
  }
  return Array.from({ length: parties }, (_, p) => loadInputs(loaded, p, files.get(p) ?? null));
}

function checkParties(loaded: LoadedProgram, flag: string | undefined): void {
  if (flag === undefined) return;
  const n = integerOption("--parties", flag, 2, 10);
  if (n !== loaded.program.parties) {
    throw new UsageError(`--parties ${n}: the program was compiled for ${loaded.program.parties} parties`);
  }
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

await runCommand("mpcvm", () => cli.parseAsync().then(() => undefined));
