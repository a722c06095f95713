// The transport interface the VM talks through, and the round exchange every transport shares:
// send one message to each peer, then wait for one from each (buffered by round in a Mailbox).

import type { RoundExchange, Survival } from "../machine/interpreter.js";
import { NetworkError } from "./errors.js";
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
  drops: Drops | null = null,
): Promise<Array<Uint8Array | null>> {
  mailbox.sending(round);
  const replies: Array<Promise<Uint8Array | null>> = [];
  for (let p = 0; p < parties; p++) {
    if (p === party) {
      replies.push(NOTHING_FROM_SELF);
      continue;
    }
    if (drops?.dropped.has(p)) {
      replies.push(Promise.resolve(null));
      continue;
    }
    send(p, round, outgoing[p]!);
    replies.push(drops === null ? mailbox.receive(p, round) : mailbox.receive(p, round).catch((e: unknown) => drops.drop(p, round, e)));
  }
  const received = await Promise.all(replies);
  drops?.check(parties, round);
  return received;
}

/**
 * The peers a drop-tolerant run has let go: each is dropped once (and told nothing more), and the
 * run stops when fewer than the survival minimum are left.
 */
export class Drops {
  readonly dropped = new Set<number>();
  private firstError: unknown = null;

  constructor(
    private readonly survival: Survival,
    private readonly describe: (peer: number) => string,
    private readonly letGo: (peer: number) => void,
  ) {}

  drop(peer: number, round: number, error: unknown): null {
    if (!(error instanceof NetworkError)) throw error;
    this.firstError ??= error;
    if (!this.dropped.has(peer)) {
      this.dropped.add(peer);
      this.letGo(peer);
      this.survival.onDrop(peer, round, error.message);
    }
    return null;
  }

  /** Throws when too few parties remain, naming those who are missing. */
  check(parties: number, round: number): void {
    const left = parties - this.dropped.size;
    if (left >= this.survival.minimum) return;
    const missing = [...this.dropped].sort((a, b) => a - b).map(this.describe);
    throw new NetworkError(
      `round ${round + 1}: only ${left} of ${parties} parties are left and the run needs ${this.survival.minimum}: ${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} left (first: ${(this.firstError as Error).message})`,
    );
  }
}
