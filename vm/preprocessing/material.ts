// One party's preprocessed material in memory, consumed front to back: the VM asks for the next
// `count` items of a kind and gets one array per part — views, except bit parts (below).

import { toBitSliced, wordsPerPosition } from "../domain/bits.js";
import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import { PREP_KINDS, partWords, prepKey, type PrepKind, type PrepNeed } from "./kinds.js";

export class PrepExhausted extends Error {}

interface Stream {
  readonly parts: Vec[];
  readonly sizes: number[];
  /** Bit parts, bit-sliced once when loaded: every item's bit i in row i (`words` words a row). */
  readonly sliced: Array<{ readonly rows: Vec; readonly words: number } | null>;
  readonly count: number;
  used: number;
}

export class Material {
  private readonly streams = new Map<string, Stream>();

  constructor(
    private readonly ring: Ring,
    items: ReadonlyArray<{ kind: PrepKind; param: bigint | null; parts: Vec[] }>,
  ) {
    for (const item of items) {
      const kinds = PREP_KINDS[item.kind].parts;
      const sizes = kinds.map((p) => partWords(p, ring));
      const count = item.parts[0] === undefined ? 0 : item.parts[0].length / sizes[0]!;
      // Transposing into bit-sliced form is the VM's layout, not the computation: done here, before
      // the parties connect, rather than at every EDABIT of the online phase.
      const sliced = kinds.map((p, i) => (p === "bits" ? { rows: toBitSliced(item.parts[i]!, ring.bits, ring.words), words: wordsPerPosition(count) } : null));
      const parts = item.parts.map((part, i) => (sliced[i] === null ? part : new BigUint64Array(0)));
      this.streams.set(prepKey(item.kind, item.param), { parts, sizes, sliced, count, used: 0 });
    }
  }

  /**
   * The next `count` items, one array per part. Element and word parts are views; a bit part comes
   * bit-sliced as the VM holds bits: as many positions as the ring has bits, of `count` elements.
   */
  take(kind: PrepKind, param: bigint | null, count: number): Vec[] {
    const stream = this.streams.get(prepKey(kind, param));
    if (stream === undefined || stream.used + count > stream.count) {
      throw new PrepExhausted(`the preprocessing has run out of ${prepKey(kind, param)}`);
    }
    const start = stream.used;
    stream.used += count;
    return stream.parts.map((part, i) => {
      const sliced = stream.sliced[i];
      if (sliced) return columns(sliced.rows, sliced.words, this.ring.bits, start, count);
      return part.subarray(start * stream.sizes[i]!, (start + count) * stream.sizes[i]!);
    });
  }

  /** What this material holds, to compare with a program's needs. */
  inventory(): PrepNeed[] {
    return [...this.streams.entries()].map(([key, s]) => {
      const [kind, param] = key.split("/");
      return { kind: kind as PrepKind, param: param === undefined ? null : BigInt(param), count: s.count };
    });
  }
}

/**
 * Elements [start, start + count) of every row of a bit-sliced array, as a bit-sliced array of
 * their own: each row's bits shifted down by `start`, on 32-bit halves, padding bits cleared.
 */
function columns(rows: Vec, rowWords: number, width: number, start: number, count: number): Vec {
  const outWords = wordsPerPosition(count);
  const out = new BigUint64Array(width * outWords);
  const out32 = new Uint32Array(out.buffer);
  const in32 = new Uint32Array(rows.buffer, rows.byteOffset, rows.length * 2);
  const skip = start >>> 5;
  const shift = start & 31;
  const halves = Math.ceil(count / 32);
  const tail = count & 31;
  for (let p = 0; p < width; p++) {
    const from = 2 * p * rowWords + skip;
    const to = 2 * p * outWords;
    for (let k = 0; k < halves; k++) {
      const low = in32[from + k]! >>> shift;
      const high = shift === 0 ? 0 : (in32[from + k + 1] ?? 0) << (32 - shift);
      out32[to + k] = (low | high) >>> 0;
    }
    if (tail !== 0) out32[to + halves - 1] = (out32[to + halves - 1]! & ((1 << tail) - 1)) >>> 0;
  }
  return out;
}
