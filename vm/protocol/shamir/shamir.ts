// Shamir secret sharing among n parties with threshold t < n/2, passive security, over the Galois
// ring GR(2^k, d) so values keep Z_2^k's arithmetic [Abspoel, Cramer, Damgård, Escudero, Yuan, TCC 2019].

import { randomWords } from "../../domain/random.js";
import type { Ring } from "../../domain/ring.js";
import type { Vec } from "../../domain/ring64.js";
import type { Inbox, Outbox } from "../../machine/messages.js";
import type { Domain, Finish, Opening, PartyProtocol, ShareLayout } from "../protocol.js";
import { type Element, type GaloisRing, gf2AddScaled, gf2MulVec, modTwo } from "./galois.js";
import type { Prss } from "./prss.js";

export interface ShamirSetup {
  readonly party: number;
  readonly parties: number;
  readonly threshold: number;
  readonly gr: GaloisRing;
  readonly prss: Prss;
  /** Pairwise streams, for the additive form a client's output share takes. */
  readonly pairStreams: ReadonlyArray<{ words(n: number): Vec } | null>;
  /** This party's shares of the inputs, filled in the input phase (vm/protocol/start.ts), by input index. */
  readonly inputs: Map<number, Vec>;
}

/**
 * A share of a value is the evaluation at this party's point of a random polynomial of degree t
 * whose constant term is the value: d ring elements (coefficients of the Galois ring), stored as d
 * components. Bits are shared the same way over GF(2^d), d bit-planes.
 */
export class Shamir implements PartyProtocol {
  readonly name = "shamir";
  readonly layout: ShareLayout;
  readonly party: number;
  readonly parties: number;
  readonly ring: Ring;
  /** Adding c to the constant term of every party's polynomial adds c to the value. */
  readonly publicSlot = 0;
  private readonly gr: GaloisRing;
  private readonly d: number;
  private readonly t: number;
  private readonly others: number[];

  constructor(private readonly s: ShamirSetup) {
    this.gr = s.gr;
    this.d = s.gr.d;
    this.t = s.threshold;
    this.party = s.party;
    this.parties = s.parties;
    this.ring = s.gr.ring;
    this.layout = { arith: this.d, bits: this.d };
    this.others = Array.from({ length: s.parties }, (_, p) => p).filter((p) => p !== s.party);
  }

  /** Everyone sends its share to the recipients; each interpolates f(0) from t + 1 shares (its own first). */
  open(own: Vec, count: number, to: number, out: Outbox): Opening {
    if (to === -1) out.sendAll(own);
    else if (to !== this.party) out.send(to, own);
    if (to !== -1 && to !== this.party) return () => null;
    return (inbox) => this.interpolate(own, this.received(inbox, own.length), this.t + 1, count);
  }

  openBits(own: Vec, words: number, out: Outbox): (inbox: Inbox) => Vec {
    out.sendAll(own);
    return (inbox) => this.interpolateBits(own, this.received(inbox, own.length), this.t + 1, words);
  }

  /**
   * A product without re-sharing [after Damgård and Nielsen, CRYPTO 2007]: x_i·y_i is a share of
   * degree 2t of x·y; each party masks it with a random r (degree t, from PRSS) and a degree-2t
   * sharing of zero, and sends it to all. Any 2t + 1 of them give e = x·y − r in the clear, which
   * says nothing of x·y; then x·y = r + e, a sharing of degree t.
   */
  multiply(x: Vec, y: Vec, count: number, out: Outbox, result: Vec): Finish {
    const masked = this.gr.mulVec(new BigUint64Array(x.length), x, y);
    const r = this.s.prss.random(count);
    this.ring.sub(masked, masked, r);
    this.ring.add(masked, masked, this.s.prss.zero2t(count));
    out.sendAll(masked);
    return (inbox) => {
      const e = this.interpolate(masked, this.received(inbox, masked.length), 2 * this.t + 1, count);
      result.set(r);
      const constant = result.subarray(0, count * this.ring.words);
      this.ring.add(constant, constant, e);
    };
  }

  /** The same over GF(2^d), 64 ANDs a word. */
  and(x: Vec, y: Vec, words: number, out: Outbox, result: Vec): Finish {
    const masked = gf2MulVec(new BigUint64Array(x.length), x, y, this.d);
    const r = this.s.prss.randomBits(words);
    const zero = this.s.prss.zeroBits2t(words);
    for (let i = 0; i < masked.length; i++) masked[i] = masked[i]! ^ r[i]! ^ zero[i]!;
    out.sendAll(masked);
    return (inbox) => {
      const e = this.interpolateBits(masked, this.received(inbox, masked.length), 2 * this.t + 1, words);
      result.set(r);
      for (let w = 0; w < words; w++) result[w] = result[w]! ^ e[w]!;
    };
  }

  /** The owner draws a random polynomial of degree t through its values and sends each party its point. */
  shareInput(owner: number, values: Vec | null, count: number, domain: Domain, out: Outbox): (inbox: Inbox) => Vec {
    const size = domain === "arith" ? count * this.ring.words : count;
    if (owner !== this.party) return (inbox) => inbox.take(owner, this.d * size).slice();
    const shares = domain === "arith" ? this.polynomialShares(values!, count) : this.polynomialBitShares(values!, count);
    for (const p of this.others) out.send(p, shares[p]!);
    return () => shares[this.party]!;
  }

  randomShare(count: number, domain: Domain): Vec {
    return domain === "arith" ? this.s.prss.random(count) : this.s.prss.randomBits(count);
  }

  inputShare(index: number): Vec {
    const share = this.s.inputs.get(index);
    if (share === undefined) throw new Error(`input ${index} was not shared in the input phase`);
    return share;
  }

  /** Fresh randomness is added when the share goes to a client (clientShare). */
  rerandomise(share: Vec): Vec {
    return share;
  }

  /**
   * A client gets λ_i·x_i (the value's Lagrange term over all n points, its constant coefficient)
   * plus a share of zero from the pairwise streams: n numbers that add up to the value and are
   * otherwise random. The client adds them up, as under every other protocol.
   */
  clientShare(share: Vec, count: number): Vec {
    const all = Array.from({ length: this.parties }, (_, p) => p);
    const lambda = this.gr.lagrangeAtZero(all)[this.party]!;
    const term = this.gr.addScaled(new BigUint64Array(share.length), share, lambda);
    const out = term.slice(0, count * this.ring.words);
    for (const p of this.others) {
      const stream = this.s.pairStreams[p]!.words(out.length);
      if (this.party < p) this.ring.add(out, out, stream);
      else this.ring.sub(out, out, stream);
    }
    return out;
  }

  /** A random polynomial of degree t over GR(2^k, d) with the values as constant terms, at every party's point. */
  private polynomialShares(values: Vec, count: number): Vec[] {
    const size = count * this.ring.words;
    const coefficients = Array.from({ length: this.t }, () => this.ring.random(this.d * count));
    return Array.from({ length: this.parties }, (_, p) => {
      const share = new BigUint64Array(this.d * size);
      share.set(values.subarray(0, size));
      const alpha = this.gr.point(p);
      coefficients.forEach((c, j) => this.gr.addScaled(share, c, this.gr.power(alpha, j + 1)));
      return share;
    });
  }

  private polynomialBitShares(values: Vec, words: number): Vec[] {
    const coefficients = Array.from({ length: this.t }, () => randomWords(this.d * words));
    return Array.from({ length: this.parties }, (_, p) => {
      const share = new BigUint64Array(this.d * words);
      share.set(values.subarray(0, words));
      const alpha = this.gr.point(p);
      coefficients.forEach((c, j) => gf2AddScaled(share, c, modTwo(this.gr.power(alpha, j + 1)), this.d));
      return share;
    });
  }

  /** The other parties' words this round, by party (null for this party and for parties dropped from the run). */
  private received(inbox: Inbox, words: number): Array<Vec | null> {
    return Array.from({ length: this.parties }, (_, p) => (p === this.party || !inbox.has(p) ? null : inbox.take(p, words)));
  }

  /** f(0)'s constant coefficient from `needed` points: this party's and the first others'. */
  private interpolate(own: Vec, received: ReadonlyArray<Vec | null>, needed: number, count: number): Vec {
    const { points, lambdas } = this.basis(received, needed);
    const acc = new BigUint64Array(own.length);
    points.forEach((p, i) => this.gr.addScaled(acc, p === this.party ? own : received[p]!, lambdas[i]!));
    return acc.slice(0, count * this.ring.words);
  }

  private interpolateBits(own: Vec, received: ReadonlyArray<Vec | null>, needed: number, words: number): Vec {
    const { points, lambdas } = this.basis(received, needed);
    const acc = new BigUint64Array(own.length);
    points.forEach((p, i) => gf2AddScaled(acc, p === this.party ? own : received[p]!, modTwo(lambdas[i]!), this.d));
    return acc.slice(0, words);
  }

  private readonly bases = new Map<string, { points: number[]; lambdas: Element[] }>();

  private basis(received: ReadonlyArray<Vec | null>, needed: number): { points: number[]; lambdas: Element[] } {
    const points = [this.party, ...this.others.filter((p) => received[p] !== null)].slice(0, needed);
    if (points.length < needed) throw new Error(`${needed} shares are needed, only ${points.length} arrived`);
    const key = points.join(",");
    let basis = this.bases.get(key);
    if (basis === undefined) this.bases.set(key, (basis = { points, lambdas: this.gr.lagrangeAtZero(points) }));
    return basis;
  }
}
