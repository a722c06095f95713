// A party's client port: clients (data owners that are not parties) submit their shares of their
// inputs before the run and fetch this party's shares of their outputs after it (docs/clients.md).

import { shareLayout } from "../protocol/params.js";
import { randomBytes, type KeyObject } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import type { LoadedProgram } from "../bytecode/program.js";
import { ringOf } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import type { Log } from "../log.js";
import { verifyClientSignature } from "./client-keys.js";
import { CLIENT_PROTOCOL, helloText, parseClientMessage, partyMessage, type ClientMessage, type PartyMessage } from "./client-protocol.js";
import { NetworkError } from "./errors.js";
import { HANDSHAKE_LIMIT } from "./listen.js";
import { formatSeconds } from "./mailbox.js";
import type { TlsIdentity } from "./tls.js";

/** A client did not submit (or fetch) in time: the run cannot go on without it, or its outputs are dropped. */
export class ClientMissing extends NetworkError {
  override readonly name: string = "ClientMissing";
}

export interface DeskOptions {
  readonly party: number;
  readonly loaded: LoadedProgram;
  /** Where to listen: this party's host (or --listen) and its "clientPort"; port 0 picks a free one. */
  readonly host: string;
  readonly port: number;
  /** With TLS, clients see this party's certificate (they need not present one: they sign instead). */
  readonly tls: TlsIdentity | null;
  /** Every client's public key, from parties.json. */
  readonly keys: ReadonlyMap<string, KeyObject>;
  readonly log?: Log;
  /** Every message a client sends, as it arrives, with the client's name once known (tests read it). */
  readonly tap?: (client: string | null, message: Uint8Array | string) => void;
}

interface ClientPart {
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** 64-bit words of all the client's inputs, as its submission carries them. */
  readonly inputWords: number;
}

interface Submission {
  readonly id: string;
  readonly shares: ReadonlyMap<number, Vec>;
}

/** A client has this long to say hello, and then to send its shares. */
const HELLO_TIMEOUT_MS = 10_000;
const SHARES_TIMEOUT_MS = 60_000;
/** More open client connections than this are dropped at once: a program has a handful of clients. */
const MAX_CONNECTIONS = 100;

export class ClientDesk {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Socket>();
  private readonly parts = new Map<string, ClientPart>();
  private readonly submissions = new Map<string, Submission>();
  private readonly receiving = new Set<string>();
  /** The last reason a client was refused, for the error if it never gets through. */
  private readonly refusals = new Map<string, string>();
  private submissionsOpen = true;
  private onSubmission: (() => void) | null = null;
  private outputs: ReadonlyMap<number, Vec> | null = null;
  private failure: string | null = null;
  private readonly waitingFetches = new Map<WebSocket, string>();
  private readonly fetched = new Set<string>();
  private onFetch: (() => void) | null = null;
  private closed: Promise<void> | null = null;

  private constructor(
    private readonly o: DeskOptions,
    private readonly server: Server,
  ) {
    const words = ringOf(o.loaded.program.domain).words * shareLayout(o.loaded.program.protocol, o.loaded.program.parties).arith;
    for (const c of o.loaded.program.clients) {
      const inputWords = c.inputs.reduce((n, i) => n + o.loaded.program.inputs[i]!.len * words, 0);
      this.parts.set(c.name, { inputs: c.inputs, outputs: c.outputs, inputWords });
    }
    const largest = Math.max(0, ...[...this.parts.values()].map((p) => p.inputWords * 8));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: Math.max(largest, HANDSHAKE_LIMIT), perMessageDeflate: false, clientTracking: true });
    server.on("connection", (socket: Socket) => {
      if (this.connections.size >= MAX_CONNECTIONS) return void socket.destroy();
      this.connections.add(socket);
      socket.once("close", () => this.connections.delete(socket));
      socket.on("error", () => socket.destroy());
    });
    server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(426, { "content-type": "text/plain" }).end("This is an MPC party's client port: use mpcvm submit or mpcvm fetch.\n");
    });
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (this.closed !== null) return void socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, `${req.socket.remoteAddress ?? "?"}:${req.socket.remotePort ?? "?"}`));
    });
    server.on("clientError", (_e: Error, socket: Duplex) => socket.destroy());
    server.headersTimeout = HELLO_TIMEOUT_MS;
    server.requestTimeout = HELLO_TIMEOUT_MS;
  }

  static start(o: DeskOptions): Promise<ClientDesk> {
    const server = o.tls === null ? createHttpServer() : createHttpsServer({ key: o.tls.key, cert: o.tls.cert, minVersion: "TLSv1.3" });
    const desk = new ClientDesk(o, server);
    return new Promise((resolve, reject) => {
      server.once("error", (e: NodeJS.ErrnoException) => {
        server.close();
        const why =
          e.code === "EADDRINUSE" ? "the port is in use" : e.code === "EADDRNOTAVAIL" ? "the address is not on this machine (see --listen)" : e.message;
        reject(new NetworkError(`cannot listen for clients on ${o.host}:${o.port}: ${why}`));
      });
      server.listen(o.port, o.host, () => {
        const names = [...desk.parts.keys()].join(", ");
        o.log?.({
          level: "info",
          event: "clients-listening",
          message: `listening for clients (${names}) on ${o.host}:${desk.port}${o.tls ? " (TLS)" : ""}`,
          fields: { port: desk.port },
        });
        resolve(desk);
      });
    });
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /**
   * Resolves with every client input's share (by input index) once each client that provides inputs
   * has submitted; fails, naming the missing clients, after `timeoutMs`. Submissions then close.
   */
  awaitSubmissions(timeoutMs: number, signal?: AbortSignal): Promise<Map<number, Vec>> {
    const expected = [...this.parts.entries()].filter(([, p]) => p.inputs.length > 0).map(([name]) => name);
    if (expected.length > 0)
      this.o.log?.({
        level: "info",
        event: "clients-waiting",
        message: `waiting up to ${formatSeconds(timeoutMs)} for the inputs of ${expected.map((n) => `client ${n}`).join(", ")}`,
      });
    return this.waitFor(
      timeoutMs,
      signal,
      (set) => (this.onSubmission = set),
      () => expected.every((n) => this.submissions.has(n)),
      () => {
        const missing = expected.filter((n) => !this.submissions.has(n));
        const why = (n: string) =>
          this.refusals.has(n)
            ? `client ${n} (refused: ${this.refusals.get(n)})`
            : this.receiving.has(n)
              ? `client ${n} (its shares were still arriving)`
              : `client ${n}`;
        return new ClientMissing(
          `no inputs from ${missing.map(why).join(", ")} within ${formatSeconds(timeoutMs)} (--client-timeout): the run cannot start without them`,
        );
      },
    ).then(
      () => {
        this.submissionsOpen = false;
        const shares = new Map<number, Vec>();
        for (const s of this.submissions.values()) for (const [index, v] of s.shares) shares.set(index, v);
        return shares;
      },
      (e: unknown) => {
        this.submissionsOpen = false;
        throw e;
      },
    );
  }

  /** Each client's submission id, which every party must hold the same of (the mesh handshake compares them). */
  submissionIds(): Record<string, string> {
    return Object.fromEntries([...this.submissions.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, s]) => [name, s.id]));
  }

  /** This party's shares of the clients' outputs: clients waiting for them get them now, later ones on arrival. */
  publish(shares: ReadonlyMap<number, Vec>): void {
    this.outputs = shares;
    for (const [ws, client] of this.waitingFetches) this.deliver(ws, client);
    this.waitingFetches.clear();
  }

  /** Resolves once every client with outputs has received this party's shares; fails after `timeoutMs`. */
  awaitFetches(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const expected = [...this.parts.entries()].filter(([, p]) => p.outputs.length > 0).map(([name]) => name);
    const pending = expected.filter((n) => !this.fetched.has(n));
    if (pending.length > 0)
      this.o.log?.({
        level: "info",
        event: "clients-fetching",
        message: `keeping the outputs of ${pending.map((n) => `client ${n}`).join(", ")} for up to ${formatSeconds(timeoutMs)}`,
      });
    return this.waitFor(
      timeoutMs,
      signal,
      (set) => (this.onFetch = set),
      () => expected.every((n) => this.fetched.has(n)),
      () => {
        const missing = expected.filter((n) => !this.fetched.has(n)).map((n) => `client ${n}`);
        return new ClientMissing(
          `the computation finished, but ${missing.join(", ")} did not fetch ${missing.length === 1 ? "its" : "their"} outputs within ${formatSeconds(timeoutMs)} (--fetch-timeout); this party's shares of them are discarded`,
        );
      },
    );
  }

  /** The run failed: clients waiting for outputs, and any that come later, are told why. */
  fail(reason: string): void {
    this.failure = reason;
    this.submissionsOpen = false;
    for (const ws of this.waitingFetches.keys()) send(ws, { type: "failed", reason }, true);
    this.waitingFetches.clear();
  }

  /** Closes every client connection (letting a last notice go out, for up to a second) and the port. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      // Called once the last connection has gone.
      const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      await Promise.all([...this.wss.clients].map(closeGently));
      for (const socket of this.connections) socket.destroy();
      this.wss.close();
      await serverClosed;
    })();
    return this.closed;
  }

  private waitFor(
    timeoutMs: number,
    signal: AbortSignal | undefined,
    hook: (f: (() => void) | null) => void,
    done: () => boolean,
    timeout: () => Error,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: unknown): void => {
        clearTimeout(timer);
        hook(null);
        signal?.removeEventListener("abort", aborted);
        if (error === undefined) resolve();
        else reject(error);
      };
      const aborted = (): void => finish(signal?.reason instanceof Error ? signal.reason : new NetworkError("this party was stopped"));
      const timer = setTimeout(() => finish(timeout()), timeoutMs);
      signal?.addEventListener("abort", aborted, { once: true });
      if (signal?.aborted) return aborted();
      hook(() => done() && finish());
      if (done()) finish();
    });
  }

  /** A new connection: challenge it, then admit a hello signed with the key of the client it names. */
  private connected(ws: WebSocket, remote: string): void {
    ws.on("error", () => ws.terminate());
    const nonce = randomBytes(32).toString("hex");
    const timer = setTimeout(() => ws.terminate(), HELLO_TIMEOUT_MS);
    ws.once("close", () => clearTimeout(timer));
    send(ws, { type: "challenge", protocol: CLIENT_PROTOCOL, party: this.o.party, programHash: this.o.loaded.hash, nonce });
    ws.once("message", (data, isBinary) => {
      clearTimeout(timer);
      const text = isBinary ? null : toBytes(data).toString();
      const hello = text === null ? null : parseClientMessage(text);
      this.o.tap?.(hello?.type === "hello" ? hello.client : null, text ?? toBytes(data));
      if (hello?.type !== "hello") return this.refuse(ws, remote, null, "the first message must be a client hello");
      const problem = this.admission(hello, nonce);
      if (problem !== null) return this.refuse(ws, remote, hello.client, problem);
      if (hello.intent === "submit") this.receive(ws, remote, hello.client, hello.submission!);
      else this.serveFetch(ws, hello.client);
    });
  }

  private admission(hello: Extract<ClientMessage, { type: "hello" }>, nonce: string): string | null {
    const { client, intent, submission } = hello;
    if (hello.protocol !== CLIENT_PROTOCOL) return `the client speaks protocol version ${hello.protocol}, but this party speaks version ${CLIENT_PROTOCOL}`;
    const part = this.parts.get(client);
    if (part === undefined) return `the program has no client named '${client}'`;
    const text = helloText({ party: this.o.party, programHash: this.o.loaded.hash, nonce, client, intent, submission });
    if (!verifyClientSignature(this.o.keys.get(client)!, text, hello.signature))
      return `the signature does not verify with the key parties.json names for client ${client}`;
    if (intent === "fetch") return part.outputs.length === 0 ? `client ${client} receives no outputs from this program` : null;
    if (part.inputs.length === 0) return `client ${client} provides no inputs to this program`;
    const earlier = this.submissions.get(client);
    if (earlier !== undefined && earlier.id !== submission) {
      return `client ${client} has already submitted its inputs for this run (submission ${earlier.id.slice(0, 12)}…); a client submits once per run`;
    }
    if (earlier === undefined && this.receiving.has(client)) return `client ${client} is submitting its inputs on another connection`;
    if (earlier === undefined && !this.submissionsOpen) return this.failure ?? "submissions for this run are closed";
    return null;
  }

  private refuse(ws: WebSocket, remote: string, client: string | null, reason: string): void {
    if (client !== null && this.parts.has(client)) this.refusals.set(client, reason);
    this.o.log?.({
      level: "warn",
      event: "client-refused",
      message: `refused ${client === null ? "a connection" : `client ${client}`} from ${remote}: ${reason}`,
    });
    send(ws, { type: "refused", reason }, true);
  }

  /** A submission: one binary message with this party's share of each of the client's inputs. */
  private receive(ws: WebSocket, remote: string, client: string, id: string): void {
    const earlier = this.submissions.get(client);
    if (earlier !== undefined) {
      this.o.log?.({
        level: "info",
        event: "client-submitted",
        message: `client ${client} sent its submission ${id.slice(0, 12)}… again; this party already has it`,
      });
      return send(ws, { type: "accepted", repeated: true }, true);
    }
    const part = this.parts.get(client)!;
    this.receiving.add(client);
    const timer = setTimeout(() => ws.terminate(), SHARES_TIMEOUT_MS);
    ws.once("close", () => {
      clearTimeout(timer);
      this.receiving.delete(client);
    });
    send(ws, { type: "ready" });
    ws.once("message", (data, isBinary) => {
      clearTimeout(timer);
      const bytes = toBytes(data);
      this.o.tap?.(client, isBinary ? bytes : bytes.toString());
      const expected = part.inputWords * 8;
      if (!isBinary) return this.refuse(ws, remote, client, "expected the shares of its inputs as one binary message");
      if (bytes.byteLength !== expected) return this.refuse(ws, remote, client, `its shares hold ${bytes.byteLength} bytes, but its inputs need ${expected}`);
      if (!this.submissionsOpen) return this.refuse(ws, remote, client, this.failure ?? "submissions for this run are closed");
      this.submissions.set(client, { id, shares: this.split(part, bytes) });
      this.receiving.delete(client);
      this.refusals.delete(client);
      this.o.log?.({
        level: "info",
        event: "client-submitted",
        message: `client ${client} submitted its inputs (${expected / 8} words; submission ${id.slice(0, 12)}…)`,
        fields: { client },
      });
      send(ws, { type: "accepted", repeated: false }, true);
      this.onSubmission?.();
    });
  }

  /** The message's words, cut into one fresh (aligned) vector per input. */
  private split(part: ClientPart, bytes: Uint8Array): Map<number, Vec> {
    const words = new BigUint64Array(bytes.byteLength / 8);
    new Uint8Array(words.buffer).set(bytes);
    const ring = ringOf(this.o.loaded.program.domain);
    const shares = new Map<number, Vec>();
    let at = 0;
    for (const index of part.inputs) {
      const n = this.o.loaded.program.inputs[index]!.len * ring.words * shareLayout(this.o.loaded.program.protocol, this.o.loaded.program.parties).arith;
      shares.set(index, words.slice(at, at + n));
      at += n;
    }
    return shares;
  }

  private serveFetch(ws: WebSocket, client: string): void {
    send(ws, { type: "ready" });
    if (this.failure !== null) return send(ws, { type: "failed", reason: this.failure }, true);
    if (this.outputs !== null) return this.deliver(ws, client);
    this.waitingFetches.set(ws, client);
    ws.once("close", () => this.waitingFetches.delete(ws));
  }

  /** Sends this party's shares of the client's outputs; the client's "received" marks them fetched. */
  private deliver(ws: WebSocket, client: string): void {
    const part = this.parts.get(client)!;
    const vectors = part.outputs.map((index) => this.outputs!.get(index)!);
    const words = new BigUint64Array(vectors.reduce((n, v) => n + v.length, 0));
    let at = 0;
    for (const v of vectors) {
      words.set(v, at);
      at += v.length;
    }
    const timer = setTimeout(() => ws.terminate(), SHARES_TIMEOUT_MS);
    ws.once("close", () => clearTimeout(timer));
    ws.once("message", (data, isBinary) => {
      const text = isBinary ? null : toBytes(data).toString();
      this.o.tap?.(client, text ?? toBytes(data));
      if (text === null || parseClientMessage(text)?.type !== "received") return void ws.terminate();
      this.fetched.add(client);
      this.o.log?.({ level: "info", event: "client-fetched", message: `client ${client} fetched its outputs`, fields: { client } });
      ws.close();
      this.onFetch?.();
    });
    ws.send(new Uint8Array(words.buffer));
  }
}

function send(ws: WebSocket, message: PartyMessage, thenClose = false): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  ws.send(partyMessage(message), () => thenClose && ws.close());
}

function closeGently(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const timer = setTimeout(() => (ws.terminate(), resolve()), 1000);
    ws.once("close", () => (clearTimeout(timer), resolve()));
    ws.close();
  });
}

function toBytes(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}
