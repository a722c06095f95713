// One party's preprocessed material in memory, consumed front to back: the VM asks for the next
// `count` items of a kind and gets views (one per word) without copying.

import type { Vec } from "../domain/ring64.js";
import { prepKey, type PrepKind, type PrepNeed } from "./kinds.js";

export class PrepExhausted extends Error {}

interface Stream {
  readonly words: Vec[];
  readonly count: number;
  used: number;
}

export class Material {
  private readonly streams = new Map<string, Stream>();

  constructor(items: ReadonlyArray<{ kind: PrepKind; param: bigint | null; words: Vec[] }>) {
    for (const item of items) {
      this.streams.set(prepKey(item.kind, item.param), { words: item.words, count: item.words[0]?.length ?? 0, used: 0 });
    }
  }

  take(kind: PrepKind, param: bigint | null, count: number): Vec[] {
    const stream = this.streams.get(prepKey(kind, param));
    if (stream === undefined || stream.used + count > stream.count) {
      throw new PrepExhausted(`the preprocessing has run out of ${prepKey(kind, param)}`);
    }
    const start = stream.used;
    stream.used += count;
    return stream.words.map((w) => w.subarray(start, start + count));
  }

  /** What this material holds, to compare with a program's needs. */
  inventory(): PrepNeed[] {
    return [...this.streams.entries()].map(([key, s]) => {
      const [kind, param] = key.split("/");
      return { kind: kind as PrepKind, param: param === undefined ? null : BigInt(param), count: s.count };
    });
  }
}
