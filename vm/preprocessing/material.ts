// One party's preprocessed material in memory, consumed front to back: the VM asks for the next
// `count` items of a kind and gets one array per part — views, except bit parts (below).

import { toBitSliced, wordsPerPosition } from "../domain/bits.js";
import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import { PREP_KINDS, partWords, prepKey, type PrepKind, type PrepNeed } from "./kinds.js";

export class PrepExhausted extends Error {}

/**
 * One part of a kind's items, per share component: `flat` parts hold `size` words an item;
 * `sliced` parts hold bits bit-sliced (`width` rows of `words` words, item j in bit j of a row).
 */
export type PartStream =
  | { readonly form: "flat"; readonly components: readonly Vec[]; readonly size: number }
  | { readonly form: "sliced"; readonly components: readonly Vec[]; readonly words: number; readonly width: number };

interface Stream {
  readonly parts: readonly PartStream[];
  readonly count: number;
  used: number;
}

export class Material {
  private readonly streams = new Map<string, Stream>();

  /**
   * From items as a dealer writes them: one array per part, one share component (the additive
   * protocol's layout). Bit parts are bit-sliced here, before the parties connect, rather than at
   * every EDABIT of the online phase: that is the VM's layout, not the computation.
   */
  constructor(ring: Ring, items: ReadonlyArray<{ kind: PrepKind; param: bigint | null; parts: Vec[] }> = []) {
    for (const item of items) {
      const kinds = PREP_KINDS[item.kind].parts;
      const size0 = partWords(kinds[0]!, ring);
      const count = item.parts[0] === undefined ? 0 : item.parts[0].length / size0;
      const parts = kinds.map((p, i): PartStream => {
        if (p !== "bits") return { form: "flat", components: [item.parts[i]!], size: partWords(p, ring) };
        return { form: "sliced", components: [toBitSliced(item.parts[i]!, ring.bits, ring.words)], words: wordsPerPosition(count), width: ring.bits };
      });
      this.add(item.kind, item.param, count, parts);
    }
  }

  /** Adds `count` items of a kind, already in the layout of the protocol's shares (made by the parties themselves). */
  add(kind: PrepKind, param: bigint | null, count: number, parts: readonly PartStream[]): void {
    this.streams.set(prepKey(kind, param), { parts, count, used: 0 });
  }

  /**
   * The next `count` items, one array per part, component after component as registers hold
   * shares. With one component, flat parts are views; a bit part comes bit-sliced as the VM holds
   * bits: as many positions as the ring has bits, of `count` elements.
   */
  take(kind: PrepKind, param: bigint | null, count: number): Vec[] {
    const stream = this.streams.get(prepKey(kind, param));
    if (stream === undefined || stream.used + count > stream.count) {
      throw new PrepExhausted(`the preprocessing has run out of ${prepKey(kind, param)}`);
    }
    const start = stream.used;
    stream.used += count;
    return stream.parts.map((part) => {
      const pieces = part.components.map((c) =>
        part.form === "sliced" ? columns(c, part.words, part.width, start, count) : c.subarray(start * part.size, (start + count) * part.size),
      );
      return joinComponents(pieces);
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

function joinComponents(pieces: readonly Vec[]): Vec {
  if (pieces.length === 1) return pieces[0]!;
  const out = new BigUint64Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
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
