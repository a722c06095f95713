// Messages from peers, buffered by (peer, round) so an early arrival waits for its round.
// A failed peer rejects every pending and future receive with the reason it failed.

import { NetworkError } from "./errors.js";

interface Waiter {
  resolve(message: Uint8Array): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | null;
}

export class Mailbox {
  private readonly buffered: Array<Map<number, Uint8Array>>;
  private readonly waiting: Array<Map<number, Waiter>>;
  private readonly failures: Array<Error | null>;
  /** The next round expected from each peer: a round below it is a replay. */
  private readonly nextRound: number[];

  constructor(
    parties: number,
    private readonly roundTimeoutMs: number,
  ) {
    this.buffered = Array.from({ length: parties }, () => new Map());
    this.waiting = Array.from({ length: parties }, () => new Map());
    this.failures = Array.from({ length: parties }, () => null);
    this.nextRound = Array.from({ length: parties }, () => 0);
  }

  /** A message from `peer` for `round`; throws NetworkError if it repeats or skips a round. */
  deliver(peer: number, round: number, message: Uint8Array): void {
    if (round !== this.nextRound[peer]) {
      throw new NetworkError(`party ${peer} sent a message for round ${round} when round ${this.nextRound[peer]} was next`);
    }
    this.nextRound[peer] = round + 1;
    const waiter = this.waiting[peer]!.get(round);
    if (waiter !== undefined) {
      this.waiting[peer]!.delete(round);
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.resolve(message);
    } else {
      this.buffered[peer]!.set(round, message);
    }
  }

  receive(peer: number, round: number): Promise<Uint8Array> {
    // A message that arrived before its sender failed (or left) is still good.
    const message = this.buffered[peer]!.get(round);
    if (message !== undefined) {
      this.buffered[peer]!.delete(round);
      return Promise.resolve(message);
    }
    const failure = this.failures[peer];
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: null };
      if (this.roundTimeoutMs > 0) {
        waiter.timer = setTimeout(() => {
          this.waiting[peer]!.delete(round);
          reject(new NetworkError(`party ${peer} sent nothing for round ${round} within ${formatSeconds(this.roundTimeoutMs)}`));
        }, this.roundTimeoutMs);
      }
      this.waiting[peer]!.set(round, waiter);
    });
  }

  /** Marks a peer as failed: its pending and future receives reject with `error`. */
  fail(peer: number, error: Error): void {
    if (this.failures[peer]) return;
    this.failures[peer] = error;
    for (const waiter of this.waiting[peer]!.values()) {
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiting[peer]!.clear();
  }

  /** Releases timers; used on close so no timer keeps the process alive. */
  close(error: Error): void {
    for (let p = 0; p < this.waiting.length; p++) this.fail(p, error);
  }
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
