import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { NetworkError, RefusedError } from "../../vm/net/errors.js";
import { PROTOCOL_VERSION } from "../../vm/net/handshake.js";
import { encodeFrame } from "../../vm/net/frame.js";
import { freePorts } from "../net-helpers.js";
import { evilPeer, handshake } from "./evil-peer.js";
import { configFor, dealChain, failureOf, portClosed, startParty, type Deal } from "./mesh-helpers.js";

const ROUND_TIMEOUT_MS = 1500;

type Misbehaviour = (ws: WebSocket, d: Deal) => void | Promise<void>;

/** Parties 0 and 1 honest, party 2 dials them, passes the handshake, then misbehaves towards both. */
async function runAgainst(misbehave: Misbehaviour) {
  const d = dealChain(3);
  const ports = await freePorts(3);
  const config = configFor(ports);
  const honest = [0, 1].map((p) => startParty(d, p, config, { roundTimeoutMs: ROUND_TIMEOUT_MS, connectTimeoutMs: 5000 }));
  const evil = await evilPeer(d, config, 2, [0, 1]);
  try {
    for (const ws of evil.links.values()) await misbehave(ws, d);
    const failures = await Promise.all(honest.map(failureOf));
    for (const f of failures) {
      expect(f.error).toBeInstanceOf(NetworkError);
      expect(f.ms).toBeLessThan(ROUND_TIMEOUT_MS + 2500);
    }
    for (const port of ports.slice(0, 2)) expect(await portClosed(port)).toBe(true);
    return failures.map((f) => f.error.message);
  } finally {
    evil.close();
  }
}

/** Party 2's first real message: its share of z for round 0 (one word to each peer). */
// Round 1 is the first multiplication: two words (d and e) to each peer. Inputs need no round.
const round0 = () => encodeFrame(0, 2, new Uint8Array(16));

/** Each honest party names party 2 and a round; party 1 may hear it first from party 0's abort. */
function expectBlamed(messages: string[], detail: RegExp): void {
  for (const m of messages) {
    expect(m).toMatch(/^round \d+: /);
    expect(m).toMatch(/party 2 at 127\.0\.0\.1:\d+/);
  }
  expect(messages.some((m) => detail.test(m))).toBe(true);
}

describe("a peer that misbehaves mid-run makes every honest party stop cleanly, naming it and the round", () => {
  it("random bytes", async () => {
    const messages = await runAgainst((ws) => ws.send(randomBytes(37)));
    expectBlamed(messages, /party 2 at .* sent a bad message: a message says it carries \d+ bytes but carries 21/);
  });

  it("a message shorter than its header", async () => {
    expectBlamed(await runAgainst((ws) => ws.send(randomBytes(5))), /sent a bad message: a message of 5 bytes is shorter than its header/);
  });

  it("a truncated message", async () => {
    const truncated = encodeFrame(0, 2, new Uint8Array(8)).subarray(0, 19);
    expectBlamed(await runAgainst((ws) => ws.send(truncated)), /a message says it carries 8 bytes but carries 3/);
  });

  it("an oversized message, refused before it is buffered", async () => {
    const huge = encodeFrame(0, 2, new Uint8Array(1 << 20));
    expectBlamed(await runAgainst((ws) => ws.send(huge)), /party 2 at .* sent a message larger than the 4096 bytes this program ever sends/);
  });

  it("a replayed earlier round", async () => {
    const messages = await runAgainst((ws) => {
      ws.send(round0());
      ws.send(round0());
    });
    expectBlamed(messages, /sent a bad message: it sent round 1 again \(a replay; round 2 was next\)/);
  });

  it("a round it cannot have reached", async () => {
    expectBlamed(await runAgainst((ws) => ws.send(encodeFrame(5, 2, new Uint8Array(16)))), /it sent round 6 when round 1 was next/);
  });

  it("a message claiming another sender", async () => {
    expectBlamed(await runAgainst((ws) => ws.send(encodeFrame(0, 1, new Uint8Array(8)))), /a message on its link claims to come from party 1/);
  });

  it("the wrong number of words for the round", async () => {
    expectBlamed(
      await runAgainst((ws) => ws.send(encodeFrame(0, 2, new Uint8Array(24)))),
      /round 1: party 2 at 127\.0\.0\.1:\d+ sent more words than this round needs/,
    );
  });

  it("text in the middle of the computation", async () => {
    expectBlamed(await runAgainst((ws) => ws.send('{"type":"hello"}')), /a text message arrived during the computation/);
  });

  it("bytes that are not even WebSocket frames", async () => {
    const raw = (ws: WebSocket) => void (ws as unknown as { _socket: Socket })._socket.write(Buffer.from([0xff, 0x7f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expectBlamed(await runAgainst(raw), /party 2 at .* broke the connection/);
  });

  it("a disconnect", async () => {
    expectBlamed(await runAgainst((ws) => void ws.terminate()), /party 2 at .* disconnected/);
  });

  it("a stall: nothing at all within the round timeout", async () => {
    expectBlamed(await runAgainst(() => {}), /round 1: party 2 at .* sent nothing within 1\.5 s/);
  });

  it("a stall after a good first round", async () => {
    expectBlamed(await runAgainst((ws) => ws.send(round0())), /round 2: party 2 at .* sent nothing within 1\.5 s/);
  });
});

describe("the handshake", () => {
  it("refuses a second connection claiming an already-connected party", async () => {
    const d = dealChain(1);
    const ports = await freePorts(3);
    const config = configFor(ports);
    const p0 = startParty(d, 0, config, { connectTimeoutMs: 1500 });
    const first = await evilPeer(d, config, 2, [0]);
    const hello = { type: "hello", protocol: PROTOCOL_VERSION, party: 2, programHash: d.loaded.hash, dealId: d.dealId };
    await expect(handshake(`ws://127.0.0.1:${ports[0]}`, JSON.stringify(hello))).rejects.toThrow("refused: party 2 is already connected");
    first.close();
    await failureOf(p0);
  });

  it("lets a party that dropped before the run started connect again", async () => {
    const d = dealChain(1);
    const ports = await freePorts(3);
    const config = configFor(ports);
    const p0 = startParty(d, 0, config, { connectTimeoutMs: 1500 });
    const first = await evilPeer(d, config, 2, [0]);
    first.close();
    await new Promise((r) => setTimeout(r, 50));
    const again = await evilPeer(d, config, 2, [0]);
    again.close();
    expect((await failureOf(p0)).error.message).toMatch(/could not connect within 1\.5 s to party 1 .*, party 2 .*\(it has not connected to this party\)$/);
  });

  it("names what differs: the program, the deal, the protocol version, or an unexpected party", async () => {
    const d = dealChain(1);
    const ports = await freePorts(3);
    const config = configFor(ports);
    const p0 = startParty(d, 0, config, { connectTimeoutMs: 3000 });
    const url = `ws://127.0.0.1:${ports[0]}`;
    const hello = (changes: object) =>
      JSON.stringify({ type: "hello", protocol: PROTOCOL_VERSION, party: 1, programHash: d.loaded.hash, dealId: d.dealId, ...changes });
    const refusal = async (changes: object) => {
      for (let i = 0; ; i++) {
        try {
          await handshake(url, hello(changes));
          throw new Error("welcomed");
        } catch (e) {
          if ((e as Error).message.startsWith("refused") || i > 40) return (e as Error).message;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    expect(await refusal({ programHash: "ab".repeat(32) })).toMatch(/^refused: party 1 runs a different program \(hash abababababab… vs [0-9a-f]{12}…\)$/);
    expect(await refusal({ dealId: "cd".repeat(16) })).toMatch(
      /^refused: party 1 runs preprocessing from a different deal \(cdcdcdcdcdcd… vs [0-9a-f]{12}…\)$/,
    );
    expect(await refusal({ protocol: 1 })).toBe(
      `refused: party 1 runs protocol version 1, but this party speaks version ${PROTOCOL_VERSION} (upgrade the older mpcvm)`,
    );
    expect(await refusal({ party: 0 })).toBe("refused: party 0 accepts connections only from parties 1 to 2, not from party 0");
    expect(await refusal({ party: "1; rm -rf /" })).toBe("refused: the first message must be a hello");
    const f = await failureOf(p0);
    expect(f.error).toBeInstanceOf(RefusedError);
    expect(f.error.message).toMatch(/party 1 at 127\.0\.0\.1:\d+ \(refused: party 1 runs/);
  });
});
