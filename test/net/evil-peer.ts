// A hand-driven party for tests: it dials the honest parties like a real mpcvm, passes the
// handshake, and then sends whatever a test wants — garbage, replays, nothing — over real sockets.

import { WebSocket } from "ws";
import { helloMessage, parseHandshake, PROTOCOL_VERSION } from "../../vm/net/handshake.js";
import type { PartiesConfig } from "../../vm/net/config.js";
import type { Deal } from "./mesh-helpers.js";

export interface EvilPeer {
  /** The open connection to each honest party this peer dialed, by party. */
  readonly links: Map<number, WebSocket>;
  close(): void;
}

/** Dials `targets` as `party`, retrying until each listens (up to 3 s), and completes the handshake. */
export async function evilPeer(d: Deal, config: PartiesConfig, party: number, targets: number[], hello?: object): Promise<EvilPeer> {
  const links = new Map<number, WebSocket>();
  const text = hello === undefined ? helloMessage({ protocol: PROTOCOL_VERSION, party, programHash: d.loaded.hash, dealId: d.dealId }) : JSON.stringify(hello);
  for (const target of targets) links.set(target, await dialUntilWelcome(config, target, text));
  return { links, close: () => links.forEach((ws) => ws.terminate()) };
}

async function dialUntilWelcome(config: PartiesConfig, target: number, hello: string): Promise<WebSocket> {
  const { host, port } = config.parties[target]!;
  const deadline = Date.now() + 3000;
  for (;;) {
    try {
      return await handshake(`ws://${host}:${port}`, hello);
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Resolves with the socket once welcomed; rejects with the refusal (or connection error). */
export function handshake(url: string, hello: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once("open", () => ws.send(hello));
    ws.once("message", (data) => {
      const reply = parseHandshake(data.toString());
      if (reply?.type === "welcome") return resolve(ws);
      ws.terminate();
      reject(new Error(reply?.type === "refused" ? `refused: ${reply.reason}` : "no welcome"));
    });
    ws.once("error", reject);
    ws.once("close", () => reject(new Error("closed")));
  });
}
