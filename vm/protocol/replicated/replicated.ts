// Replicated secret sharing among 3 parties, honest majority, passive security [Araki, Furukawa,
// Lindell, Nof, Ohara, CCS 2016]: x = x0 + x1 + x2, party i holds (x_i, x_(i+1)); no preprocessing.

import { toBitSliced } from "../../domain/bits.js";
import { keepLowBits } from "../../domain/low-bits.js";
import type { Prg } from "../../domain/prg.js";
import type { Ring } from "../../domain/ring.js";
import type { Vec } from "../../domain/ring64.js";
import type { Inbox, Outbox } from "../../machine/messages.js";
import type { Domain, Finish, Opening, PartyProtocol, ShareLayout } from "../protocol.js";

const LAYOUT: ShareLayout = { arith: 2, bits: 2 };

export interface ReplicatedSetup {
  readonly party: number;
  readonly ring: Ring;
  /** The streams this party shares with the next party and with the previous one (seeds agreed when they connected). */
  readonly next: Prg;
  readonly previous: Prg;
  /** This party's shares of the inputs, filled in the input phase (vm/protocol/start.ts), by input index. */
  readonly inputs: Map<number, Vec>;
}

/**
 * Component c of party i is x_(i+c). Randomness needs no message: the component x_j is drawn from
 * the stream parties j − 1 and j share (pseudo-random secret sharing, [CDI05]).
 */
export class Replicated implements PartyProtocol {
  readonly name = "replicated";
  readonly layout = LAYOUT;
  readonly parties = 3;
  readonly party: number;
  readonly ring: Ring;
  /** x_0 is component 0 of party 0 and component 1 of party 2: both add a public value into it. */
  readonly publicSlot: number;
  private readonly nextParty: number;
  private readonly previousParty: number;

  constructor(private readonly s: ReplicatedSetup) {
    this.party = s.party;
    this.ring = s.ring;
    this.publicSlot = s.party === 0 ? 0 : s.party === 2 ? 1 : -1;
    this.nextParty = (s.party + 1) % 3;
    this.previousParty = (s.party + 2) % 3;
  }

  /** Each party lacks only x_(i−1), which the previous party holds as its first component: it sends that to its next. */
  open(own: Vec, _count: number, to: number, out: Outbox): Opening {
    const half = own.length / 2;
    if (to === -1 ? true : to === this.nextParty) out.send(this.nextParty, own.subarray(0, half));
    if (to !== -1 && to !== this.party) return () => null;
    return (inbox) => {
      const sum = this.ring.add(this.ring.alloc(half / this.ring.words), own.subarray(0, half), own.subarray(half));
      return this.ring.add(sum, sum, inbox.take(this.previousParty, half));
    };
  }

  openBits(own: Vec, words: number, out: Outbox): (inbox: Inbox) => Vec {
    out.send(this.nextParty, own.subarray(0, words));
    return (inbox) => {
      const missing = inbox.take(this.previousParty, words);
      const sum = new BigUint64Array(words);
      for (let w = 0; w < words; w++) sum[w] = own[w]! ^ own[words + w]! ^ missing[w]!;
      return sum;
    };
  }

  /**
   * z_i = x_i·y_i + x_i·y_(i+1) + x_(i+1)·y_i + α_i, with α_i a share of zero from the two streams;
   * the z_i add up to x·y. Party i keeps z_i and sends it to the previous party, whose second component it becomes.
   */
  multiply(x: Vec, y: Vec, count: number, out: Outbox, result: Vec): Finish {
    const size = count * this.ring.words;
    const z = result.subarray(0, size);
    const [x0, x1, y0, y1] = [x.subarray(0, size), x.subarray(size), y.subarray(0, size), y.subarray(size)];
    const zero = this.ring.sub(this.ring.alloc(count), this.s.next.words(size), this.s.previous.words(size));
    if (this.ring.words === 1) crossTerms64(z, x0, x1, y0, y1, zero);
    else {
      const t = this.ring.alloc(count);
      this.ring.mul(z, x0, y0);
      this.ring.add(z, z, this.ring.mul(t, x0, y1));
      this.ring.add(z, z, this.ring.mul(t, x1, y0));
      this.ring.add(z, z, zero);
    }
    out.send(this.previousParty, z);
    return (inbox) => void result.set(inbox.take(this.nextParty, size), size);
  }

  /** The same over GF(2), 64 ANDs a word [AFLNO16]. */
  and(x: Vec, y: Vec, words: number, out: Outbox, result: Vec): Finish {
    const z = result.subarray(0, words);
    const a = this.s.next.words(words);
    const b = this.s.previous.words(words);
    for (let w = 0; w < words; w++) {
      const x0 = x[w]!;
      const x1 = x[words + w]!;
      const y0 = y[w]!;
      const y1 = y[words + w]!;
      z[w] = (x0 & y0) ^ (x0 & y1) ^ (x1 & y0) ^ a[w]! ^ b[w]!;
    }
    out.send(this.previousParty, z);
    return (inbox) => void result.set(inbox.take(this.nextParty, words), words);
  }

  /**
   * The owner o draws x_(o+1) from the stream it shares with o + 1, keeps x_o = v − x_(o+1), and
   * sends x_o to o + 2, the other party that holds it; x_(o+2) = 0. Each party sees one component
   * that is pseudo-random to it.
   */
  shareInput(owner: number, values: Vec | null, count: number, domain: Domain, out: Outbox): (inbox: Inbox) => Vec {
    const size = domain === "arith" ? count * this.ring.words : count;
    const share = new BigUint64Array(2 * size);
    if (owner === this.party) {
      const other = this.s.next.words(size);
      const mine = domain === "arith" ? this.ring.sub(this.ring.alloc(count), values!, other) : xorWords(values!, other);
      share.set(mine);
      share.set(other, size);
      out.send(this.previousParty, mine);
      return () => share;
    }
    if (owner === this.previousParty) {
      share.set(this.s.previous.words(size));
      return () => share;
    }
    return (inbox) => {
      share.set(inbox.take(this.nextParty, size), size);
      return share;
    };
  }

  /** x_j from the stream parties j − 1 and j share: party i draws x_i from the previous stream, x_(i+1) from the next. */
  randomShare(count: number, domain: Domain): Vec {
    const size = domain === "arith" ? count * this.ring.words : count;
    const share = new BigUint64Array(2 * size);
    share.set(this.s.previous.words(size));
    share.set(this.s.next.words(size), size);
    return share;
  }

  /**
   * A random sharing's component x_j is known to parties j − 1 and j, so it is a sharing by itself:
   * x_j in the slot each of those two holds it, zero elsewhere — in both domains, with no message
   * (the bit decomposition of ABY3 [Mohassel and Rindal, CCS 2018]). Values below 2^width: each
   * component is cut to width bits first.
   */
  summands(count: number, width: number): { arith: Vec[]; bits: Vec[] } {
    const size = count * this.ring.words;
    const random = this.randomShare(count, "arith");
    if (width < this.ring.bits) keepLowBits(this.ring, random, width);
    const mine = [random.subarray(0, size), random.subarray(size)];
    const sliced = mine.map((v) => toBitSliced(v, width, this.ring.words));
    const bitWords = sliced[0]!.length;
    const arith: Vec[] = [];
    const bits: Vec[] = [];
    for (let j = 0; j < 3; j++) {
      const slot = (j - this.party + 3) % 3;
      const a = new BigUint64Array(2 * size);
      const b = new BigUint64Array(2 * bitWords);
      if (slot < 2) {
        a.set(mine[slot]!, slot * size);
        b.set(sliced[slot]!, slot * bitWords);
      }
      arith.push(a);
      bits.push(b);
    }
    return { arith, bits };
  }

  inputShare(index: number): Vec {
    const share = this.s.inputs.get(index);
    if (share === undefined) throw new Error(`input ${index} was not shared in the input phase`);
    return share;
  }

  /**
   * Fresh shares would need a message (each component is known to two parties); the value goes to
   * a client as an additive share with fresh randomness instead (clientShare), so nothing is needed here.
   */
  rerandomise(share: Vec): Vec {
    return share;
  }

  /** The client gets x_i + α_i from party i: three shares that add up to the value and are otherwise random. */
  clientShare(share: Vec, count: number): Vec {
    const size = count * this.ring.words;
    const out = share.slice(0, size);
    this.ring.add(out, out, this.s.next.words(size));
    return this.ring.sub(out, out, this.s.previous.words(size));
  }
}

function xorWords(a: Vec, b: Vec): Vec {
  const out = new BigUint64Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** z := x0·y0 + x0·y1 + x1·y0 + zero, in one pass of simple loops (V8 keeps them unboxed). */
function crossTerms64(z: Vec, x0: Vec, x1: Vec, y0: Vec, y1: Vec, zero: Vec): void {
  for (let i = 0; i < z.length; i++) z[i] = x0[i]! * (y0[i]! + y1[i]!) + x1[i]! * y0[i]! + zero[i]!;
}
