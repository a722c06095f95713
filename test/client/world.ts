// A computation with clients, in this process over real sockets on 127.0.0.1: a compiled program
// on disk, three parties (optionally with pinned TLS certificates), client keys, parties.json.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSource } from "../../compiler/compile.js";
import { decodeProgram } from "../../vm/bytecode/codec.js";
import type { LoadedProgram } from "../../vm/bytecode/program.js";
import type { LogEvent } from "../../vm/log.js";
import type { PartyResult } from "../../vm/machine/party.js";
import { clientKeysFor } from "../../vm/net/client-config.js";
import { ClientDesk } from "../../vm/net/client-desk.js";
import { makeClientKey } from "../../vm/net/client-keys.js";
import { readPartiesConfig, type PartiesConfig } from "../../vm/net/config.js";
import { loadTlsIdentity } from "../../vm/net/tls.js";
import { dealForRun, usesDealer } from "../../vm/preprocessing/dealer.js";
import type { ProtocolName } from "../../vm/protocol/protocol.js";
import { newDealId } from "../../vm/preprocessing/store.js";
import { NO_DEAL, runOverNetwork } from "../../vm/session.js";
import { importSigningKey } from "../../client/auth.js";
import { nodeConnector } from "../../client/node-connect.js";
import { endpointsFrom, type PartyEndpoint } from "../../client/parties.js";
import { readClientProgram } from "../../client/program.js";
import type { Conversation } from "../../client/session.js";
import { freePorts } from "../net-helpers.js";
import { makeSelfSigned, type PartyPki } from "../net/pki.js";

export interface WorldOptions {
  readonly source: string;
  readonly parties?: number;
  /** Pinned self-signed certificates for the parties (TLS on both ports), or plain ws://. */
  readonly tls?: boolean;
  /** The protocol the program is compiled for (additive by default). */
  readonly protocol?: ProtocolName;
}

/** What one party received: every client message and every peer's round message, as bytes or text. */
export interface Received {
  readonly from: string;
  readonly message: Uint8Array | string;
}

export interface RunningParty {
  readonly result: Promise<PartyResult>;
  readonly received: Received[];
  readonly events: LogEvent[];
}

export interface StartOptions {
  readonly clientTimeoutMs?: number;
  readonly fetchTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Parties to start (default: all). */
  readonly only?: readonly number[];
}

export class World {
  readonly dir = mkdtempSync(join(tmpdir(), "mpc-clients-"));
  readonly bytecode = join(this.dir, "prog.bc");
  readonly partiesPath = join(this.dir, "parties.json");
  loaded!: LoadedProgram;
  config!: PartiesConfig;
  private pki: PartyPki[] = [];
  private readonly stops: AbortController[] = [];

  static async create(o: WorldOptions): Promise<World> {
    const world = new World();
    await world.setUp(o);
    return world;
  }

  keyPath(client: string): string {
    return join(this.dir, `${client}.key`);
  }

  private async setUp(o: WorldOptions): Promise<void> {
    const compiled = compileSource("prog.mpc", o.source, { parties: o.parties ?? 3, protocol: o.protocol ?? "additive" });
    if (compiled.output === null) throw new Error("the test program does not compile");
    writeFileSync(this.bytecode, compiled.output.bytes);
    this.loaded = decodeProgram(compiled.output.bytes);
    const n = this.loaded.program.parties;
    const ports = await freePorts(2 * n);
    this.pki = o.tls ? Array.from({ length: n }, (_, p) => makeSelfSigned(this.dir, `party${p}`)) : [];
    const clients = this.loaded.program.clients.map(({ name }) => {
      const key = makeClientKey();
      writeFileSync(this.keyPath(name), key.privatePem, { mode: 0o600 });
      return { name, publicKey: key.publicKey };
    });
    const parties = Array.from({ length: n }, (_, p) => ({
      host: "127.0.0.1",
      port: ports[p]!,
      clientPort: ports[n + p]!,
      name: `org ${p}`,
      ...(o.tls ? { fingerprint: `sha256:${this.pki[p]!.fingerprint}` } : {}),
    }));
    writeFileSync(this.partiesPath, JSON.stringify({ parties, clients }, null, 2));
    this.config = readPartiesConfig(this.partiesPath);
  }

  /** Starts the parties, each with its client port listening, as `mpcvm run` does. */
  async start(o: StartOptions = {}): Promise<RunningParty[]> {
    const { program } = this.loaded;
    const materials = dealForRun(program);
    const dealId = usesDealer(program) ? newDealId() : NO_DEAL;
    const keys = clientKeysFor(program, this.config);
    const only = o.only ?? Array.from({ length: program.parties }, (_, p) => p);
    const stop = new AbortController();
    this.stops.push(stop);
    return Promise.all(
      only.map(async (party) => {
        const received: Received[] = [];
        const events: LogEvent[] = [];
        const log = (e: LogEvent) => void events.push(e);
        const tls = this.pki.length > 0 ? loadTlsIdentity(this.config, party, { key: this.pki[party]!.keyPath, cert: this.pki[party]!.certPath }) : null;
        const desk = await ClientDesk.start({
          party,
          loaded: this.loaded,
          host: "127.0.0.1",
          port: this.config.parties[party]!.clientPort!,
          tls,
          keys,
          log,
          tap: (client, message) => void received.push({ from: `client ${client ?? "?"}`, message }),
        });
        const result = runOverNetwork({
          loaded: this.loaded,
          party,
          addresses: this.config.parties,
          inputs: new Map(),
          material: materials[party]!,
          dealId,
          clients: desk,
          network: {
            connectTimeoutMs: o.connectTimeoutMs ?? 5000,
            roundTimeoutMs: 5000,
            tls,
            log,
            signal: stop.signal,
            clientTimeoutMs: o.clientTimeoutMs ?? 10_000,
            fetchTimeoutMs: o.fetchTimeoutMs ?? 10_000,
            tap: (from, message) => void received.push({ from: `party ${from}`, message }),
          },
        });
        result.catch(() => undefined);
        return { result, received, events };
      }),
    );
  }

  /** Stops every party still running (they fail, telling waiting clients), and removes the files. */
  close(): void {
    for (const stop of this.stops) stop.abort(new Error("the test is over"));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * A conversation as submitInputs and fetchOutputs have one, but for any client name (even one the
   * program lacks), signed with any client's key, with all parties or some: to play a wayward client.
   */
  async conversation(
    client: string,
    o: { key?: string; inputsOf?: string; endpoints?: (all: PartyEndpoint[]) => PartyEndpoint[] } = {},
  ): Promise<Conversation> {
    const program = await readClientProgram(readFileSync(this.bytecode));
    const spec = program.clients.find((c) => c.name === (o.inputsOf ?? client)) ?? program.clients[0]!;
    const all = endpointsFrom(JSON.parse(readFileSync(this.partiesPath, "utf8")));
    return {
      program,
      programName: "prog.bc",
      client: { ...spec, name: client },
      endpoints: o.endpoints ? o.endpoints(all) : all,
      key: await importSigningKey(readFileSync(this.keyPath(o.key ?? client), "utf8")),
      connect: nodeConnector(this.config),
      deadline: Date.now() + 5000,
    };
  }

  /** A copy of parties.json with some entries changed, as a client with another copy would have it. */
  partiesWith(name: string, change: (json: { parties: Array<Record<string, unknown>>; clients: unknown[] }) => void): string {
    const json = JSON.parse(readFileSync(this.partiesPath, "utf8")) as { parties: Array<Record<string, unknown>>; clients: unknown[] };
    change(json);
    const path = join(this.dir, name);
    writeFileSync(path, JSON.stringify(json));
    return path;
  }
}
