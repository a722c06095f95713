// Messages from peers, buffered by (peer, round) so an early arrival waits for its round.
// A failed peer rejects every pending and future receive with the reason it failed and the round.
// Rounds are counted from 0 on the wire; messages for people count from 1, as the progress log does.

import { NetworkError } from "./errors.js";

interface Waiter {
  resolve(message: Uint8Array): void;
  reject(error: Error): void;
  /** When this receive gives up (performance.now() milliseconds). */
  deadline: number;
}

export class Mailbox {
  private readonly buffered: Array<Map<number, Uint8Array>>;
  private readonly waiting: Array<Map<number, Waiter>>;
  private readonly failures: Array<NetworkError | null>;
  /** The next round expected from each peer: a round below it is a replay, above it a skip. */
  private readonly nextRound: number[];
  /** The round this party is sending; peers run in lockstep, so none can be more than one ahead. */
  private current = -1;
  /** When the receives of the round last announced by `sending` give up (performance.now() ms). */
  private deadline = 0;
  /**
   * One watchdog for all receives, armed while any waits: a timer per receive would be set and
   * cleared twice a round, a measurable part of a short round's time.
   */
  private watchdog: NodeJS.Timeout | null = null;

  constructor(
    parties: number,
    private readonly roundTimeoutMs: number,
    private readonly describe: (peer: number) => string = (peer) => `party ${peer}`,
  ) {
    this.buffered = Array.from({ length: parties }, () => new Map());
    this.waiting = Array.from({ length: parties }, () => new Map());
    this.failures = Array.from({ length: parties }, () => null);
    this.nextRound = Array.from({ length: parties }, () => 0);
  }

  /** This party starts round `round`: peers may now send up to round + 1. */
  sending(round: number): void {
    this.current = Math.max(this.current, round);
    this.deadline = performance.now() + this.roundTimeoutMs;
  }

  /** A message from `peer` for `round`; throws NetworkError (and buffers nothing) if it is out of order. */
  deliver(peer: number, round: number, message: Uint8Array): void {
    const expected = this.nextRound[peer]!;
    if (round < expected) throw new NetworkError(`it sent round ${round + 1} again (a replay; round ${expected + 1} was next)`);
    if (round > expected) throw new NetworkError(`it sent round ${round + 1} when round ${expected + 1} was next`);
    if (round > this.current + 1) throw new NetworkError(`it sent round ${round + 1} while this party is at round ${Math.max(this.current, 0) + 1}`);
    this.nextRound[peer] = round + 1;
    const waiter = this.waiting[peer]!.get(round);
    if (waiter !== undefined) {
      this.waiting[peer]!.delete(round);
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
    if (failure) return Promise.reject(inRound(failure, round));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject: (e) => reject(inRound(e, round)), deadline: this.deadline };
      this.waiting[peer]!.set(round, waiter);
      if (this.roundTimeoutMs > 0 && this.watchdog === null) this.arm(this.roundTimeoutMs);
    });
  }

  /** Unref'd: the connections keep a waiting party alive; the watchdog must not keep a finished one. */
  private arm(ms: number): void {
    this.watchdog = setTimeout(() => this.expire(), Math.max(1, Math.ceil(ms)));
    this.watchdog.unref();
  }

  /** Fails the receives past their deadline; re-arms for the earliest one left. */
  private expire(): void {
    this.watchdog = null;
    const now = performance.now();
    let next = Infinity;
    this.waiting.forEach((waiters, peer) => {
      for (const [round, waiter] of waiters) {
        if (waiter.deadline > now) {
          next = Math.min(next, waiter.deadline);
          continue;
        }
        waiters.delete(round);
        waiter.reject(new NetworkError(`${this.describe(peer)} sent nothing within ${formatSeconds(this.roundTimeoutMs)}`));
      }
    });
    if (next !== Infinity) this.arm(next - now);
  }

  /** Marks a peer as failed: its pending and future receives reject with `error` (the first one wins). */
  fail(peer: number, error: NetworkError): void {
    if (this.failures[peer]) return;
    this.failures[peer] = error;
    for (const waiter of this.waiting[peer]!.values()) waiter.reject(error);
    this.waiting[peer]!.clear();
  }

  /** Fails every peer, releasing the watchdog, so no timer keeps the process alive after a close. */
  close(error: NetworkError): void {
    for (let p = 0; p < this.waiting.length; p++) this.fail(p, error);
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
  }
}

/** The same kind of error, its message led by the round it interrupted. */
function inRound(error: Error, round: number): Error {
  if (!(error instanceof NetworkError)) return error;
  return new (error.constructor as new (message: string) => NetworkError)(`round ${round + 1}: ${error.message}`);
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
