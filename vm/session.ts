// A whole run as the CLI starts it: one party over the network (`mpcvm run`), or every party
// in this process over loopback WebSockets with preprocessing dealt on the fly (`mpcvm local`).

import { largestMessageBytes } from "./bytecode/analysis.js";
import { setupMessageBound } from "./protocol/setup-bound.js";
import type { LoadedProgram } from "./bytecode/program.js";
import type { Vec } from "./domain/ring64.js";
import type { Log } from "./log.js";
import { planExecution, type ExecutionPlan, type RoundExchange, type RunHooks, type Survival } from "./machine/interpreter.js";
import { MessageError } from "./machine/messages.js";
import { runParty, type PartyResult } from "./machine/party.js";
import type { ClientDesk } from "./net/client-desk.js";
import { describeParty, type PartyAddress } from "./net/config.js";
import { NetworkError } from "./net/errors.js";
import { Listener } from "./net/listen.js";
import type { TlsIdentity } from "./net/tls.js";
import type { Transport } from "./net/transport.js";
import { connectMesh } from "./net/websocket.js";
import { dealForRun, usesDealer } from "./preprocessing/dealer.js";
import { PrepExhausted, type Material } from "./preprocessing/material.js";
import { newDealId, PrepError } from "./preprocessing/store.js";

export interface NetworkSettings {
  readonly connectTimeoutMs: number;
  readonly roundTimeoutMs: number;
  /** This party's certificate and the peers' rules; absent for plain ws:// on loopback or --insecure. */
  readonly tls?: TlsIdentity | null;
  readonly listenHost?: string;
  readonly log?: Log;
  /** Stops the run (Ctrl-C): connecting ends, or the current round fails and the peers are told. */
  readonly signal?: AbortSignal;
  /** How long to wait for the clients' inputs before the run, and for them to fetch their outputs after it. */
  readonly clientTimeoutMs?: number;
  readonly fetchTimeoutMs?: number;
  /** Every round message this party receives, by sending party (tests check what a party sees). */
  readonly tap?: (from: number, message: Uint8Array) => void;
}

/** The deal id parties without preprocessing files present at the handshake. */
export const NO_DEAL = "none";

export const DEFAULT_NETWORK: NetworkSettings = { connectTimeoutMs: 30_000, roundTimeoutMs: 60_000 };
export const DEFAULT_CLIENT_TIMEOUT_MS = 300_000;
export const DEFAULT_FETCH_TIMEOUT_MS = 600_000;

/** About this many progress lines are logged over a run, whatever its length. */
const PROGRESS_LINES = 10;

export interface NetworkPartyRun {
  readonly loaded: LoadedProgram;
  readonly party: number;
  readonly addresses: readonly PartyAddress[];
  readonly inputs: ReadonlyMap<number, Vec>;
  /** Preprocessing from a dealer or an offline phase; null for protocols whose parties make their own. */
  readonly material: Material | null;
  /**
   * The deal as the handshake compares it: a file's `handshakeDeal` (its id and the digest of the
   * dealer's record of every party's file), a fresh id for material dealt in this process, or NO_DEAL.
   */
  readonly dealId: string;
  readonly network: NetworkSettings;
  readonly hooks?: RunHooks;
  readonly listener?: Listener;
  /**
   * Runs once every peer is connected, before anything secret is sent: `mpcvm run` records the deal
   * in its ledger here. If it throws, nothing is computed and the peers are told the run stopped.
   */
  readonly onReady?: () => void;
  /**
   * For programs with clients: this party's client port, already listening. The run waits for every
   * client's inputs, then computes, then keeps the clients' output shares until fetched; it closes the desk.
   */
  readonly clients?: ClientDesk;
}

export async function runOverNetwork(run: NetworkPartyRun): Promise<PartyResult> {
  const desk = run.clients;
  if (desk === undefined) return connectAndRun(run, run.inputs);
  const net = run.network;
  try {
    const shares = await desk.awaitSubmissions(net.clientTimeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS, net.signal);
    const result = await connectAndRun(run, new Map([...run.inputs, ...shares]), desk.submissionIds());
    desk.publish(result.clientOutputs);
    await desk.awaitFetches(net.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS, net.signal);
    return result;
  } catch (e) {
    desk.fail(`the computation failed: ${abortReason(e)}`);
    throw e;
  } finally {
    await desk.close();
  }
}

async function connectAndRun(run: NetworkPartyRun, inputs: ReadonlyMap<number, Vec>, clients?: Record<string, string>): Promise<PartyResult> {
  const { network: net, party, addresses } = run;
  const peers = addresses.flatMap((a, p) => (p === party ? [] : [describeParty(p, a)]));
  net.log?.({ level: "info", event: "connecting", message: `connecting to ${peers.join(", ")}`, fields: { peers: peers.length, tls: Boolean(net.tls) } });
  // The program's analysis needs no peer: made while they connect, it is out of the online phase.
  const plan = planExecution(run.loaded);
  const started = Date.now();
  const transport = await connectMesh({
    party,
    addresses,
    programHash: run.loaded.hash,
    dealId: run.dealId,
    ...(clients ? { clients } : {}),
    connectTimeoutMs: net.connectTimeoutMs,
    roundTimeoutMs: net.roundTimeoutMs,
    maxPayloadBytes: Math.max(largestMessageBytes(run.loaded.program, run.loaded.instructions), setupMessageBound(run.loaded.program)),
    tls: net.tls ?? null,
    ...(net.listenHost ? { listenHost: net.listenHost } : {}),
    ...(run.listener ? { listener: run.listener } : {}),
    ...(net.log ? { log: net.log } : {}),
    ...(net.signal ? { signal: net.signal } : {}),
  });
  net.log?.({
    level: "info",
    event: "ready",
    message: `all ${peers.length} peers connected in ${seconds(Date.now() - started)}`,
    fields: { ms: Date.now() - started },
  });
  return runAndClose(run, inputs, transport, plan);
}

async function runAndClose(run: NetworkPartyRun, inputs: ReadonlyMap<number, Vec>, transport: Transport, plan: ExecutionPlan): Promise<PartyResult> {
  const tracked = trackRounds(transport, run.network.tap);
  try {
    run.onReady?.();
    const result = await runParty({
      loaded: run.loaded,
      party: run.party,
      inputs,
      material: run.material,
      network: tracked,
      hooks: { onRound: progress(run), onDrop: logDrop(run), ...run.hooks },
      plan,
    });
    await transport.close();
    return result;
  } catch (e) {
    const error = e instanceof MessageError ? new NetworkError(`round ${tracked.round + 1}: ${withAddress(e.message, run.addresses)}`) : e;
    await transport.close(abortReason(error));
    throw error;
  }
}

/** The round in progress, so a malformed message can be reported with it. */
function trackRounds(net: RoundExchange, tap?: (from: number, message: Uint8Array) => void): RoundExchange & { round: number } {
  const tracked = {
    round: 0,
    exchange(round: number, outgoing: readonly Uint8Array[]) {
      tracked.round = round;
      const received = net.exchange(round, outgoing);
      return tap === undefined ? received : received.then((messages) => (messages.forEach((m, p) => m !== null && m.byteLength > 0 && tap(p, m)), messages));
    },
    pairSeed: (peer: number) => net.pairSeed(peer),
    ...(net.tolerateDrops === undefined ? {} : { tolerateDrops: (survival: Survival) => net.tolerateDrops!(survival) }),
  };
  return tracked;
}

/** "party 2 sent …" with the party's name and address, as every other network error has them. */
function withAddress(message: string, addresses: readonly PartyAddress[]): string {
  return message.replace(/^party (\d+)/, (all, p: string) => (addresses[Number(p)] ? describeParty(Number(p), addresses[Number(p)]) : all));
}

/**
 * What the peers are told when this party stops. Network errors name only peers and rounds; other
 * errors may name this machine's files, so the peers learn only their kind.
 */
function abortReason(e: unknown): string {
  if (e instanceof NetworkError) return e.message;
  if (e instanceof PrepError || e instanceof PrepExhausted) return "its preprocessing could not be used (its operator's log says why)";
  return "an internal error in its mpcvm";
}

function progress(run: NetworkPartyRun): (round: number, total: number) => void {
  const log = run.network.log;
  const started = Date.now();
  return (round, total) => {
    const step = Math.max(1, Math.ceil(total / PROGRESS_LINES));
    if (log === undefined || (round % step !== 0 && round !== total)) return;
    const percent = Math.floor((100 * round) / total);
    log({
      level: "info",
      event: "round",
      message: `round ${round} of ${total} done (${percent}%, ${seconds(Date.now() - started)})`,
      fields: { round, total, ms: Date.now() - started },
    });
  };
}

/** A dropped peer, logged as a warning with its round; outputs addressed to it are lost. */
function logDrop(run: NetworkPartyRun): (peer: number, round: number, reason: string) => void {
  return (peer, round, reason) => {
    const who = describeParty(peer, run.addresses[peer]!);
    const lost = run.loaded.program.outputs.filter((o) => o.to === peer).map((o) => o.name);
    const outputs = lost.length === 0 ? "" : `; its outputs (${lost.join(", ")}) are lost`;
    run.network.log?.({
      level: "warn",
      event: "dropped",
      message: `dropped ${who} at round ${round + 1} (${reason.replace(/^round \d+: /, "").replace(`${who} `, "")}); the others go on without it${outputs}`,
      fields: { peer, round: round + 1 },
    });
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Every party in this process, each with its own WebSocket server on a free loopback port. */
export async function runLocal(
  loaded: LoadedProgram,
  inputs: ReadonlyArray<ReadonlyMap<number, Vec>>,
  network: NetworkSettings = DEFAULT_NETWORK,
): Promise<PartyResult[]> {
  const parties = loaded.program.parties;
  const materials = dealForRun(loaded.program);
  const dealId = usesDealer(loaded.program) ? newDealId() : NO_DEAL;
  const listeners = await Promise.all(Array.from({ length: parties }, () => Listener.start("127.0.0.1", 0, null)));
  const addresses = listeners.map((l) => ({ host: "127.0.0.1", port: l.port }));
  const runs = listeners.map((listener, party) =>
    runOverNetwork({
      loaded,
      party,
      addresses,
      inputs: inputs[party]!,
      material: materials[party]!,
      dealId,
      network,
      listener,
    }),
  );
  // The first failure in time is the cause; the others are usually its echo (a peer disconnected).
  const failures: unknown[] = [];
  const results = await Promise.all(runs.map((r) => r.catch((e: unknown) => void failures.push(e))));
  await Promise.all(listeners.map((l) => l.close()));
  if (failures.length > 0) throw failures[0];
  return results as PartyResult[];
}
