// Test helper: every party of a protocol in one process, built as vm/protocol/start.ts builds them
// (seeds shared pairwise, PRSS keys per set), and a round that hands each party's words to the others.

import { randomBytes } from "node:crypto";
import { derivedSeed, Prg, SEED_BYTES } from "../../../vm/domain/prg.js";
import { ringOf, type Domain } from "../../../vm/domain/ring.js";
import type { Vec } from "../../../vm/domain/ring64.js";
import { Inbox, Outbox } from "../../../vm/machine/messages.js";
import { deal } from "../../../vm/preprocessing/dealer.js";
import { Material } from "../../../vm/preprocessing/material.js";
import { Additive } from "../../../vm/protocol/additive/additive.js";
import type { PartyProtocol, ProtocolName } from "../../../vm/protocol/protocol.js";
import { Replicated } from "../../../vm/protocol/replicated/replicated.js";
import { GaloisRing } from "../../../vm/protocol/shamir/galois.js";
import { Prss, subsets } from "../../../vm/protocol/shamir/prss.js";
import { Shamir } from "../../../vm/protocol/shamir/shamir.js";
import { Session } from "../../../vm/protocol/generate/session.js";

/** Triples (and bit triples) dealt to the additive protocol's parties: enough for a few thousand products. */
const TRIPLES = 20_000;

export function protocolParties(name: ProtocolName, parties: number, threshold: number, domain: Domain = "Z2^64"): PartyProtocol[] {
  const ring = ringOf(domain);
  const pair = Array.from({ length: parties }, () => Array.from({ length: parties }, () => randomBytes(SEED_BYTES)));
  const seed = (a: number, b: number): Uint8Array => pair[Math.min(a, b)]![Math.max(a, b)]!;
  const streams = (p: number) => Array.from({ length: parties }, (_, q) => (q === p ? null : new Prg(seed(p, q))));
  const dealt = deal(
    ring,
    [
      { kind: "triple", param: null, count: TRIPLES },
      { kind: "bittriple", param: null, count: TRIPLES },
    ],
    parties,
  );
  const setKeys = new Map(subsets(parties, parties - threshold).map((set) => [set.join(","), randomBytes(SEED_BYTES)]));
  return Array.from({ length: parties }, (_, party): PartyProtocol => {
    const s = streams(party);
    switch (name) {
      case "additive":
        return new Additive({
          party,
          parties,
          ring,
          material: new Material(ring, dealt[party]!.items),
          streams: s,
          ownInput: () => new BigUint64Array(0),
          inputOwner: () => 0,
        });
      case "replicated":
        return new Replicated({ party, ring, next: s[(party + 1) % 3]!, previous: s[(party + 2) % 3]!, inputs: new Map() });
      case "shamir": {
        const gr = new GaloisRing(ring, parties);
        const keys = (set: readonly number[]) => (parties - threshold === 2 ? derivedSeed(seed(set[0]!, set[1]!), "prss") : setKeys.get(set.join(","))!);
        const prss = new Prss(gr, party, parties, threshold, keys);
        return new Shamir({ party, parties, threshold, gr, prss, pairStreams: s, inputs: new Map() });
      }
    }
  });
}

/** One round among all parties: `step` appends each party's words and returns what it finishes with. */
export function round<T>(parties: readonly PartyProtocol[], step: (p: PartyProtocol, out: Outbox) => (inbox: Inbox) => T): T[] {
  const outboxes = parties.map((p) => new Outbox(parties.length, p.party));
  const finishers = parties.map((p, i) => step(p, outboxes[i]!));
  // Every message is made before anyone finishes, as the VM sends a round before it reads the replies.
  const messages = parties.map((p) => parties.map((_, q) => (q === p.party ? new Uint8Array(0) : outboxes[q]!.messageFor(p.party))));
  return parties.map((_, i) => {
    const inbox = new Inbox(messages[i]!);
    const result = finishers[i]!(inbox);
    inbox.checkConsumed();
    return result;
  });
}

/** Shares `values` from party `owner` to all (arithmetic), in one round. */
export function shareFrom(parties: readonly PartyProtocol[], owner: number, values: Vec): Vec[] {
  const count = values.length / parties[0]!.ring.words;
  return round(parties, (p, out) => p.shareInput(owner, p.party === owner ? values : null, count, "arith", out));
}

/** Opens sharings to everyone and checks every party got the same values. */
export function openAll(parties: readonly PartyProtocol[], shares: readonly Vec[], count: number): Vec {
  const opened = round(parties, (p, out) => p.open(shares[p.party]!, count, -1, out));
  for (const o of opened) if (o === null || o.join() !== opened[0]!.join()) throw new Error("the parties opened different values");
  return opened[0]!;
}

/**
 * A Session for each party, driven in lockstep: a round runs once every party has asked for it,
 * as over a network (for the material-making circuits of vm/protocol/generate).
 */
export function sessions(parties: readonly PartyProtocol[]): Session[] {
  const pending: Array<{ fill: (out: Outbox) => void; resolve: (inbox: Inbox) => void } | null> = parties.map(() => null);
  const runIfAllWaiting = (): void => {
    if (pending.some((x) => x === null)) return;
    const taken = pending.map((x) => x!);
    pending.fill(null);
    const outboxes = taken.map((x, p) => {
      const out = new Outbox(parties.length, p);
      x.fill(out);
      return out;
    });
    const messages = parties.map((_, p) => parties.map((__, q) => (q === p ? new Uint8Array(0) : outboxes[q]!.messageFor(p))));
    taken.forEach((x, p) => x.resolve(new Inbox(messages[p]!)));
  };
  return parties.map(
    (proto, p) =>
      new Session(
        proto,
        (fill) =>
          new Promise<Inbox>((resolve) => {
            pending[p] = { fill, resolve };
            queueMicrotask(runIfAllWaiting);
          }),
      ),
  );
}
