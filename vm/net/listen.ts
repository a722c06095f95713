// A party's listening port: HTTP(S) underneath, WebSocket upgrades on top. With TLS, a client must
// present a certificate the gate accepts; anyone else is dropped right after the TLS handshake.

import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { NetworkError } from "./errors.js";
import type { Link } from "./link.js";
import { peerCertificate, type PeerCertificate, type TlsIdentity } from "./tls.js";
import { acceptUpgrade } from "./ws-handshake.js";

/** Until the hello arrives, a connection may send no more than this. */
export const HANDSHAKE_LIMIT = 4096;
/** How long a client may take to send its HTTP upgrade request. */
const REQUEST_TIMEOUT_MS = 10_000;

export type Gate = (cert: PeerCertificate | null, remote: string) => boolean;
export type SocketHandler = (link: Link, cert: PeerCertificate | null, remote: string) => void;

export class Listener {
  /** The largest message a connected peer may send: a link refuses a longer one before buffering it. */
  maxPayload = HANDSHAKE_LIMIT;
  private readonly connections = new Set<Socket>();
  /** Decides, right after the TLS handshake, whether a client may go on; none set refuses all. */
  gate: Gate | null = null;
  /** Receives each WebSocket that got through; none set refuses all. */
  onSocket: SocketHandler | null = null;
  private closed: Promise<void> | null = null;

  private constructor(
    private readonly server: Server,
    readonly tls: boolean,
  ) {
    server.on("connection", (socket: Socket) => {
      this.connections.add(socket);
      socket.once("close", () => this.connections.delete(socket));
      socket.on("error", () => socket.destroy());
    });
    if (tls) server.on("secureConnection", (socket: TLSSocket) => this.screen(socket));
    server.on("request", (req: IncomingMessage) => req.socket.destroy());
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    server.on("clientError", (_e: Error, socket: Duplex) => socket.destroy());
    server.headersTimeout = REQUEST_TIMEOUT_MS;
    server.requestTimeout = REQUEST_TIMEOUT_MS;
  }

  static start(host: string, port: number, tls: TlsIdentity | null): Promise<Listener> {
    const server = tls === null ? createHttpServer() : createHttpsServer(serverOptions(tls));
    const listener = new Listener(server, tls !== null);
    return new Promise((resolve, reject) => {
      server.once("error", (e: NodeJS.ErrnoException) => {
        server.close();
        const why =
          e.code === "EADDRINUSE"
            ? "the port is in use"
            : e.code === "EADDRNOTAVAIL"
              ? "the address is not on this machine (see --listen)"
              : e.code === "EACCES"
                ? "permission denied"
                : e.message;
        reject(new NetworkError(`cannot listen on ${host}:${port}: ${why}`));
      });
      server.listen(port, host, () => resolve(listener));
    });
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** Closes the port to new connections; established ones carry on. */
  stopAccepting(): void {
    this.gate = null;
    this.onSocket = null;
    if (this.server.listening) this.server.close();
  }

  /** Closes the port and drops every connection still open on it. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.stopAccepting();
      for (const socket of this.connections) socket.destroy();
      // Called once the last connection has gone, whether or not the port was still open.
      this.server.close(() => resolve());
    });
    return this.closed;
  }

  private screen(socket: TLSSocket): void {
    const cert = peerCertificate(socket);
    if (this.gate === null || !this.gate(cert, remoteOf(socket))) socket.destroy();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const handler = this.onSocket;
    if (handler === null) return void socket.destroy();
    const cert = this.tls ? peerCertificate(req.socket as TLSSocket) : null;
    const remote = remoteOf(req.socket);
    if (!this.tls && this.gate !== null && !this.gate(null, remote)) return void socket.destroy();
    const link = acceptUpgrade(req, socket, head, this.maxPayload);
    if (link !== null) handler(link, cert, remote);
  }
}

function serverOptions(tls: TlsIdentity) {
  return {
    key: tls.key,
    cert: tls.cert,
    // Self-signed peers are checked by fingerprint after the handshake, so OpenSSL must not drop
    // them first; with a CA, `authorized` still says whether the chain verified against it.
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: "TLSv1.3" as const,
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
  };
}

function remoteOf(socket: Socket): string {
  return `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
}
