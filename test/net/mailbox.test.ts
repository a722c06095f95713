import { describe, expect, it } from "vitest";
import { NetworkError } from "../../vm/net/errors.js";
import { Mailbox } from "../../vm/net/mailbox.js";

const word = (n: number) => new Uint8Array(8).fill(n);

describe("the mailbox", () => {
  it("buffers a peer's early message for the next round until this party asks for it", async () => {
    const box = new Mailbox(3, 0);
    box.sending(0);
    box.deliver(1, 0, word(1));
    box.deliver(1, 1, word(2)); // party 1 is a round ahead: legal, buffered
    box.deliver(2, 0, word(3));
    expect(await box.receive(1, 0)).toEqual(word(1));
    expect(await box.receive(2, 0)).toEqual(word(3));
    box.sending(1);
    expect(await box.receive(1, 1)).toEqual(word(2));
  });

  it("hands a message to a party already waiting for it", async () => {
    const box = new Mailbox(2, 1000);
    box.sending(0);
    const waiting = box.receive(1, 0);
    box.deliver(1, 0, word(7));
    expect(await waiting).toEqual(word(7));
  });

  it("refuses a replay, a skipped round, and a round two ahead of this party, without buffering them", () => {
    const box = new Mailbox(2, 0, (p) => `party ${p} (test)`);
    box.sending(0);
    box.deliver(1, 0, word(1));
    expect(() => box.deliver(1, 0, word(1))).toThrow(new NetworkError("it sent round 1 again (a replay; round 2 was next)"));
    expect(() => box.deliver(1, 3, word(1))).toThrow("it sent round 4 when round 2 was next");
    box.deliver(1, 1, word(1));
    expect(() => box.deliver(1, 2, word(1))).toThrow("it sent round 3 while this party is at round 1");
  });

  it("times a silent peer out, naming it and the round", async () => {
    const box = new Mailbox(2, 50, (p) => `party ${p} (org B)`);
    box.sending(2);
    await expect(box.receive(1, 2)).rejects.toThrow("round 3: party 1 (org B) sent nothing within 0.1 s");
  });

  it("rejects the waits on a failed peer with its reason and the round, but still hands out what it sent before", async () => {
    const box = new Mailbox(3, 0);
    box.sending(0);
    box.deliver(1, 0, word(4));
    const pending = box.receive(2, 0);
    box.fail(2, new NetworkError("party 2 disconnected"));
    box.fail(1, new NetworkError("party 1 disconnected"));
    await expect(pending).rejects.toThrow("round 1: party 2 disconnected");
    expect(await box.receive(1, 0)).toEqual(word(4));
    await expect(box.receive(1, 1)).rejects.toThrow("round 2: party 1 disconnected");
  });

  it("fails every wait at once on close, leaving no timer behind", async () => {
    const box = new Mailbox(3, 60_000);
    box.sending(0);
    const waits = [box.receive(1, 0), box.receive(2, 0)];
    box.close(new NetworkError("party 1 stopped the computation: its operator pressed Ctrl-C"));
    for (const w of waits) await expect(w).rejects.toThrow(/^round 1: party 1 stopped the computation/);
  });
});
