// The in-process transport: every party of a test in one process, messages handed over
// directly (copied, so no party can see another's buffers). Same round semantics as WebSockets.

import { randomBytes } from "node:crypto";
import { SEED_BYTES } from "../domain/prg.js";
import { NetworkError } from "./errors.js";
import { Mailbox } from "./mailbox.js";
import { exchangeVia, type Transport } from "./transport.js";

export function memoryNetwork(parties: number, roundTimeoutMs = 0): Transport[] {
  const mailboxes = Array.from({ length: parties }, () => new Mailbox(parties, roundTimeoutMs));
  // One seed per pair, known to those two alone (here: to their two transport objects).
  const seeds = Array.from({ length: parties }, (_, a) => Array.from({ length: parties }, (_, b) => (a < b ? randomBytes(SEED_BYTES) : null)));
  const seedOf = (a: number, b: number): Uint8Array => (a < b ? seeds[a]![b]! : seeds[b]![a]!);
  return mailboxes.map((mailbox, party) => {
    const send = (peer: number, round: number, message: Uint8Array): void => {
      // Delivery is deferred so that, as over a socket, a send never runs the receiver's code. No
      // copy: a round's messages are fresh arrays that no one modifies (one may go to every peer).
      queueMicrotask(() => {
        try {
          mailboxes[peer]!.deliver(party, round, message);
        } catch (e) {
          mailboxes[peer]!.fail(party, new NetworkError(`party ${party} sent a bad message: ${(e as Error).message}`));
        }
      });
    };
    return {
      party,
      parties,
      exchange: (round, outgoing) => exchangeVia(party, parties, mailbox, send, round, outgoing),
      pairSeed: (peer) => seedOf(party, peer),
      close: async (abortReason?: string) => {
        const why = abortReason === undefined ? "has left the computation" : `stopped the computation: ${abortReason}`;
        for (let p = 0; p < parties; p++) {
          if (p !== party) mailboxes[p]!.fail(party, new NetworkError(`party ${party} ${why}`));
        }
        mailbox.close(new NetworkError("the transport is closed"));
      },
    };
  });
}
