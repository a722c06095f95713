#!/usr/bin/env node
// mpcvm: the VM's command line — deal preprocessing, make keys, run one party, emulate in the
// clear, or run every party locally. Parses flags and calls vm/; no protocol logic lives here.

import { Command } from "commander";
import type { LoadedProgram } from "../vm/bytecode/program.js";
import type { Vec } from "../vm/domain/ring64.js";
import { clientOutputsOf, withClientShares } from "../vm/clients.js";
import { usesDealer } from "../vm/preprocessing/dealer.js";
import { loadClientInputs, loadInputs, loadProgram, writePrep } from "../vm/files.js";
import { decodeOutputs } from "../vm/machine/outputs.js";
import { emulate } from "../vm/machine/party.js";
import { optimiseForRounds } from "../vm/machine/tiering.js";
import { DEFAULT_NETWORK, runLocal } from "../vm/session.js";
import { clientKeyCommand, fetchCommand, submitCommand, type ClientFlags, type ClientKeyFlags } from "./client.js";
import { runCommand, UsageError, stopQuietlyWhenOutputCloses } from "./exit.js";
import { fingerprintCommand, keysCommand, type KeysFlags } from "./keys.js";
import { integerOption } from "./options.js";
import { MAX_PARTIES, MIN_PARTIES } from "../vm/bytecode/limits.js";
import { finish, outputOption } from "./print.js";
import { runPartyCommand, type RunFlags } from "./run.js";

const cli = new Command("mpcvm").description("Run compiled .mpc programs as a party of a secure computation").exitOverride();

cli
  .command("preprocess")
  .description("deal the preprocessing a program needs: one file per party (trusted dealer)")
  .argument("<bytecode>", "the .bc file")
  .requiredOption("--out <dir>", "directory for the party files (created if only it is missing)")
  .option("--parties <n>", "the number of parties (must match the program)")
  .action((path: string, opts: { out: string; parties?: string }) => runCommand("mpcvm", () => preprocess(path, opts)));

cli
  .command("run")
  .description("run as one party, connecting to the others listed in the parties file")
  .argument("<bytecode>", "the .bc file")
  .requiredOption("--party <i>", "this party's index")
  .requiredOption("--config <parties.json>", "where every party listens, and which certificate each presents")
  .option("--prep <dir>", "the preprocessing directory (this party's file in it), for the additive protocol")
  .option("--input <file>", "this party's input values (CSV)")
  .option("-o, --output <file>", "write the revealed outputs as JSON to this file (its directory must exist), or - for standard output")
  .option("--state-dir <dir>", "where this party records the deals it has used (default: $XDG_STATE_HOME/mpcvm or ~/.local/state/mpcvm)")
  .option("--key <file>", "this party's private key (from mpcvm keys), when parties.json names certificates")
  .option("--cert <file>", "this party's certificate (default: the one parties.json names for it)")
  .option("--insecure", "allow plain ws:// to hosts other than this machine: no encryption, no authentication")
  .option("--listen <host>", "the address to listen on (default: this party's host in parties.json)")
  .option("--connect-timeout <s>", "give up connecting after this many seconds", "30")
  .option("--round-timeout <s>", "give up on a silent peer after this many seconds", "60")
  .option("--client-timeout <s>", "programs with clients: wait this long for their inputs before the run", "300")
  .option("--fetch-timeout <s>", "programs with clients: keep their outputs this long after the run for them to fetch", "600")
  .option("--quiet", "log only warnings and errors")
  .option("--log <format>", "log format on stderr: text or json", "text")
  .action((path: string, opts: RunFlags) => runCommand("mpcvm", () => runPartyCommand(path, opts)));

cli
  .command("submit")
  .description("as a client (a data owner that is not a party): secret-share its inputs to every party")
  .argument("<bytecode>", "the .bc file the parties run")
  .requiredOption("--client <name>", "this client's name in the program")
  .requiredOption("--config <parties.json>", "where the parties are, and their certificates")
  .option("--key <file>", "this client's private key (default: keys/NAME.key, where mpcvm client-key --out keys/ puts it)")
  .option("--input <file>", "this client's values (CSV), in program order")
  .option("--timeout <s>", "give up after this many seconds", "60")
  .option("--insecure", "allow plain ws:// to parties on other machines: no encryption")
  .option("--quiet", "print only errors")
  .action((path: string, opts: ClientFlags) => runCommand("mpcvm", () => submitCommand(path, opts)));

cli
  .command("fetch")
  .description("as a client: wait for the outputs addressed to it and put them together from every party's share")
  .argument("<bytecode>", "the .bc file the parties run")
  .requiredOption("--client <name>", "this client's name in the program")
  .requiredOption("--config <parties.json>", "where the parties are, and their certificates")
  .option("--key <file>", "this client's private key (default: keys/NAME.key, where mpcvm client-key --out keys/ puts it)")
  .option("-o, --output <file>", "write the outputs as JSON to this file, or - for standard output")
  .option("--timeout <s>", "give up after this many seconds (the computation may still be running)", "600")
  .option("--insecure", "allow plain ws:// to parties on other machines: no encryption")
  .option("--quiet", "print only the outputs and errors")
  .action((path: string, opts: ClientFlags) => runCommand("mpcvm", () => fetchCommand(path, opts)));

cli
  .command("client-key")
  .description("make a client's signing key, and print the parties.json entry with its public key")
  .requiredOption("--client <name>", "the client's name in the program")
  .requiredOption("--out <dir>", "where to write NAME.key")
  .option("--force", "replace an existing key")
  .action((opts: ClientKeyFlags) => runCommand("mpcvm", () => clientKeyCommand(opts)));

cli
  .command("keys")
  .description("make this party's private key and certificate, and print what to send the other parties")
  .requiredOption("--party <i>", "this party's index")
  .requiredOption("--out <dir>", "where to write partyI.key and partyI.crt")
  .option("--name <organisation>", "this party's name, put in the certificate")
  .option("--host <host>", "this party's public host name or address, for the parties.json entry printed")
  .option("--port <port>", "this party's port, for the parties.json entry printed")
  .option("--days <n>", "how long the certificate is valid", "730")
  .option("--force", "replace an existing key")
  .action((opts: KeysFlags) => runCommand("mpcvm", () => keysCommand(opts)));

cli
  .command("fingerprint")
  .description("print a certificate's SHA-256 fingerprint, to compare with what a party read out")
  .argument("<certificate>", "a PEM certificate file")
  .action((path: string) => runCommand("mpcvm", () => fingerprintCommand(path)));

cli
  .command("emulate")
  .description("run the program in the clear with every party's inputs, for checking")
  .argument("<bytecode>", "the .bc file")
  .option("--input <party=file>", "a party's (or a client's: NAME=file) input file (repeatable)", collect, [])
  .option("-o, --output <file>", "write the outputs as JSON to this file, or - for standard output")
  .action((path: string, opts: { input: string[]; output?: string }) => runCommand("mpcvm", () => emulateCommand(path, opts)));

cli
  .command("local")
  .description("run every party in this process over loopback WebSockets, preprocessing dealt on the fly")
  .argument("<bytecode>", "the .bc file")
  .option("--parties <n>", "the number of parties (must match the program)")
  .option("--input <party=file>", "a party's (or a client's: NAME=file) input file (repeatable)", collect, [])
  .option("-o, --output <file>", "write the outputs as JSON to this file, or - for standard output")
  .action((path: string, opts: { input: string[]; output?: string; parties?: string }) => runCommand("mpcvm", () => localCommand(path, opts)));

function preprocess(path: string, opts: { out: string; parties?: string }): void {
  if (opts.out === "-") throw new UsageError("--out -: the dealer writes one file per party, so --out names a directory");
  const loaded = loadProgram(path);
  checkParties(loaded, opts.parties);
  if (!usesDealer(loaded.program)) {
    process.stderr.write(
      `mpcvm: ${path} needs no preprocessing: its protocol (${loaded.program.protocol.name}) makes what it needs during the run; nothing written\n`,
    );
    return;
  }
  const files = writePrep(loaded, opts.out);
  const needs = loaded.program.preprocessing.map((n) => `${n.count} ${n.kind}${n.param === null ? "" : `/${n.param}`}`).join(", ") || "nothing";
  process.stderr.write(`mpcvm: wrote ${files.join(", ")} (${needs})\n`);
}

async function emulateCommand(path: string, opts: { input: string[]; output?: string }): Promise<void> {
  const output = outputOption(opts.output);
  const loaded = loadProgram(path);
  const given = inputsByOwner(loaded, opts.input);
  const values = new Map<number, Vec>(given.clients);
  for (const partyInputs of given.parties) for (const [index, v] of partyInputs) values.set(index, v);
  finish(loaded, decodeOutputs(loaded.program, await emulate(loaded, values)), output);
}

/** Clients' inputs are shared here as their SDK would, and their outputs put together from every party's share. */
async function localCommand(path: string, opts: { input: string[]; output?: string; parties?: string }): Promise<void> {
  const output = outputOption(opts.output);
  const loaded = loadProgram(path);
  checkParties(loaded, opts.parties);
  const given = inputsByOwner(loaded, opts.input);
  const results = await runLocal(loaded, withClientShares(loaded, given.parties, given.clients), DEFAULT_NETWORK);
  const revealed = new Map<number, Vec>(
    clientOutputsOf(
      loaded,
      results.map((r) => r.clientOutputs),
    ),
  );
  for (const r of results) for (const [index, v] of r.outputs) revealed.set(index, v);
  finish(loaded, decodeOutputs(loaded.program, revealed), output);
}

/** `--input 0=a.csv --input hospital_a=rows.csv` into each party's encoded inputs and the clients' (by input index). */
function inputsByOwner(loaded: LoadedProgram, flags: string[]): { parties: Array<Map<number, Vec>>; clients: Map<number, Vec> } {
  const parties = loaded.program.parties;
  const files = new Map<string, string>();
  for (const flag of flags) {
    const m = /^([^=]+)=(.+)$/.exec(flag);
    if (m === null) throw new UsageError(`--input ${flag}: expected PARTY=FILE or CLIENT=FILE, e.g. --input 0=a.csv`);
    const owner = m[1]!;
    if (/^\d+$/.test(owner) ? Number(owner) >= parties : !loaded.program.clients.some((c) => c.name === owner)) {
      throw new UsageError(`--input ${flag}: the program has ${parties} parties, numbered 0 to ${parties - 1}${clientList(loaded)}`);
    }
    if (files.has(owner)) throw new UsageError(`--input ${flag}: ${/^\d+$/.test(owner) ? "party" : "client"} ${owner}'s input is given twice`);
    files.set(owner, m[2]!);
  }
  const clients = new Map<number, Vec>();
  for (const client of loaded.program.clients)
    for (const [index, v] of loadClientInputs(loaded, client.name, files.get(client.name) ?? null)) clients.set(index, v);
  return { parties: Array.from({ length: parties }, (_, p) => loadInputs(loaded, p, files.get(String(p)) ?? null)), clients };
}

function clientList(loaded: LoadedProgram): string {
  const names = loaded.program.clients.map((c) => c.name);
  return names.length === 0 ? ", and no clients" : `, and the clients ${names.join(", ")}`;
}

function checkParties(loaded: LoadedProgram, flag: string | undefined): void {
  if (flag === undefined) return;
  const n = integerOption("--parties", flag, MIN_PARTIES, MAX_PARTIES);
  if (n !== loaded.program.parties) {
    throw new UsageError(`--parties ${n}: the program was compiled for ${loaded.program.parties} parties`);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

stopQuietlyWhenOutputCloses();
optimiseForRounds();
await runCommand("mpcvm", () => cli.parseAsync().then(() => undefined));
