// The interface every secret-sharing protocol gives the machine: how one party's share of a value
// is laid out, how shares are opened, multiplied and input. One folder per family implements it.

import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import type { Inbox, Outbox } from "../machine/messages.js";

export const PROTOCOL_NAMES = ["additive", "replicated", "shamir"] as const;
export type ProtocolName = (typeof PROTOCOL_NAMES)[number];

/** What the bytecode header records of the protocol: its family and the most parties that may be corrupt. */
export interface ProtocolParams {
  readonly name: ProtocolName;
  readonly threshold: number;
}

/**
 * How many ring elements (arithmetic) and bit-planes (boolean) one party holds per shared value:
 * a secret register of n elements takes `arith · n · ring.words` words, stored component by
 * component ([component 0 of every element][component 1 …]), so linear operations run on each
 * component as on a plain vector.
 */
export interface ShareLayout {
  readonly arith: number;
  readonly bits: number;
}

/** Arithmetic shares (ring elements) or boolean ones (bit-sliced words). */
export type Domain = "arith" | "bits";

/** Opening a sharing: this round's words are sent; after the round, the clear values (null if not a recipient). */
export type Opening = (inbox: Inbox) => Vec | null;

/** A finished step of a round: writes its result once the replies are in. */
export type Finish = (inbox: Inbox) => void;

/**
 * One party's view of a protocol during a run. Every method that communicates appends this
 * party's words for the round to `out` and returns what to do with the replies, so all the
 * instructions of one round share one message per peer.
 */
export interface PartyProtocol {
  readonly name: ProtocolName;
  readonly party: number;
  readonly parties: number;
  readonly ring: Ring;
  readonly layout: ShareLayout;
  /**
   * The component of this party's share that a public value is added into (-1: none). A public
   * constant c enters a sharing as the sharing with c in that component and 0 elsewhere, so every
   * formula "party 0 adds the public term" of the additive protocol holds component by component.
   */
  readonly publicSlot: number;
  /** Opens `count` shared elements to party `to` (-1: to every party). */
  open(own: Vec, count: number, to: number, out: Outbox): Opening;
  /** Opens shared bit-sliced words to every party: the XOR of the shares. */
  openBits(own: Vec, words: number, out: Outbox): (inbox: Inbox) => Vec;
  /** Writes a sharing of x·y (`count` elements) into `result`. */
  multiply(x: Vec, y: Vec, count: number, out: Outbox, result: Vec): Finish;
  /** Writes a sharing of x ∧ y (`words` bit-sliced words) into `result`. */
  and(x: Vec, y: Vec, words: number, out: Outbox, result: Vec): Finish;
  /**
   * Shares values that `owner` chose (`values` there, null elsewhere) in this round: `count` ring
   * elements, or `count` bit-sliced words. Inputs and the material the parties make themselves start here.
   */
  shareInput(owner: number, values: Vec | null, count: number, domain: Domain, out: Outbox): (inbox: Inbox) => Vec;
  /** A sharing of uniformly random values that nobody knows, drawn without a message. */
  randomShare(count: number, domain: Domain): Vec;
  /**
   * Where the protocol can: random values below 2^width (`count` of them) as a sum of summands
   * each of which is a sharing in both domains made without a message — one sharing per summand of
   * its ring elements, and of its low `width` bits, bit-sliced. Replicated sharing's three
   * components are such summands. Without it, the parties input random values instead (a round).
   */
  summands?(count: number, width: number): { readonly arith: Vec[]; readonly bits: Vec[] };
  /** This party's share of input `index` (shared before the run, or drawn now). */
  inputShare(index: number, count: number): Vec;
  /** The same values with fresh shares, where the protocol can draw them without a message (else unchanged). */
  rerandomise(share: Vec, count: number): Vec;
  /**
   * What this party keeps for a client from its (re-randomised) share: a form the client can
   * reconstruct (vm/protocol/sharings.ts) and that tells it nothing but the value.
   */
  clientShare(share: Vec, count: number): Vec;
}
