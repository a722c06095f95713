// The trusted dealer: makes exactly the preprocessing a program's header asks for and splits
// every part into one share per party (additive or XOR). Semi-honest model: the dealer must be trusted.

import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import { share, shareXor } from "../protocol/additive/sharing.js";
import { PREP_KINDS, type PrepKind, type PrepNeed } from "./kinds.js";

export interface PartyMaterial {
  readonly party: number;
  readonly items: Array<{ kind: PrepKind; param: bigint | null; parts: Vec[] }>;
}

export function deal(ring: Ring, needs: readonly PrepNeed[], parties: number): PartyMaterial[] {
  const out: PartyMaterial[] = Array.from({ length: parties }, (_, party) => ({ party, items: [] }));
  for (const need of needs) {
    const info = PREP_KINDS[need.kind];
    const clear = info.generate(ring, need.count, need.param);
    const perParty: Vec[][] = Array.from({ length: parties }, () => []);
    clear.forEach((part, i) => {
      const shares = info.parts[i] === "element" ? share(ring, part, parties) : shareXor(part, parties);
      shares.forEach((s, p) => perParty[p]!.push(s));
    });
    perParty.forEach((parts, p) => out[p]!.items.push({ kind: need.kind, param: need.param, parts }));
  }
  return out;
}
