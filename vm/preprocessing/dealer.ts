// The trusted dealer: makes exactly the preprocessing a program's header asks for and splits
// every word into one additive share per party. Semi-honest model: the dealer must be trusted.

import { share, shareXor } from "../protocol/sharing.js";
import type { Vec } from "../domain/ring64.js";
import { PREP_KINDS, type PrepKind, type PrepNeed } from "./kinds.js";

export interface PartyMaterial {
  readonly party: number;
  readonly items: Array<{ kind: PrepKind; param: bigint | null; words: Vec[] }>;
}

export function deal(needs: readonly PrepNeed[], parties: number): PartyMaterial[] {
  const out: PartyMaterial[] = Array.from({ length: parties }, (_, party) => ({ party, items: [] }));
  for (const need of needs) {
    const clear = PREP_KINDS[need.kind].generate(need.count, need.param);
    const perParty: Vec[][] = Array.from({ length: parties }, () => []);
    clear.forEach((word, i) => {
      const split = PREP_KINDS[need.kind].sharing[i] === "xor" ? shareXor : share;
      split(word, parties).forEach((s, p) => perParty[p]!.push(s));
    });
    perParty.forEach((words, p) => out[p]!.items.push({ kind: need.kind, param: need.param, words }));
  }
  return out;
}
