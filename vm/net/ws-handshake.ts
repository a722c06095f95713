// The WebSocket opening handshake (RFC 6455 §4) on both sides: the listener answers an HTTP
// upgrade request, the dialer sends one; each ends with a Link on the upgraded socket.

import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Duplex } from "node:stream";
import type { ConnectionOptions } from "node:tls";
import { Link } from "./link.js";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export function acceptKey(key: string): string {
  return createHash("sha1")
    .update(key + GUID)
    .digest("base64");
}

/** Answers an upgrade request: a Link, or null once a malformed request has been told 400 and dropped. */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, maxPayload: number): Link | null {
  const key = req.headers["sec-websocket-key"];
  const valid =
    req.method === "GET" &&
    req.headers.upgrade?.toLowerCase() === "websocket" &&
    req.headers["sec-websocket-version"] === "13" &&
    typeof key === "string" &&
    /^[A-Za-z0-9+/]{22}==$/.test(key);
  if (!valid) {
    socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    return null;
  }
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`);
  return new Link(socket, "server", head, maxPayload);
}

export interface UpgradeEvents {
  /** The server agreed; `socket` is the upgraded (for wss, TLS) socket, before anything is sent. */
  upgraded(link: Link, socket: Duplex): void;
  /** The connection failed (refused, reset, TLS), or the answer was not a WebSocket upgrade. */
  failed(error: NodeJS.ErrnoException): void;
}

/** Thrown to `failed` when the server does not answer the upgrade within the time given. */
export const HANDSHAKE_TIMED_OUT = "ERR_WS_HANDSHAKE_TIMEOUT";
/** Thrown to `failed` when something answers, but not with a WebSocket upgrade. */
export const NOT_WEBSOCKET = "ERR_NOT_WEBSOCKET";

/** Dials ws:// (tls null) or wss://host:port/ and upgrades; returns the request, to abort it. */
export function requestUpgrade(
  host: string,
  port: number,
  tls: ConnectionOptions | null,
  timeoutMs: number,
  maxPayload: number,
  events: UpgradeEvents,
): ClientRequest {
  const key = randomBytes(16).toString("base64");
  const options = {
    host,
    port,
    path: "/",
    agent: false as const,
    headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13" },
  };
  const req = tls === null ? httpRequest(options) : httpsRequest({ ...options, ...tls });
  let settled = false;
  const fail = (message: string, code: string): void => {
    if (settled) return;
    settled = true;
    req.destroy();
    events.failed(Object.assign(new Error(message), { code }));
  };
  const timer = setTimeout(() => fail("the WebSocket handshake timed out", HANDSHAKE_TIMED_OUT), timeoutMs);
  req.on("upgrade", (res: IncomingMessage, socket: Duplex, head: Buffer) => {
    clearTimeout(timer);
    if (settled) return void socket.destroy();
    if (res.headers["sec-websocket-accept"] !== acceptKey(key)) {
      socket.destroy();
      return fail("the upgrade's Sec-WebSocket-Accept is wrong", NOT_WEBSOCKET);
    }
    settled = true;
    events.upgraded(new Link(socket, "client", head, maxPayload), socket);
  });
  req.on("response", (res: IncomingMessage) => {
    clearTimeout(timer);
    res.resume();
    fail(`it answered HTTP ${res.statusCode} instead of a WebSocket upgrade`, NOT_WEBSOCKET);
  });
  req.on("error", (e: NodeJS.ErrnoException) => {
    clearTimeout(timer);
    if (settled) return;
    settled = true;
    events.failed(e);
  });
  req.end();
  return req;
}
