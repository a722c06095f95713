// One party's preprocessed material in memory, consumed front to back: the VM asks for the next
// `count` items of a kind and gets views (one per part) without copying.

import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import { PREP_KINDS, partWords, prepKey, type PrepKind, type PrepNeed } from "./kinds.js";

export class PrepExhausted extends Error {}

interface Stream {
  readonly parts: Vec[];
  readonly sizes: number[];
  readonly count: number;
  used: number;
}

export class Material {
  private readonly streams = new Map<string, Stream>();

  constructor(
    ring: Ring,
    items: ReadonlyArray<{ kind: PrepKind; param: bigint | null; parts: Vec[] }>,
  ) {
    for (const item of items) {
      const sizes = PREP_KINDS[item.kind].parts.map((p) => partWords(p, ring));
      const count = item.parts[0] === undefined ? 0 : item.parts[0].length / sizes[0]!;
      this.streams.set(prepKey(item.kind, item.param), { parts: item.parts, sizes, count, used: 0 });
    }
  }

  take(kind: PrepKind, param: bigint | null, count: number): Vec[] {
    const stream = this.streams.get(prepKey(kind, param));
    if (stream === undefined || stream.used + count > stream.count) {
      throw new PrepExhausted(`the preprocessing has run out of ${prepKey(kind, param)}`);
    }
    const start = stream.used;
    stream.used += count;
    return stream.parts.map((part, i) => part.subarray(start * stream.sizes[i]!, (start + count) * stream.sizes[i]!));
  }

  /** What this material holds, to compare with a program's needs. */
  inventory(): PrepNeed[] {
    return [...this.streams.entries()].map(([key, s]) => {
      const [kind, param] = key.split("/");
      return { kind: kind as PrepKind, param: param === undefined ? null : BigInt(param), count: s.count };
    });
  }
}
