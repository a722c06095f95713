// The trusted dealer: makes exactly the preprocessing a program's header asks for and splits
// every part into one share per party (additive or XOR). Semi-honest model: the dealer must be trusted.

import type { Program } from "../bytecode/program.js";
import { ringOf, type Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import { share, shareXor } from "../protocol/additive/sharing.js";
import { PREP_KINDS, type PrepKind, type PrepNeed } from "./kinds.js";
import { Material } from "./material.js";

export interface PartyMaterial {
  readonly party: number;
  readonly items: Array<{ kind: PrepKind; param: bigint | null; parts: Vec[] }>;
}

/** Some items of one kind, shared: `shares[p]` is party p's, one array per part. */
export interface DealtBatch {
  readonly kind: PrepKind;
  readonly param: bigint | null;
  readonly count: number;
  readonly shares: Vec[][];
}

/** Items made by batches of at most `batch`, so writing files never needs a whole kind in memory. */
export function* dealBatches(ring: Ring, needs: readonly PrepNeed[], parties: number, batch: number): Generator<DealtBatch> {
  for (const need of needs) {
    let done = 0;
    do {
      const count = Math.min(batch, need.count - done);
      yield { kind: need.kind, param: need.param, count, shares: dealOne(ring, need, count, parties) };
      done += count;
    } while (done < need.count);
  }
}

/** Every party's material whole, in memory (`mpcvm local`, tests). */
export function deal(ring: Ring, needs: readonly PrepNeed[], parties: number): PartyMaterial[] {
  const out: PartyMaterial[] = Array.from({ length: parties }, (_, party) => ({ party, items: [] }));
  for (const b of dealBatches(ring, needs, parties, Number.POSITIVE_INFINITY)) {
    b.shares.forEach((parts, p) => out[p]!.items.push({ kind: b.kind, param: b.param, parts }));
  }
  return out;
}

/**
 * Each party's material for a run in this process (tests, `mpcvm local`): dealt here for a protocol
 * that consumes preprocessing, none (null) for one whose parties make their own.
 */
export function dealForRun(program: Program): Array<Material | null> {
  const ring = ringOf(program.domain);
  if (!usesDealer(program)) return Array.from({ length: program.parties }, () => null);
  return deal(ring, program.preprocessing, program.parties).map((m) => new Material(ring, m.items));
}

/** Whether the program's protocol consumes preprocessing from a dealer or an offline phase. */
export function usesDealer(program: Program): boolean {
  return program.protocol.name === "additive";
}

function dealOne(ring: Ring, need: PrepNeed, count: number, parties: number): Vec[][] {
  const info = PREP_KINDS[need.kind];
  const clear = info.generate(ring, count, need.param);
  const perParty: Vec[][] = Array.from({ length: parties }, () => []);
  clear.forEach((part, i) => {
    const shares = info.parts[i] === "element" ? share(ring, part, parties) : shareXor(part, parties);
    shares.forEach((s, p) => perParty[p]!.push(s));
  });
  return perParty;
}
