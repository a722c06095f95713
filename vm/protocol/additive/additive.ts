// The additive protocol: n parties, dishonest majority, passive security. Each party holds one
// additive share; products use Beaver triples and ANDs bit triples, both from preprocessing.

import type { Prg } from "../../domain/prg.js";
import type { Ring } from "../../domain/ring.js";
import type { Vec } from "../../domain/ring64.js";
import { Inbox, Outbox } from "../../machine/messages.js";
import type { Material } from "../../preprocessing/material.js";
import { randomWords } from "../../domain/random.js";
import type { Domain, Finish, Opening, PartyProtocol, ShareLayout } from "../protocol.js";
import { maskFactors, productShare } from "./beaver.js";
import { andShare, maskAndOperands } from "./bitwise.js";
import { addShares } from "./open.js";

const LAYOUT: ShareLayout = { arith: 1, bits: 1 };

/** shareInput sends nothing and reads nothing under this protocol: these stand in for a round. */
const NO_MESSAGES = new Outbox(0, 0);
const EMPTY_INBOX = new Inbox([]);

export interface AdditiveSetup {
  readonly party: number;
  readonly parties: number;
  readonly ring: Ring;
  readonly material: Material;
  /** The pseudorandom stream this party shares with each peer (null for itself). */
  readonly streams: ReadonlyArray<Prg | null>;
  /** This party's own inputs' values, by input index. */
  readonly ownInput: (index: number) => Vec;
  /** The owner of each input of the program. */
  readonly inputOwner: (index: number) => number;
}

export class Additive implements PartyProtocol {
  readonly name = "additive";
  readonly layout = LAYOUT;
  readonly party: number;
  readonly parties: number;
  readonly ring: Ring;
  readonly publicSlot: number;

  constructor(private readonly s: AdditiveSetup) {
    this.party = s.party;
    this.parties = s.parties;
    this.ring = s.ring;
    this.publicSlot = s.party === 0 ? 0 : -1;
  }

  open(own: Vec, _count: number, to: number, out: Outbox): Opening {
    if (to === -1) out.sendAll(own);
    else if (to !== this.party) out.send(to, own);
    return (inbox) => (to === -1 || to === this.party ? addShares(this.ring, own, this.fromPeers(inbox, own.length)) : null);
  }

  openBits(own: Vec, words: number, out: Outbox): (inbox: Inbox) => Vec {
    out.sendAll(own);
    return (inbox) => {
      const sum = own.slice();
      for (const r of this.fromPeers(inbox, words)) for (let i = 0; i < words; i++) sum[i] = sum[i]! ^ r[i]!;
      return sum;
    };
  }

  /** Beaver multiplication [Beaver, CRYPTO '91] with a dealt triple. */
  multiply(x: Vec, y: Vec, count: number, out: Outbox, result: Vec): Finish {
    const [a, b, c] = this.s.material.take("triple", null, count);
    const masked = maskFactors(this.ring, x, y, a!, b!);
    const opening = this.openInPlace(masked, out);
    return (inbox) => void productShare(this.ring, this.party, opening(inbox), a!, b!, c!, result);
  }

  /** Beaver's method over GF(2), 64 ANDs a word, with dealt bit triples. */
  and(x: Vec, y: Vec, words: number, out: Outbox, result: Vec): Finish {
    const [a, b, c] = this.s.material.take("bittriple", null, words);
    const masked = maskAndOperands(x, y, a!, b!);
    out.sendAll(masked);
    return (inbox) => {
      for (const r of this.fromPeers(inbox, masked.length)) for (let i = 0; i < masked.length; i++) masked[i] = masked[i]! ^ r[i]!;
      andShare(this.party, masked, a!, b!, c!, result);
    };
  }

  /**
   * Shares `owner`'s values without a message: every other party's share is the next words of the
   * stream it shares with the owner; the owner keeps the values minus (or XOR) all of those.
   */
  shareInput(owner: number, values: Vec | null, count: number, domain: Domain, _out: Outbox): (inbox: Inbox) => Vec {
    const words = domain === "arith" ? count * this.ring.words : count;
    if (owner !== this.party) {
      const share = this.s.streams[owner]!.words(words);
      return () => share;
    }
    const share = values!.slice();
    for (let p = 0; p < this.parties; p++) {
      if (p === this.party) continue;
      const stream = this.s.streams[p]!.words(words);
      if (domain === "arith") this.ring.sub(share, share, stream);
      else for (let i = 0; i < words; i++) share[i] = share[i]! ^ stream[i]!;
    }
    return () => share;
  }

  /** Each party's own random share: their sum is random and known to nobody. */
  randomShare(count: number, domain: Domain): Vec {
    return randomWords(domain === "arith" ? count * this.ring.words : count);
  }

  /** An input is shared as shareInput shares values, without a message, when the instruction runs. */
  inputShare(index: number, count: number): Vec {
    const owner = this.s.inputOwner(index);
    return this.shareInput(owner, owner === this.party ? this.s.ownInput(index) : null, count, "arith", NO_MESSAGES)(EMPTY_INBOX);
  }

  /**
   * Adds a sharing of zero drawn from the streams each pair of parties shares: for each pair the
   * lower adds and the higher subtracts the same words, so the sum is unchanged and, as long as two
   * parties keep their common stream to themselves, the shares are (pseudo)random given the value:
   * a pseudorandom zero-sharing as in [CDI05].
   */
  rerandomise(share: Vec, count: number): Vec {
    const words = count * this.ring.words;
    const out = share.slice();
    for (let p = 0; p < this.parties; p++) {
      if (p === this.party) continue;
      const stream = this.s.streams[p]!.words(words);
      if (this.party < p) this.ring.add(out, out, stream);
      else this.ring.sub(out, out, stream);
    }
    return out;
  }

  /** A client adds the parties' shares up: this party's (re-randomised) share is what it gets. */
  clientShare(share: Vec): Vec {
    return share;
  }

  /** Sends `own` to every peer; after the round, the sum of every party's value, made in `own`. */
  private openInPlace(own: Vec, out: Outbox): (inbox: Inbox) => Vec {
    out.sendAll(own);
    return (inbox) => {
      for (const r of this.fromPeers(inbox, own.length)) this.ring.add(own, own, r);
      return own;
    };
  }

  private fromPeers(inbox: Inbox, words: number): Vec[] {
    const received: Vec[] = [];
    for (let p = 0; p < this.parties; p++) if (p !== this.party) received.push(inbox.take(p, words));
    return received;
  }
}
