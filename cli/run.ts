// `mpcvm run`: one party of a real computation. Loads and checks everything before connecting,
// decides between TLS and plain loopback, logs each phase, and stops its peers cleanly on Ctrl-C.

import type { LoadedProgram } from "../vm/bytecode/program.js";
import { loadInputs, loadPrep, loadProgram, type PrepOnDisk } from "../vm/files.js";
import { decodeOutputs } from "../vm/machine/outputs.js";
import { isLoopback, readPartiesConfig, type PartiesConfig } from "../vm/net/config.js";
import { showFingerprint } from "../vm/net/fingerprint.js";
import { loadTlsIdentity, type TlsIdentity } from "../vm/net/tls.js";
import { prepKey } from "../vm/preprocessing/kinds.js";
import { type DealUse, defaultStateDir, Ledger } from "../vm/preprocessing/ledger.js";
import { clientKeysFor } from "../vm/net/client-config.js";
import { ClientDesk } from "../vm/net/client-desk.js";
import { NO_DEAL, runOverNetwork } from "../vm/session.js";
import { usesDealer } from "../vm/preprocessing/dealer.js";
import { describeProtocol } from "../vm/protocol/params.js";
import { exitCodeOf, EXIT, Interrupted, Reported, UsageError } from "./exit.js";
import { runLog, type LogFormat, type RunLog } from "./log.js";
import { integerOption, secondsOption } from "./options.js";
import { MAX_PARTIES } from "../vm/bytecode/limits.js";
import { describeTarget, finish, outputOption } from "./print.js";

export interface RunFlags {
  party: string;
  config: string;
  prep?: string;
  input?: string;
  output?: string;
  stateDir?: string;
  connectTimeout: string;
  roundTimeout: string;
  clientTimeout: string;
  fetchTimeout: string;
  quiet?: boolean;
  log: string;
  key?: string;
  cert?: string;
  insecure?: boolean;
  listen?: string;
}

export async function runPartyCommand(path: string, flags: RunFlags): Promise<void> {
  if (flags.log !== "text" && flags.log !== "json") throw new UsageError(`--log ${flags.log}: expected text or json`);
  const party = integerOption("--party", flags.party, 0, MAX_PARTIES - 1);
  const out = runLog(party, flags.log as LogFormat, flags.quiet === true);
  try {
    await runParty(path, party, flags, out);
  } catch (e) {
    const code = exitCodeOf(e);
    if (flags.log !== "json" || code === EXIT.internal) throw e;
    out.error((e as Error).message, code);
    throw new Reported(code);
  }
}

async function runParty(path: string, party: number, flags: RunFlags, out: RunLog): Promise<void> {
  const output = outputOption(flags.output);
  const loaded = loadProgram(path);
  const parties = loaded.program.parties;
  if (party >= parties) throw new UsageError(`--party ${party}: the program has ${parties} parties, numbered 0 to ${parties - 1}`);
  const config = readPartiesConfig(flags.config);
  if (config.parties.length !== parties) {
    throw new UsageError(`${flags.config} lists ${config.parties.length} parties, but the program has ${parties}`);
  }
  const clientKeys = loaded.program.clients.length > 0 ? clientKeysFor(loaded.program, config) : null;
  const tls = security(config, party, flags, out);
  const inputs = loadInputs(loaded, party, flags.input ?? null);
  const prep = preprocessingFor(loaded, party, flags.prep);
  const recordUse = prep === null ? null : checkUnused(flags.stateDir, { dealId: prep.header.dealId, party, programHash: loaded.hash, file: prep.path }, out);
  const protocol = describeProtocol(loaded.program.protocol, parties);
  const material =
    prep === null
      ? `no preprocessing (${inventory(loaded)} made by the parties during the run)`
      : `preprocessing ${prep.path} (${inventory(loaded)}; deal ${prep.header.dealId.slice(0, 12)}…)`;
  out.info("loaded", `party ${party} of ${parties}: program ${path} (${loaded.hash.slice(0, 12)}…), protocol ${protocol}, ${material}`, {
    program: loaded.hash,
    protocol: loaded.program.protocol.name,
    ...(prep === null ? {} : { deal: prep.header.dealId }),
  });
  if (tls !== null) out.info("tls", `TLS with certificate ${showFingerprint(tls.fingerprint)}; peers must present the certificates ${config.path} names`);
  const timing = {
    connectTimeoutMs: secondsOption("--connect-timeout", flags.connectTimeout),
    roundTimeoutMs: secondsOption("--round-timeout", flags.roundTimeout),
    clientTimeoutMs: secondsOption("--client-timeout", flags.clientTimeout),
    fetchTimeoutMs: secondsOption("--fetch-timeout", flags.fetchTimeout),
  };
  const started = Date.now();
  const me = config.parties[party]!;
  const clients =
    clientKeys === null
      ? undefined
      : await ClientDesk.start({ party, loaded, host: flags.listen ?? me.host, port: me.clientPort!, tls, keys: clientKeys, log: out.log });
  const result = await withSignals((signal) =>
    runOverNetwork({
      loaded,
      party,
      addresses: config.parties,
      inputs,
      material: prep?.material ?? null,
      dealId: prep?.handshakeDeal ?? NO_DEAL,
      network: {
        ...timing,
        tls,
        log: out.log,
        signal,
        ...(flags.listen ? { listenHost: flags.listen } : {}),
      },
      ...(recordUse === null ? {} : { onReady: recordUse }),
      ...(clients ? { clients } : {}),
    }),
  );
  const outputs = decodeOutputs(loaded.program, result.outputs);
  finish(loaded, outputs, output);
  const names = Object.keys(outputs);
  const kept = loaded.program.clients.filter((c) => c.outputs.length > 0).map((c) => c.name);
  const forClients = kept.length > 0 ? `; clients ${kept.join(", ")} fetched theirs` : "";
  out.info(
    "outputs",
    `outputs: ${names.length ? names.join(", ") : "none for this party"}${output ? ` (also written to ${describeTarget(output)})` : ""}${forClients}`,
    { count: names.length },
  );
  out.info("done", `done in ${((Date.now() - started) / 1000).toFixed(2)} s: ${result.stats.rounds} rounds, ${formatBytes(result.stats.bytesSent)} sent`, {
    rounds: result.stats.rounds,
    bytesSent: result.stats.bytesSent,
    ms: Date.now() - started,
  });
}

/** TLS when parties.json names certificates; plain ws:// only on loopback or with --insecure. */
function security(config: PartiesConfig, party: number, flags: RunFlags, out: RunLog): TlsIdentity | null {
  if (config.tls) {
    if (flags.key === undefined) throw new UsageError(`${config.path} names certificates: give this party's private key with --key (mpcvm keys makes one)`);
    if (flags.insecure) out.warn("insecure", `--insecure is ignored: ${config.path} names certificates, so every connection uses TLS`);
    const identity = loadTlsIdentity(config, party, { key: flags.key, ...(flags.cert ? { cert: flags.cert } : {}) });
    for (const w of identity.warnings) out.warn("key", w);
    return identity;
  }
  if (flags.key !== undefined || flags.cert !== undefined) throw new UsageError(`--key and --cert need certificates in ${config.path} (see docs/operating.md)`);
  const remote = [...config.parties.map((p) => p.host), ...(flags.listen ? [flags.listen] : [])].filter((h) => !isLoopback(h));
  if (remote.length === 0) return null;
  if (!flags.insecure) {
    throw new UsageError(
      `${config.path} names no certificates, and ${remote[0]} is not on this machine: shares would cross the network unencrypted and unauthenticated. Add certificates (mpcvm keys; docs/operating.md) or, on a network you trust, pass --insecure`,
    );
  }
  out.warn(
    "insecure",
    "--insecure: connections are plain ws://, neither encrypted nor authenticated; anyone on the network path can read the traffic or pose as a party",
  );
  return null;
}

/** This party's preprocessing file, for a protocol that consumes one; none for a protocol whose parties make their own. */
function preprocessingFor(loaded: LoadedProgram, party: number, dir: string | undefined): PrepOnDisk | null {
  const name = loaded.program.protocol.name;
  if (!usesDealer(loaded.program)) {
    if (dir !== undefined)
      throw new UsageError(`--prep ${dir}: the ${name} protocol needs no preprocessing (its parties make what it needs during the run); leave --prep out`);
    return null;
  }
  if (dir === undefined) throw new UsageError(`the ${name} protocol needs this party's preprocessing: give --prep (mpcvm preprocess makes it)`);
  return loadPrep(loaded, party, dir);
}

/**
 * Refuses a deal this party's ledger lists, and checks the ledger can be written, before anything
 * is sent; returns what records the deal, which the run calls once every peer is connected.
 */
function checkUnused(flag: string | undefined, use: DealUse, out: RunLog): () => void {
  const dir = flag ?? defaultStateDir();
  if (dir === null) throw new UsageError("no state directory for the record of used preprocessing: set HOME or XDG_STATE_HOME, or give --state-dir");
  if (dir === "") throw new UsageError("--state-dir: an empty path");
  const ledger = Ledger.open(dir);
  if (ledger.warning) out.warn("state-dir", ledger.warning);
  ledger.checkWritable(use.party);
  ledger.refuseIfUsed(use);
  return () => {
    const entry = ledger.record(use);
    out.info("prep-used", `recorded deal ${use.dealId.slice(0, 12)}… as used (${entry}): ${use.file} cannot be used for another run`);
  };
}

function inventory(loaded: LoadedProgram): string {
  const needs = loaded.program.preprocessing.map((n) => `${n.count} ${prepKey(n.kind, n.param)}`);
  return needs.length ? needs.join(", ") : "no material";
}

/** Ctrl-C or SIGTERM aborts the run, which tells the peers why; a second Ctrl-C exits at once. */
async function withSignals<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort(new Interrupted(`stopped by its operator (${name})`));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    return await body(controller.signal);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
