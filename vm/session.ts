// A whole run as the CLI starts it: one party over the network (`mpcvm run`), or every party
// in this process over loopback WebSockets with preprocessing dealt on the fly (`mpcvm local`).

import type { WebSocketServer } from "ws";
import { largestMessageBytes } from "./bytecode/analysis.js";
import type { LoadedProgram } from "./bytecode/program.js";
import { ringOf } from "./domain/ring.js";
import type { Vec } from "./domain/ring64.js";
import type { RunHooks } from "./machine/interpreter.js";
import { runParty, type PartyResult } from "./machine/party.js";
import type { PartyAddress } from "./net/config.js";
import { connectMesh, listen, serverPort } from "./net/websocket.js";
import type { Transport } from "./net/transport.js";
import { deal } from "./preprocessing/dealer.js";
import { Material } from "./preprocessing/material.js";
import { newDealId } from "./preprocessing/store.js";

export interface NetworkSettings {
  readonly connectTimeoutMs: number;
  readonly roundTimeoutMs: number;
  readonly log?: (message: string) => void;
}

export const DEFAULT_NETWORK: NetworkSettings = { connectTimeoutMs: 30_000, roundTimeoutMs: 60_000 };

export interface NetworkPartyRun {
  readonly loaded: LoadedProgram;
  readonly party: number;
  readonly addresses: readonly PartyAddress[];
  readonly inputs: ReadonlyMap<number, Vec>;
  readonly material: Material;
  readonly dealId: string;
  readonly network: NetworkSettings;
  readonly hooks?: RunHooks;
  readonly server?: WebSocketServer;
}

export async function runOverNetwork(run: NetworkPartyRun): Promise<PartyResult> {
  const transport = await connectMesh({
    party: run.party,
    addresses: run.addresses,
    programHash: run.loaded.hash,
    dealId: run.dealId,
    connectTimeoutMs: run.network.connectTimeoutMs,
    roundTimeoutMs: run.network.roundTimeoutMs,
    maxPayloadBytes: largestMessageBytes(run.loaded.program, run.loaded.instructions),
    ...(run.server ? { server: run.server } : {}),
    ...(run.network.log ? { log: run.network.log } : {}),
  });
  return runAndClose(run, transport);
}

async function runAndClose(run: NetworkPartyRun, transport: Transport): Promise<PartyResult> {
  try {
    return await runParty({
      loaded: run.loaded,
      party: run.party,
      inputs: run.inputs,
      material: run.material,
      network: transport,
      ...(run.hooks ? { hooks: run.hooks } : {}),
    });
  } finally {
    await transport.close();
  }
}

/** Every party in this process, each with its own WebSocket server on a free loopback port. */
export async function runLocal(
  loaded: LoadedProgram,
  inputs: ReadonlyArray<ReadonlyMap<number, Vec>>,
  network: NetworkSettings = DEFAULT_NETWORK,
): Promise<PartyResult[]> {
  const parties = loaded.program.parties;
  const ring = ringOf(loaded.program.domain);
  const materials = deal(ring, loaded.program.preprocessing, parties);
  const dealId = newDealId();
  const servers = await Promise.all(Array.from({ length: parties }, () => listen("127.0.0.1", 0)));
  const addresses = servers.map((s) => ({ host: "127.0.0.1", port: serverPort(s) }));
  const runs = servers.map((server, party) =>
    runOverNetwork({
      loaded, party, addresses, inputs: inputs[party]!, material: new Material(ring, materials[party]!.items), dealId, network, server,
    }),
  );
  // The first failure in time is the cause; the others are usually its echo (a peer disconnected).
  const failures: unknown[] = [];
  const results = await Promise.all(runs.map((r) => r.catch((e: unknown) => void failures.push(e))));
  if (failures.length > 0) throw failures[0];
  return results as PartyResult[];
}
