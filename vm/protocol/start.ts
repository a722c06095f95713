// Starts a party's protocol for a run: the protocol the program's header names, with what it needs
// before the first instruction (seeds, the input phase, material made by the parties themselves).

import type { Program } from "../bytecode/program.js";
import { randomBytes } from "node:crypto";
import { derivedSeed, Prg, SEED_BYTES } from "../domain/prg.js";
import { ringOf } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import type { Inbox, Outbox } from "../machine/messages.js";
import type { Material } from "../preprocessing/material.js";
import { Additive } from "./additive/additive.js";
import { MaterialMaker } from "./generate/make.js";
import { Session } from "./generate/session.js";
import { Replicated } from "./replicated/replicated.js";
import { GaloisRing } from "./shamir/galois.js";
import { Prss, subsets } from "./shamir/prss.js";
import { Shamir } from "./shamir/shamir.js";
import type { PartyProtocol } from "./protocol.js";

/** One round before the program's own: this party's words for each peer out, every peer's words in. */
export type SetupRound = (fill: (out: Outbox) => void) => Promise<Inbox>;

export interface ProtocolStart {
  readonly program: Program;
  readonly party: number;
  /** This party's encoded inputs (and clients' shares), by input index. */
  readonly inputs: ReadonlyMap<number, Vec>;
  /** Preprocessing from a dealer or an offline phase, for protocols that consume it. */
  readonly material: Material | null;
  readonly pairSeed: (peer: number) => Uint8Array;
  readonly round: SetupRound;
}

export interface StartedProtocol {
  readonly proto: PartyProtocol;
  /** The material the program's instructions draw on (dealt, or made by the parties in setup rounds). */
  readonly material: Material | null;
}

export async function startProtocol(s: ProtocolStart): Promise<StartedProtocol> {
  const { program, party } = s;
  const ring = ringOf(program.domain);
  const streams = Array.from({ length: program.parties }, (_, p) => (p === party ? null : new Prg(s.pairSeed(p))));

  switch (program.protocol.name) {
    case "additive": {
      if (s.material === null) throw new Error("the additive protocol needs preprocessing");
      const proto = new Additive({
        party,
        parties: program.parties,
        ring,
        material: s.material,
        streams,
        ownInput: (index) => s.inputs.get(index)!,
        inputOwner: (index) => program.inputs[index]!.party,
      });
      return { proto, material: s.material };
    }
    case "replicated": {
      const shares = new Map<number, Vec>();
      const proto = new Replicated({ party, ring, next: streams[(party + 1) % 3]!, previous: streams[(party + 2) % 3]!, inputs: shares });
      return honestMajority(s, proto, shares);
    }
    case "shamir": {
      const shares = new Map<number, Vec>();
      const { threshold } = program.protocol;
      const gr = new GaloisRing(ring, program.parties);
      const keys = await prssKeys(s, threshold);
      const prss = new Prss(gr, party, program.parties, threshold, keys);
      const proto = new Shamir({ party, parties: program.parties, threshold, gr, prss, pairStreams: streams, inputs: shares });
      return honestMajority(s, proto, shares);
    }
  }
}

/**
 * A key for every set of n − t parties this party belongs to: the set's first member draws it and
 * sends it to the others over their (TLS) connections, in one round. Sets of two use the seed the
 * pair agreed when they connected, so three parties need no round.
 */
async function prssKeys(s: ProtocolStart, threshold: number): Promise<(set: readonly number[]) => Uint8Array> {
  const { party, program } = s;
  const mine = subsets(program.parties, program.parties - threshold).filter((set) => set.includes(party));
  if (program.parties - threshold === 2) return (set) => derivedSeed(s.pairSeed(set[0] === party ? set[1]! : set[0]!), "prss");
  const keys = new Map<string, Uint8Array>();
  const drawn = mine.filter((set) => set[0] === party).map((set) => ({ set, key: randomBytes(SEED_BYTES) }));
  const inbox = await s.round((out) => {
    for (const { set, key } of drawn) {
      keys.set(set.join(","), key);
      const words = new BigUint64Array(key.buffer, key.byteOffset, SEED_BYTES / 8);
      for (const p of set) if (p !== party) out.send(p, words.slice());
    }
  });
  for (const set of mine) {
    if (set[0] === party) continue;
    const words = inbox.take(set[0]!, SEED_BYTES / 8).slice();
    keys.set(set.join(","), new Uint8Array(words.buffer));
  }
  inbox.checkConsumed();
  return (set) => keys.get(set.join(","))!;
}

/**
 * What a protocol without a dealer does before the first instruction: one round in which every
 * party shares its inputs, then the rounds that make the material the program's header lists.
 */
async function honestMajority(s: ProtocolStart, proto: PartyProtocol, shares: Map<number, Vec>): Promise<StartedProtocol> {
  const own = s.program.inputs.flatMap((spec, index) => (spec.party >= 0 ? [{ index, owner: spec.party, len: spec.len }] : []));
  if (own.length > 0) {
    let finish: Array<(inbox: Inbox) => Vec> = [];
    const inbox = await s.round((out) => {
      finish = own.map(({ index, owner, len }) => proto.shareInput(owner, owner === s.party ? s.inputs.get(index)! : null, len, "arith", out));
    });
    finish.forEach((f, i) => shares.set(own[i]!.index, f(inbox)));
    inbox.checkConsumed();
  }
  const material = s.program.preprocessing.length === 0 ? null : await new MaterialMaker(new Session(proto, s.round)).make(s.program.preprocessing);
  return { proto, material };
}
