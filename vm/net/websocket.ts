// The WebSocket transport: a full mesh in which party i dials every party below it and accepts
// every party above it, a handshake on each link, then one binary frame per peer per round.

import { WebSocket, WebSocketServer, type RawData } from "ws";
import { describeParty, type PartyAddress } from "./config.js";
import { NetworkError } from "./errors.js";
import { decodeFrame, encodeFrame, FRAME_HEADER } from "./frame.js";
import { mismatch, parseHandshake, PROTOCOL_VERSION, type Identity } from "./handshake.js";
import { formatSeconds, Mailbox } from "./mailbox.js";
import { exchangeVia, type Transport } from "./transport.js";

export interface MeshOptions {
  readonly party: number;
  readonly addresses: readonly PartyAddress[];
  readonly programHash: string;
  readonly dealId: string;
  readonly connectTimeoutMs: number;
  readonly roundTimeoutMs: number;
  /** The largest round payload this program sends one peer; larger frames are refused unread. */
  readonly maxPayloadBytes: number;
  /** A server already listening on this party's port (the `local` command binds port 0 first). */
  readonly server?: WebSocketServer;
  readonly log?: (message: string) => void;
}

const HANDSHAKE_LIMIT = 4096;

export function listen(host: string, port: number, maxPayload = HANDSHAKE_LIMIT): Promise<WebSocketServer> {
  return new Promise((resolve, reject) => {
    const server = new WebSocketServer({ host, port, maxPayload, perMessageDeflate: false });
    server.once("listening", () => resolve(server));
    server.once("error", (e: NodeJS.ErrnoException) => {
      server.close();
      const why = e.code === "EADDRINUSE" ? "the port is in use" : e.code === "EADDRNOTAVAIL" ? "the address is not on this machine" : e.message;
      reject(new NetworkError(`cannot listen on ${host}:${port}: ${why}`));
    });
  });
}

export function serverPort(server: WebSocketServer): number {
  return (server.address() as { port: number }).port;
}

export async function connectMesh(o: MeshOptions): Promise<Transport> {
  const me = o.addresses[o.party]!;
  const server = o.server ?? (await listen(me.host, me.port));
  const mesh = new Mesh(o, server);
  try {
    await mesh.establish();
  } catch (e) {
    await mesh.close();
    throw e;
  }
  return mesh;
}

class Mesh implements Transport {
  readonly party: number;
  readonly parties: number;
  private readonly sockets: Array<WebSocket | null>;
  private readonly mailbox: Mailbox;
  private readonly identity: Identity;
  private readonly refusals = new Map<number, string>();
  private closing = false;
  private linked: (() => void) | null = null;
  private failed: ((e: Error) => void) | null = null;

  constructor(
    private readonly o: MeshOptions,
    private readonly server: WebSocketServer,
  ) {
    this.party = o.party;
    this.parties = o.addresses.length;
    this.sockets = o.addresses.map(() => null);
    this.mailbox = new Mailbox(this.parties, o.roundTimeoutMs);
    this.identity = { protocol: PROTOCOL_VERSION, party: o.party, programHash: o.programHash, dealId: o.dealId };
    server.options.maxPayload = frameLimit(o);
    server.on("connection", (ws) => this.accept(ws));
  }

  establish(): Promise<void> {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + this.o.connectTimeoutMs;
      const timer = setTimeout(() => reject(this.connectTimeout()), this.o.connectTimeoutMs);
      this.linked = () => {
        if (this.sockets.every((s, p) => s !== null || p === this.party)) {
          clearTimeout(timer);
          resolve();
        }
      };
      this.failed = (e) => {
        clearTimeout(timer);
        reject(e);
      };
      for (let p = 0; p < this.party; p++) this.dial(p, deadline);
      this.linked();
    });
  }

  exchange(round: number, outgoing: readonly Uint8Array[]): Promise<Uint8Array[]> {
    return exchangeVia(this.party, this.parties, this.mailbox, (p, r, m) => this.send(p, r, m), round, outgoing);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.mailbox.close(new NetworkError("the connection is closed"));
    const closed = this.sockets.map((ws) => (ws === null ? Promise.resolve() : closeSocket(ws)));
    for (const client of this.server.clients) client.terminate();
    await Promise.all(closed);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private send(peer: number, round: number, payload: Uint8Array): void {
    const ws = this.sockets[peer];
    if (ws === null || ws === undefined || ws.readyState !== WebSocket.OPEN) {
      this.mailbox.fail(peer, new NetworkError(`${this.describe(peer)} is not connected (round ${round})`));
      return;
    }
    ws.send(encodeFrame(round, this.party, payload));
  }

  /** A peer above us dials in: its hello must name a party we expect and agree on everything. */
  private accept(ws: WebSocket): void {
    const timer = setTimeout(() => ws.terminate(), Math.min(10_000, this.o.connectTimeoutMs));
    ws.once("message", (data, isBinary) => {
      clearTimeout(timer);
      const hello = isBinary ? null : parseHandshake(data.toString());
      if (hello === null || hello.type !== "hello") return refuse(ws, "the first message must be a hello");
      const reason = this.admissionProblem(hello);
      if (reason !== null) {
        this.refusals.set(hello.party, reason);
        return refuse(ws, reason);
      }
      ws.send(JSON.stringify({ type: "welcome", party: this.party }));
      this.attach(hello.party, ws);
    });
    ws.on("error", () => ws.terminate());
  }

  private admissionProblem(hello: Identity): string | null {
    if (this.closing) return "this party is shutting down";
    if (hello.party <= this.party || hello.party >= this.parties) {
      return `party ${this.party} accepts connections only from parties ${this.party + 1} to ${this.parties - 1}, not from party ${hello.party}`;
    }
    if (this.sockets[hello.party] !== null) return `party ${hello.party} is already connected`;
    const different = mismatch(this.identity, hello);
    return different === null ? null : `party ${hello.party} runs ${different}`;
  }

  /** Dials a party below us, retrying while it is not up yet, until the deadline. */
  private dial(peer: number, deadline: number, delay = 100): void {
    if (this.closing) return;
    const { host, port } = this.o.addresses[peer]!;
    const ws = new WebSocket(`ws://${host}:${port}`, { maxPayload: frameLimit(this.o), perMessageDeflate: false });
    let answered = false;
    const retry = (): void => {
      if (answered || this.closing) return;
      answered = true;
      ws.terminate();
      if (Date.now() + delay >= deadline) return;
      setTimeout(() => this.dial(peer, deadline, Math.min(delay * 2, 1000)), delay);
    };
    ws.once("open", () => ws.send(JSON.stringify({ type: "hello", ...this.identity })));
    ws.once("message", (data, isBinary) => {
      answered = true;
      const reply = isBinary ? null : parseHandshake(data.toString());
      if (reply?.type === "welcome" && reply.party === peer) return this.attach(peer, ws);
      ws.terminate();
      const why = reply?.type === "refused" ? reply.reason : "it did not answer the handshake";
      this.failed?.(new NetworkError(`${this.describe(peer)} refused the connection: ${why}`));
    });
    ws.on("error", retry);
    ws.once("close", retry);
  }

  private attach(peer: number, ws: WebSocket): void {
    this.sockets[peer] = ws;
    this.o.log?.(`connected to ${this.describe(peer)}`);
    ws.removeAllListeners("message");
    ws.removeAllListeners("close");
    ws.removeAllListeners("error");
    ws.on("message", (data, isBinary) => this.receive(peer, data, isBinary));
    ws.on("close", () => {
      if (!this.closing) this.mailbox.fail(peer, new NetworkError(`${this.describe(peer)} disconnected`));
    });
    ws.on("error", (e) => this.mailbox.fail(peer, new NetworkError(`connection to ${this.describe(peer)} failed: ${e.message}`)));
    this.linked?.();
  }

  private receive(peer: number, data: RawData, isBinary: boolean): void {
    const bytes = isBinary ? toBytes(data) : null;
    const frame = bytes === null ? "a text message arrived during the computation" : decodeFrame(bytes);
    try {
      if (typeof frame === "string") throw new NetworkError(frame);
      if (frame.sender !== peer) throw new NetworkError(`a message on the link to party ${peer} claims to come from party ${frame.sender}`);
      this.mailbox.deliver(peer, frame.round, frame.payload);
    } catch (e) {
      const error = new NetworkError(`${this.describe(peer)} sent a bad message: ${(e as Error).message}`);
      this.mailbox.fail(peer, error);
      this.sockets[peer]?.terminate();
    }
  }

  private connectTimeout(): NetworkError {
    const missing = this.sockets.flatMap((s, p) => (s === null && p !== this.party ? [p] : []));
    const details = missing.map((p) => {
      const refusal = this.refusals.get(p);
      return `${this.describe(p)}${refusal ? ` (refused: ${refusal})` : ""}`;
    });
    return new NetworkError(`could not connect within ${formatSeconds(this.o.connectTimeoutMs)} to ${details.join(", ")}`);
  }

  private describe(peer: number): string {
    return describeParty(peer, this.o.addresses[peer]);
  }
}

/** The largest frame a peer may send: one round's payload, or a handshake message. */
function frameLimit(o: MeshOptions): number {
  return Math.max(o.maxPayloadBytes + FRAME_HEADER, HANDSHAKE_LIMIT);
}

function refuse(ws: WebSocket, reason: string): void {
  ws.send(JSON.stringify({ type: "refused", reason }), () => ws.close());
}

function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const timer = setTimeout(() => {
      ws.terminate();
      resolve();
    }, 2000);
    ws.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close();
  });
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
