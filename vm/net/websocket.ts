// The WebSocket transport: a full mesh in which party i dials every party below it and accepts
// every party above it, a handshake on each link, then one binary frame per peer per round.

import { randomBytes } from "node:crypto";
import type { Log } from "../log.js";
import { describeParty, type PartyAddress } from "./config.js";
import { Dialer, looksRefused } from "./dial.js";
import { NetworkError, RefusedError } from "./errors.js";
import { shortFingerprint } from "./fingerprint.js";
import { SEED_BYTES } from "../domain/prg.js";
import { decodeFrame, encodeFrame, FRAME_HEADER } from "./frame.js";
import { abortMessage, helloMessage, mismatch, parseHandshake, PROTOCOL_VERSION, refusedMessage, welcomeMessage, type Identity } from "./handshake.js";
import type { Link, LinkError } from "./link.js";
import { HANDSHAKE_LIMIT, Listener } from "./listen.js";
import { formatSeconds, Mailbox } from "./mailbox.js";
import { partiesFor, problemWith, type PeerCertificate, type TlsIdentity } from "./tls.js";
import { Drops, exchangeVia, type Transport } from "./transport.js";
import type { Survival } from "../machine/interpreter.js";

export interface MeshOptions {
  readonly party: number;
  readonly addresses: readonly PartyAddress[];
  readonly programHash: string;
  readonly dealId: string;
  /** Each client's submission id (programs with clients): peers must hold the same ones. */
  readonly clients?: Readonly<Record<string, string>>;
  readonly connectTimeoutMs: number;
  readonly roundTimeoutMs: number;
  /** The largest round payload this program sends one peer; larger frames are refused unread. */
  readonly maxPayloadBytes: number;
  /** This party's certificate and the peers' rules; null for plain ws:// (loopback or --insecure). */
  readonly tls: TlsIdentity | null;
  /** A port already listening (the `local` command binds port 0 first). */
  readonly listener?: Listener;
  /** Where to listen, if not at this party's address in parties.json (e.g. 0.0.0.0 behind NAT). */
  readonly listenHost?: string;
  readonly log?: Log;
  /** Aborting stops connecting, or fails the round in progress, so the run ends and tells its peers. */
  readonly signal?: AbortSignal;
}

/** Refused connections with unknown certificates are logged up to this many, then only counted. */
const LOGGED_STRANGERS = 5;

export async function connectMesh(o: MeshOptions): Promise<Transport> {
  const me = o.addresses[o.party]!;
  const listener = o.listener ?? (await Listener.start(o.listenHost ?? me.host, me.port, o.tls));
  const mesh = new Mesh(o, listener);
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
  private readonly links: Array<Link | null>;
  /** The PRG seed shared with each peer: chosen by the lower party, sent in its welcome. */
  private readonly seeds: Array<Uint8Array | null>;
  private drops: Drops | null = null;
  private readonly mailbox: Mailbox;
  private readonly identity: Identity;
  private readonly dialer: Dialer;
  /** Why we refused a party's connection, for the connect-timeout message. */
  private readonly refusals = new Map<number, string>();
  private readonly strangers: string[] = [];
  private closing = false;
  private deadline = 0;
  private settle: { linked(): void; failed(e: Error): void } | null = null;

  constructor(
    private readonly o: MeshOptions,
    private readonly listener: Listener,
  ) {
    this.party = o.party;
    this.parties = o.addresses.length;
    this.links = o.addresses.map(() => null);
    this.seeds = o.addresses.map(() => null);
    this.mailbox = new Mailbox(this.parties, o.roundTimeoutMs, (p) => this.describe(p));
    this.identity = { protocol: PROTOCOL_VERSION, party: o.party, programHash: o.programHash, dealId: o.dealId, ...(o.clients ? { clients: o.clients } : {}) };
    this.dialer = new Dialer({
      addresses: o.addresses,
      tls: o.tls,
      hello: helloMessage(this.identity),
      frameLimit: frameLimit(o),
      describe: (p) => this.describe(p),
      onLinked: (peer, link, seed) => {
        this.seeds[peer] = seed;
        this.attach(peer, link);
      },
      onFailed: (e) => this.settle?.failed(e),
    });
    listener.maxPayload = frameLimit(o);
    listener.gate = (cert, remote) => this.screen(cert, remote);
    listener.onSocket = (link, cert) => this.accept(link, cert);
    o.signal?.addEventListener("abort", () => this.abort(), { once: true });
  }

  establish(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.deadline = Date.now() + this.o.connectTimeoutMs;
      const timer = setTimeout(() => {
        this.settle = null;
        reject(this.connectTimeout());
      }, this.o.connectTimeoutMs);
      this.settle = {
        linked: () => {
          if (!this.links.every((s, p) => s !== null || p === this.party)) return;
          clearTimeout(timer);
          this.settle = null;
          // Every peer is here: no one else has any business with this port.
          this.listener.stopAccepting();
          resolve();
        },
        failed: (e) => {
          clearTimeout(timer);
          this.settle = null;
          reject(e);
        },
      };
      if (this.o.signal?.aborted) return this.abort();
      for (let p = 0; p < this.party; p++) this.dialer.dial(p, this.deadline);
      this.settle.linked();
    });
  }

  exchange(round: number, outgoing: readonly Uint8Array[]): Promise<Array<Uint8Array | null>> {
    return exchangeVia(this.party, this.parties, this.mailbox, this.sendFrame, round, outgoing, this.drops);
  }

  /** A dropped peer's link is closed: nothing more goes to it, and nothing it sends is read. */
  tolerateDrops(survival: Survival): void {
    this.drops = new Drops(
      survival,
      (p) => this.describe(p),
      (p) => this.links[p]?.terminate(),
    );
  }

  pairSeed(peer: number): Uint8Array {
    const seed = this.seeds[peer];
    if (seed === null || seed === undefined) throw new NetworkError(`no seed was agreed with ${this.describe(peer)}`);
    return seed;
  }

  async close(abortReason?: string): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.dialer.stop();
    this.mailbox.close(new NetworkError("this party closed its connections"));
    const closed = this.links.map((link) => {
      if (link === null) return Promise.resolve();
      if (abortReason !== undefined && link.isOpen) link.sendText(abortMessage(abortReason));
      return closeLink(link);
    });
    await Promise.all(closed);
    await this.listener.close();
  }

  private abort(): void {
    const reason: unknown = this.o.signal?.reason;
    const error = reason instanceof NetworkError ? reason : new NetworkError(reason instanceof Error ? reason.message : "this party was stopped");
    if (this.settle) this.settle.failed(error);
    else this.mailbox.close(error);
  }

  /** Made once, not a closure per round. */
  private readonly sendFrame = (peer: number, round: number, payload: Uint8Array): void => {
    const link = this.links[peer];
    if (link === null || link === undefined || !link.isOpen) {
      this.mailbox.fail(peer, new NetworkError(`${this.describe(peer)} is not connected`));
      return;
    }
    link.send(encodeFrame(round, this.party, payload));
  };

  /** Right after TLS: only a certificate parties.json names for a party above us may go on. */
  private screen(cert: PeerCertificate | null, remote: string): boolean {
    if (this.o.tls === null) return true;
    if (cert !== null && partiesFor(this.o.tls, cert, this.party).some((p) => p > this.party)) return true;
    const what = cert === null ? "no certificate" : `certificate sha256:${shortFingerprint(cert.fingerprint)}`;
    this.strangers.push(`${remote} (${what})`);
    if (this.strangers.length <= LOGGED_STRANGERS) {
      const message = `refused a connection from ${remote}: it presented ${what}, which parties.json names for no party that connects to this one`;
      this.o.log?.({ level: "warn", event: "refused", message });
    }
    return false;
  }

  /** A peer above us dials in: its hello must name a party we expect and agree on everything. */
  private accept(link: Link, cert: PeerCertificate | null): void {
    const timer = setTimeout(() => link.terminate(), Math.min(10_000, this.o.connectTimeoutMs));
    link.on("error", () => link.terminate());
    link.once("close", () => clearTimeout(timer));
    link.once("message", (data: Buffer, isBinary: boolean) => {
      clearTimeout(timer);
      const hello = isBinary ? null : parseHandshake(data.toString());
      if (hello === null || hello.type !== "hello") return refuse(link, "the first message must be a hello");
      const reason = this.admissionProblem(hello, cert);
      if (reason !== null) {
        this.refusals.set(hello.party, reason);
        this.o.log?.({ level: "warn", event: "refused", message: `refused ${this.describe(hello.party)}: ${reason}` });
        return refuse(link, reason);
      }
      const seed = randomBytes(SEED_BYTES);
      this.seeds[hello.party] = seed;
      link.sendText(welcomeMessage(this.party, seed.toString("hex")));
      this.attach(hello.party, link);
    });
  }

  private admissionProblem(hello: Identity, cert: PeerCertificate | null): string | null {
    if (this.closing) return "this party is shutting down";
    if (hello.party <= this.party || hello.party >= this.parties) {
      return `party ${this.party} accepts connections only from parties ${this.party + 1} to ${this.parties - 1}, not from party ${hello.party}`;
    }
    if (this.o.tls !== null) {
      const problem = cert === null ? "it presented no certificate" : problemWith(this.o.tls.rules[hello.party]!, cert);
      if (problem !== null) return `the connection claims to be party ${hello.party}, but ${problem}`;
    }
    if (this.links[hello.party] !== null) return `party ${hello.party} is already connected`;
    const different = mismatch(this.identity, hello);
    return different === null ? null : `party ${hello.party} runs ${different}`;
  }

  private attach(peer: number, link: Link): void {
    if (this.closing) return void link.terminate();
    this.links[peer] = link;
    this.o.log?.({
      level: "info",
      event: "connected",
      message: `connected to ${this.describe(peer)}${this.o.tls ? " (TLS, certificate checked)" : ""}`,
      fields: { peer },
    });
    link.removeAllListeners("message");
    link.removeAllListeners("close");
    link.removeAllListeners("error");
    link.maxPayload = frameLimit(this.o);
    link.on("message", (data: Buffer, isBinary: boolean) => this.receive(peer, data, isBinary));
    link.on("close", () => {
      if (this.closing) return;
      if (this.settle !== null) return this.lostBeforeStart(peer, link);
      this.mailbox.fail(peer, new NetworkError(`${this.describe(peer)} disconnected`));
    });
    link.on("error", (e: LinkError) => {
      const why = e.tooLarge ? `sent a message larger than the ${frameLimit(this.o)} bytes this program ever sends` : `broke the connection (${e.message})`;
      this.mailbox.fail(peer, new NetworkError(`${this.describe(peer)} ${why}`));
      link.terminate();
    });
    this.settle?.linked();
  }

  /** A peer that drops while the others are still connecting (it restarted, say) may come back. */
  private lostBeforeStart(peer: number, link: Link): void {
    if (this.links[peer] !== link) return;
    this.links[peer] = null;
    this.o.log?.({
      level: "warn",
      event: "disconnected",
      message: `${this.describe(peer)} disconnected before the run started; waiting for it to connect again`,
    });
    if (peer < this.party) this.dialer.dial(peer, this.deadline);
  }

  private receive(peer: number, data: Buffer, isBinary: boolean): void {
    try {
      if (!isBinary) return this.notice(peer, data);
      const frame = decodeFrame(data);
      if (typeof frame === "string") throw new NetworkError(frame);
      if (frame.sender !== peer) throw new NetworkError(`a message on its link claims to come from party ${frame.sender}`);
      this.mailbox.deliver(peer, frame.round, frame.payload);
    } catch (e) {
      this.mailbox.fail(peer, new NetworkError(`${this.describe(peer)} sent a bad message: ${(e as Error).message}`));
      this.links[peer]?.terminate();
    }
  }

  /**
   * A text message mid-run may only be a peer's abort notice. The computation cannot finish without
   * that peer, so every wait fails now, not just those on it (we may be waiting on a stalled third).
   */
  private notice(peer: number, data: Buffer): void {
    const message = parseHandshake(data.toString());
    if (message?.type !== "abort") throw new NetworkError("a text message arrived during the computation");
    this.mailbox.close(new NetworkError(`${this.describe(peer)} stopped the computation: ${message.reason}`));
  }

  private connectTimeout(): NetworkError {
    const missing = this.links.flatMap((s, p) => (s === null && p !== this.party ? [p] : []));
    const details = missing.map((p) => {
      const why = this.refusals.has(p)
        ? `refused: ${this.refusals.get(p)}`
        : p > this.party
          ? "it has not connected to this party"
          : this.dialer.lastProblem(p);
      return `${this.describe(p)}${why ? ` (${why})` : ""}`;
    });
    const strangers =
      this.strangers.length === 0
        ? ""
        : `; refused ${this.strangers.length} connection(s) presenting a certificate parties.json does not name, e.g. from ${this.strangers[0]}`;
    const message = `could not connect within ${formatSeconds(this.o.connectTimeoutMs)} to ${details.join(", ")}${strangers}`;
    const refused = this.refusals.size > 0 || missing.some((p) => p < this.party && looksRefused(this.dialer.lastProblem(p)));
    return refused ? new RefusedError(message) : new NetworkError(message);
  }

  private describe(peer: number): string {
    return describeParty(peer, this.o.addresses[peer]);
  }
}

/** The largest frame a peer may send: one round's payload, or a handshake message. */
function frameLimit(o: MeshOptions): number {
  return Math.max(o.maxPayloadBytes + FRAME_HEADER, HANDSHAKE_LIMIT);
}

function refuse(link: Link, reason: string): void {
  link.sendText(refusedMessage(reason), () => link.close());
}

/** A closing handshake, or a hard close after a second: a stalled peer must not delay our exit. */
function closeLink(link: Link): Promise<void> {
  return new Promise((resolve) => {
    if (link.isClosed) return resolve();
    const timer = setTimeout(() => {
      link.terminate();
      resolve();
    }, 1000);
    link.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    link.close();
  });
}
