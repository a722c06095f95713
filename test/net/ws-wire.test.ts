import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLOSE_CODE, FrameReader, OPCODE, WireError, wireFrame, type Message } from "../../vm/net/ws-wire.js";
import { RUNS } from "../fuzz/mutate.js";

/** Every message `bytes` yields when it arrives cut at `cuts` (offsets), as a socket may deliver it. */
function readInPieces(reader: FrameReader, bytes: Buffer, cuts: number[]): Message[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Message[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    out.push(...reader.push(Buffer.from(bytes.subarray(from, to))));
    from = to;
  }
  return out;
}

const joined = (pieces: Uint8Array[]) => Buffer.concat(pieces);
const sizes = fc.oneof(fc.nat(140), fc.constantFrom(125, 126, 127, 65535, 65536, 70000));

describe("WebSocket frames", () => {
  it("come back as the messages sent, masked or not, however the bytes are cut", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: sizes, binary: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (specs, masked, cuts) => {
          const sent = specs.map(({ size, binary }, i) => ({ opcode: binary ? OPCODE.binary : OPCODE.text, payload: Buffer.alloc(size, i + 1) }));
          const bytes = joined(sent.flatMap((m) => wireFrame(m.opcode, m.payload, masked)));
          const got = readInPieces(new FrameReader(masked, 1 << 20), bytes, cuts);
          // Compared as buffers: element-by-element equality of 70,000 bytes is slow.
          expect(got.map((m) => m.opcode)).toEqual(sent.map((m) => m.opcode));
          got.forEach((m, i) => expect(m.payload.equals(sent[i]!.payload)).toBe(true));
        },
      ),
      RUNS,
    );
  });

  it("mask a client's payload without changing it (one payload may go to every peer)", () => {
    const payload = Buffer.alloc(100, 7);
    const [frame] = wireFrame(OPCODE.binary, payload, true);
    expect(payload.every((b) => b === 7)).toBe(true);
    expect(Buffer.from(frame!.subarray(8)).equals(payload)).toBe(false);
    expect((frame![1]! & 0x80) !== 0).toBe(true);
  });

  it("join fragments into one message, with control frames between them", () => {
    const part = (fin: boolean, opcode: number, text: string) => {
      const [frame] = wireFrame(opcode, Buffer.from(text), false);
      if (!fin) frame![0] = frame![0]! & 0x7f;
      return frame!;
    };
    const bytes = joined([part(false, OPCODE.text, "hel"), part(true, OPCODE.ping, "?"), part(true, OPCODE.continuation, "lo")]);
    const got = new FrameReader(false, 100).push(bytes);
    expect(got.map((m) => [m.opcode, m.payload.toString()])).toEqual([
      [OPCODE.ping, "?"],
      [OPCODE.text, "hello"],
    ]);
  });

  const refusal = (bytes: number[], masked = false, limit = 1000): WireError => {
    try {
      new FrameReader(masked, limit).push(Buffer.from(bytes));
    } catch (e) {
      if (e instanceof WireError) return e;
      throw e;
    }
    throw new Error("not refused");
  };

  it("are refused, with the close code to send, when a peer breaks a rule", () => {
    expect(refusal([0x82, 0x01, 0x00], true).message).toBe("a frame from the client is not masked");
    expect(refusal([0x82, 0x81, 1, 2, 3, 4, 0]).message).toBe("a frame from the server is masked");
    expect(refusal([0xc2, 0x00]).message).toMatch(/reserved bits/);
    expect(refusal([0x83, 0x00]).message).toBe("a frame has the unknown opcode 3");
    expect(refusal([0x09, 0x00]).message).toMatch(/control frame is fragmented/);
    expect(refusal([0x80, 0x00]).message).toBe("a continuation frame starts no message");
    expect(refusal([0x02, 0x00, 0x82, 0x00]).message).toBe("a new message starts inside a fragmented one");
    expect(refusal([0x82, 0x7f, 0xff, 0, 0, 0, 0, 0, 0, 0]).message).toMatch(/beyond 2\^53/);
    for (const e of [refusal([0x82, 0x00], true), refusal([0x83, 0x00])]) expect(e.code).toBe(CLOSE_CODE.protocolError);
  });

  it("longer than allowed are refused from the header, before the payload arrives", () => {
    const e = refusal([0x82, 0x7e, 0x04, 0x00], false, 1000);
    expect([e.message, e.code]).toEqual(["a message is longer than the 1000 bytes allowed", CLOSE_CODE.tooBig]);
    const fragmented = refusal([0x02, 0x7e, 0x02, 0x00, ...new Array(512).fill(0), 0x80, 0x7e, 0x02, 0x00], false, 1000);
    expect(fragmented.code).toBe(CLOSE_CODE.tooBig);
  });

  it("are never an exception other than a refusal, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, masked) => {
        try {
          new FrameReader(masked, 200).push(Buffer.from(bytes));
        } catch (e) {
          expect(e).toBeInstanceOf(WireError);
        }
      }),
      RUNS,
    );
  });
});
