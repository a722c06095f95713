// The transport interface the VM talks through, and the round exchange every transport shares:
// send one message to each peer, then wait for one from each (buffered by round in a Mailbox).

import type { RoundExchange } from "../machine/interpreter.js";
import type { Mailbox } from "./mailbox.js";

export interface Transport extends RoundExchange {
  readonly party: number;
  readonly parties: number;
  /** Closes every connection; with a reason, first tells the peers why this party stops. */
  close(abortReason?: string): Promise<void>;
}

/** This party's own place among the replies: empty, and never written to. */
const NOTHING_FROM_SELF = Promise.resolve(new Uint8Array(0));

export async function exchangeVia(
  party: number,
  parties: number,
  mailbox: Mailbox,
  send: (peer: number, round: number, message: Uint8Array) => void,
  round: number,
  outgoing: readonly Uint8Array[],
): Promise<Uint8Array[]> {
  mailbox.sending(round);
  const replies: Array<Promise<Uint8Array>> = [];
  for (let p = 0; p < parties; p++) {
    if (p === party) {
      replies.push(NOTHING_FROM_SELF);
      continue;
    }
    send(p, round, outgoing[p]!);
    replies.push(mailbox.receive(p, round));
  }
  return Promise.all(replies);
}
