// The words one party sends each peer in a round, and reads back from each peer's message.
// Instructions of a round append in program order; receivers take in the same order.

import type { Vec } from "../domain/ring64.js";

/** Words kept free before each message for the frame header (16 bytes: see vm/net/frame.ts). */
const HEADER_WORDS = 2;

export class Outbox {
  private readonly chunks: Vec[][];
  /** Whether everything this round went to every peer: then one message serves them all. */
  private broadcastOnly = true;
  private shared: Uint8Array | null = null;

  constructor(
    parties: number,
    private readonly me: number,
  ) {
    // Plain loops here and in Inbox: this runs once a round, mostly before V8 optimises it.
    this.chunks = [];
    for (let p = 0; p < parties; p++) this.chunks.push([]);
  }

  send(peer: number, words: Vec): void {
    this.broadcastOnly = false;
    this.chunks[peer]!.push(words);
  }

  sendAll(words: Vec): void {
    for (let p = 0; p < this.chunks.length; p++) if (p !== this.me) this.chunks[p]!.push(words);
  }

  /**
   * One message per peer: the concatenation of everything sent to it this round, with room for the
   * frame header before it so the transport can frame it without another copy. When every word
   * went to every peer, all peers get the same message, built once (the header is the same too).
   */
  messageFor(peer: number): Uint8Array {
    if (!this.broadcastOnly) return concatenated(this.chunks[peer]!);
    return (this.shared ??= concatenated(this.chunks[peer]!));
  }
}

function concatenated(chunks: readonly Vec[]): Uint8Array {
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new BigUint64Array(HEADER_WORDS + total);
  let at = HEADER_WORDS;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return new Uint8Array(out.buffer, HEADER_WORDS * 8, total * 8);
}

export class MessageError extends Error {}

export class Inbox {
  private readonly words: Array<Vec | null>;
  private readonly cursors: number[];

  /** A null message: the peer was dropped (a protocol that tolerates drops reads only those present). */
  constructor(messages: ReadonlyArray<Uint8Array | null>) {
    this.words = [];
    this.cursors = [];
    for (const m of messages) {
      this.words.push(m === null ? null : aligned(m));
      this.cursors.push(0);
    }
  }

  /** Whether `peer`'s message is here (it was not dropped). */
  has(peer: number): boolean {
    return this.words[peer] !== null;
  }

  take(peer: number, count: number): Vec {
    const at = this.cursors[peer]!;
    const words = this.words[peer];
    if (words === null || words === undefined) throw new MessageError(`party ${peer} has left the computation, and this step needs its message`);
    if (at + count > words.length) throw new MessageError(`party ${peer} sent fewer words than this round needs`);
    this.cursors[peer] = at + count;
    return words.subarray(at, at + count);
  }

  /** Every word of every message was read: a longer message means the peers disagree on the program. */
  checkConsumed(): void {
    for (let peer = 0; peer < this.words.length; peer++) {
      const words = this.words[peer];
      if (words !== null && this.cursors[peer] !== words!.length) throw new MessageError(`party ${peer} sent more words than this round needs`);
    }
  }
}

function aligned(bytes: Uint8Array): Vec {
  if (bytes.byteLength % 8 !== 0) throw new MessageError("a message is not a whole number of ring words");
  if (bytes.byteOffset % 8 === 0) return new BigUint64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new BigUint64Array(copy.buffer);
}
