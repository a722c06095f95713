import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Inbox, MessageError } from "../../vm/machine/messages.js";
import { NetworkError } from "../../vm/net/errors.js";
import { decodeFrame, encodeFrame } from "../../vm/net/frame.js";
import { parseHandshake } from "../../vm/net/handshake.js";
import { Mailbox } from "../../vm/net/mailbox.js";
import { byteMutation, mutateBytes, RUNS, wireValue } from "./mutate.js";

/** What the WebSocket transport does with each binary message from `peer`: decode, check, deliver. */
function receive(mailbox: Mailbox, peer: number, bytes: Uint8Array): "delivered" | "refused" {
  const frame = decodeFrame(bytes);
  if (typeof frame === "string") return "refused";
  if (frame.sender !== peer) return "refused";
  try {
    mailbox.deliver(peer, frame.round, frame.payload);
    return "delivered";
  } catch (e) {
    expect(e).toBeInstanceOf(NetworkError);
    return "refused";
  }
}

const validFrames = (count: number) => Array.from({ length: count }, (_, round) => encodeFrame(round, 1, new Uint8Array(8 * (round + 1)).fill(round)));

describe("the message decoder, fuzzed", () => {
  it("round-trips every frame it encodes", () => {
    fc.assert(
      fc.property(fc.nat(2 ** 32 - 1), fc.nat(63), fc.uint8Array({ maxLength: 200 }), (round, sender, payload) => {
        expect(decodeFrame(encodeFrame(round, sender, payload))).toEqual({ round, sender, payload });
      }),
      RUNS,
    );
  });

  it("turns random bytes into a reason, never an exception", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const mailbox = new Mailbox(2, 0);
        mailbox.sending(0);
        expect(["delivered", "refused"]).toContain(receive(mailbox, 1, bytes));
      }),
      RUNS,
    );
  });

  it("refuses damaged, replayed, reordered or early frames with a NetworkError, and delivers only the right next round", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ pick: fc.nat(5), damage: fc.array(byteMutation, { maxLength: 2 }) }), { maxLength: 8 }), fc.nat(6), (sends, at) => {
        const mailbox = new Mailbox(2, 0);
        mailbox.sending(at);
        const frames = validFrames(6);
        let next = 0;
        for (const s of sends) {
          const bytes = s.damage.length === 0 ? frames[s.pick]! : mutateBytes(frames[s.pick]!, s.damage);
          const outcome = receive(mailbox, 1, bytes);
          const frame = decodeFrame(bytes);
          const acceptable = typeof frame !== "string" && frame.sender === 1 && frame.round === next && frame.round <= at + 1;
          expect(outcome).toBe(acceptable ? "delivered" : "refused");
          if (outcome === "delivered") next++;
          else break;
        }
      }),
      { numRuns: 500 },
    );
  });

  it("reads a round's words or refuses a message of the wrong size with a MessageError", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { minLength: 3, maxLength: 3 }), fc.array(fc.nat(8), { maxLength: 4 }), (messages, takes) => {
        try {
          const inbox = new Inbox(messages);
          for (const count of takes) inbox.take(1 + (count % 2), count);
          inbox.checkConsumed();
        } catch (e) {
          expect(e).toBeInstanceOf(MessageError);
        }
      }),
      RUNS,
    );
  });
});

describe("the handshake parser, fuzzed", () => {
  it("returns a well-formed message or null for any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => checkParsed(parseHandshake(text))),
      RUNS,
    );
  });

  it("returns a well-formed message or null for any JSON a peer could send", () => {
    const fields = fc.record(
      {
        type: fc.constantFrom("hello", "welcome", "refused", "abort", "other"),
        protocol: wireValue,
        party: fc.oneof(fc.nat(70), wireValue),
        programHash: fc.oneof(fc.stringMatching(/^[0-9a-f]{1,64}$/), wireValue),
        dealId: fc.oneof(fc.stringMatching(/^[0-9a-f]{1,64}$/), wireValue),
        reason: fc.oneof(fc.string({ maxLength: 1000, unit: "binary" }), wireValue),
      },
      { requiredKeys: ["type"] },
    );
    fc.assert(
      fc.property(fields, (m) => checkParsed(parseHandshake(JSON.stringify(m, (_k, v) => (v instanceof Uint8Array ? [...v] : v))))),
      { numRuns: 500 },
    );
  });
});

function checkParsed(m: ReturnType<typeof parseHandshake>): void {
  if (m === null) return;
  if (m.type === "hello") {
    expect(Number.isInteger(m.party) && m.party >= 0 && m.party < 64).toBe(true);
    expect(m.programHash).toMatch(/^[0-9A-Za-z_-]{1,128}$/);
  } else if (m.type === "refused" || m.type === "abort") {
    // Text from a peer reaches the operator's terminal: no control characters, bounded length.
    expect(m.reason).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(m.reason.length).toBeLessThanOrEqual(301);
  }
}
