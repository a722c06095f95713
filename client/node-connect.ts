// Connecting to a party's client port from Node: ws, with the party's certificate checked against
// parties.json (pinned fingerprint, or the CA and common name) before anything is sent.

import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { WebSocket, type ClientOptions } from "ws";
import type { PartiesConfig } from "../vm/net/config.js";
import { peerCertificate, peerRules, problemWith } from "../vm/net/tls.js";
import { ClientError } from "./errors.js";
import { describeEndpoint } from "./parties.js";
import type { Connector } from "./session.js";
import { ClientSocket, type WebSocketLike } from "./socket.js";

const HANDSHAKE_TIMEOUT_MS = 10_000;

export function nodeConnector(config: PartiesConfig): Connector {
  const rules = config.tls ? peerRules(config) : null;
  const ca = config.ca === undefined ? undefined : readCa(config.ca);
  const tls: ClientOptions = {
    // The certificate is checked against parties.json on "upgrade" (as parties check each other's),
    // by fingerprint or CA and common name, not by host name: OpenSSL's own verdict is not enough.
    rejectUnauthorized: false,
    checkServerIdentity: (() => undefined) as unknown as ClientOptions["checkServerIdentity"],
    minVersion: "TLSv1.3",
    ...(ca === undefined ? {} : { ca }),
  };
  return async (endpoint, url, timeoutMs) => {
    let problem: string | null = null;
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      handshakeTimeout: Math.max(1000, Math.min(HANDSHAKE_TIMEOUT_MS, timeoutMs)),
      ...(rules ? tls : {}),
    });
    ws.once("upgrade", (res: IncomingMessage) => {
      if (rules === null) return;
      const cert = peerCertificate(res.socket as TLSSocket);
      problem = cert === null ? "it presented no certificate" : problemWith(rules[endpoint.party]!, cert);
      if (problem !== null) ws.terminate();
    });
    const socket = new ClientSocket(ws as unknown as WebSocketLike, describeEndpoint(endpoint));
    try {
      await socket.opened;
    } catch (e) {
      if (problem !== null) throw new ClientError(`${describeEndpoint(endpoint)} is not the party parties.json names: ${problem}`, "refused");
      throw e;
    }
    return socket;
  };
}

function readCa(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new ClientError(`cannot read the CA certificate ${path} that parties.json names`, "data");
  }
}
