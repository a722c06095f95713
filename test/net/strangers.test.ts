import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { freePorts } from "../net-helpers.js";
import { configFor, dealChain, identityFor, outputOf, startParty } from "./mesh-helpers.js";
import { makeSelfSigned, type PartyPki } from "./pki.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-strangers-"));
let pki: PartyPki[] = [];
let stranger: PartyPki;

beforeAll(() => {
  pki = [0, 1, 2].map((p) => makeSelfSigned(dir, `party${p}`));
  stranger = makeSelfSigned(dir, "stranger");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UPGRADE =
  "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

interface Probe {
  /** Bytes of application data (after TLS) or raw bytes (plain TCP) the client received. */
  readonly received: Buffer;
  /** The server closed the connection (rather than the probe giving up after 3 s). */
  readonly closedByServer: boolean;
}

/** A TLS client, with or without a certificate, that asks for a WebSocket and records the answer. */
function tlsProbe(port: number, as: PartyPki | null): Promise<Probe> {
  const socket = tlsConnect({
    host: "127.0.0.1",
    port,
    rejectUnauthorized: false,
    ...(as ? { key: readFileSync(as.keyPath), cert: readFileSync(as.certPath) } : {}),
  });
  socket.once("secureConnect", () => socket.write(UPGRADE));
  return collect(socket);
}

function tcpProbe(port: number, text: string): Promise<Probe> {
  const socket = tcpConnect(port, "127.0.0.1");
  socket.once("connect", () => socket.write(text));
  return collect(socket);
}

function collect(socket: NodeJS.ReadableStream & { destroy(): void; once(e: string, f: (...a: unknown[]) => void): unknown }): Promise<Probe> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", () => {});
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received: Buffer.concat(chunks), closedByServer: false });
    }, 3000);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve({ received: Buffer.concat(chunks), closedByServer: true });
    });
  });
}

function wssProbe(port: number, as: PartyPki): Promise<{ opened: boolean; messages: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`wss://127.0.0.1:${port}`, { key: readFileSync(as.keyPath), cert: readFileSync(as.certPath), rejectUnauthorized: false });
    let opened = false;
    let messages = 0;
    ws.on("open", () => (opened = true));
    ws.on("message", () => messages++);
    ws.on("error", () => {});
    ws.on("close", () => resolve({ opened, messages }));
  });
}

async function waitForListening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = tcpConnect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing listens on ${port}`);
}

describe("an unauthenticated client connecting to a party's port", () => {
  it("gets nothing, and the run is unaffected", async () => {
    const d = dealChain(3);
    const ports = await freePorts(3);
    const config = configFor(ports, pki);
    const p0 = startParty(d, 0, config, { tls: identityFor(config, 0, pki[0]!), connectTimeoutMs: 10_000 });
    await waitForListening(ports[0]!);

    const noCertificate = await tlsProbe(ports[0]!, null);
    const unknownCertificate = await tlsProbe(ports[0]!, stranger);
    // A WebSocket client with a certificate parties.json does not name never gets to open.
    const websocket = await wssProbe(ports[0]!, stranger);
    const plainText = await tcpProbe(ports[0]!, UPGRADE);

    for (const probe of [noCertificate, unknownCertificate]) {
      expect(probe.closedByServer).toBe(true);
      expect(probe.received.length).toBe(0);
    }
    expect(websocket).toEqual({ opened: false, messages: 0 });
    expect(plainText.closedByServer).toBe(true);
    expect(plainText.received.toString("latin1")).not.toMatch(/HTTP|hello|welcome|refused/);

    const rest = [1, 2].map((p) => startParty(d, p, config, { tls: identityFor(config, p, pki[p]!) }));
    const results = await Promise.all([p0, ...rest]);
    expect(results.map((r) => outputOf(d, r))).toEqual([67, 67, 67]);
  });
});
