// Dialing a peer: retry with backoff until the connect deadline, check the certificate it presents
// against parties.json before saying anything, send our hello and wait for its welcome or refusal.

import type { ConnectionOptions, TLSSocket } from "node:tls";
import type { PartyAddress } from "./config.js";
import { type NetworkError, RefusedError } from "./errors.js";
import { parseHandshake } from "./handshake.js";
import type { Link } from "./link.js";
import { peerCertificate, problemWith, type TlsIdentity } from "./tls.js";
import { unreachableBecause } from "./unreachable.js";
import { HANDSHAKE_TIMED_OUT, NOT_WEBSOCKET, requestUpgrade } from "./ws-handshake.js";

export interface DialerOptions {
  readonly addresses: readonly PartyAddress[];
  readonly tls: TlsIdentity | null;
  readonly hello: string;
  readonly frameLimit: number;
  readonly describe: (peer: number) => string;
  /** The peer welcomed us; `seed` is the pairwise PRG seed it chose for the two of us. */
  readonly onLinked: (peer: number, link: Link, seed: Uint8Array) => void;
  /** A failure that retrying cannot cure (the peer refused us, or is not who parties.json says). */
  readonly onFailed: (error: NetworkError) => void;
}

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2000;
const HANDSHAKE_TIMEOUT_MS = 10_000;

export class Dialer {
  /** How to abandon each attempt still under way. */
  private readonly pending = new Set<() => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly problems = new Map<number, string>();
  private stopped = false;

  constructor(private readonly o: DialerOptions) {}

  /** Dials `peer`, retrying while it is not up yet, until `deadline` (ms since the epoch). */
  dial(peer: number, deadline: number, delay = FIRST_DELAY_MS): void {
    if (this.stopped) return;
    const { host, port } = this.o.addresses[peer]!;
    const tls = this.o.tls;
    let settled = false;
    /** Once upgraded: what `abandon` must drop besides the request. */
    let link: Link | null = null;
    const request = requestUpgrade(
      host.replace(/^\[(.*)\]$/, "$1"),
      port,
      tls === null ? null : clientTls(tls),
      Math.max(1000, Math.min(HANDSHAKE_TIMEOUT_MS, deadline - Date.now())),
      this.o.frameLimit,
      {
        upgraded: (upgraded, socket) => {
          link = upgraded;
          if (tls !== null) {
            const cert = peerCertificate(socket as TLSSocket);
            const problem = cert === null ? "it presented no certificate" : problemWith(tls.rules[peer]!, cert);
            if (problem !== null) return giveUp(new RefusedError(`${this.o.describe(peer)} is not the party parties.json names: ${problem}`));
          }
          upgraded.on("error", (e: Error) => retry(`the connection failed (${e.message})`));
          upgraded.once("close", () => retry(tls ? CLOSED_AFTER_TLS : "the connection closed during the handshake"));
          upgraded.once("message", (data: Buffer, isBinary: boolean) => {
            if (settled) return;
            const reply = isBinary ? null : parseHandshake(data.toString());
            if (reply?.type === "welcome" && reply.party === peer) {
              settle();
              // The mesh puts its own listeners on the link (Mesh.attach).
              return this.o.onLinked(peer, upgraded, Buffer.from(reply.seed, "hex"));
            }
            const why = reply?.type === "refused" ? reply.reason : "it did not answer the handshake";
            giveUp(new RefusedError(`${this.o.describe(peer)} refused the connection: ${why}`));
          });
          upgraded.sendText(this.o.hello);
        },
        failed: (e) => retry(dialProblem(e, tls !== null)),
      },
    );
    const abandon = (): void => {
      request.destroy();
      link?.terminate();
    };
    this.pending.add(abandon);
    const settle = (): void => {
      settled = true;
      this.pending.delete(abandon);
    };
    const giveUp = (error: NetworkError): void => {
      settle();
      abandon();
      this.o.onFailed(error);
    };
    const retry = (problem: string): void => {
      if (settled || this.stopped) return;
      settle();
      this.problems.set(peer, problem);
      abandon();
      if (Date.now() + delay >= deadline) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.dial(peer, deadline, Math.min(delay * 2, MAX_DELAY_MS));
      }, delay);
      this.timers.add(timer);
    };
  }

  /** What went wrong on the last attempt to reach `peer`, for the connect-timeout message. */
  lastProblem(peer: number): string | undefined {
    return this.problems.get(peer);
  }

  /** Stops retrying and drops connections still being set up. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const abandon of this.pending) abandon();
    this.pending.clear();
  }
}

const CLOSED_AFTER_TLS = "it closed the connection after the TLS handshake: it may not accept this party's certificate";

/** A peer that keeps dropping us right after TLS has, in all likelihood, refused our certificate. */
export function looksRefused(problem: string | undefined): boolean {
  return problem === CLOSED_AFTER_TLS;
}

function dialProblem(e: NodeJS.ErrnoException, tls: boolean): string {
  const unreachable = unreachableBecause(e.code);
  if (unreachable !== null) return unreachable;
  switch (e.code) {
    case "ECONNRESET":
      return tls ? CLOSED_AFTER_TLS : "it reset the connection";
    case "EPROTO":
    case "ERR_SSL_WRONG_VERSION_NUMBER":
      return tls ? "it does not speak TLS there (does its parties.json name certificates?)" : "it answered with something other than WebSocket";
    case HANDSHAKE_TIMED_OUT:
      return "it did not answer the WebSocket handshake";
    case NOT_WEBSOCKET:
      return "it answered with something other than WebSocket";
    default:
      return e.code?.startsWith("HPE_") ? "it answered with something other than WebSocket" : `the connection failed (${e.message})`;
  }
}

function clientTls(tls: TlsIdentity): ConnectionOptions {
  return {
    key: tls.key,
    cert: tls.cert,
    // The server's certificate is checked against parties.json in the "upgrade" handler, before
    // anything is sent; OpenSSL's own verdict only matters with a CA (see tls.ts).
    rejectUnauthorized: false,
    // Peers are bound by fingerprint or common name, not by host name (hosts change, NAT hides
    // them), so Node's host-name check is off.
    checkServerIdentity: () => undefined,
    minVersion: "TLSv1.3",
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
  };
}
