// Shared by the preprocessing tests: a small program that needs every kind of material, its deal
// written through the streaming writer in batches, and a byte source over a file held in memory.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadedProgram } from "../../../vm/bytecode/program.js";
import type { Ring } from "../../../vm/domain/ring.js";
import type { PartyMaterial } from "../../../vm/preprocessing/dealer.js";
import { PREP_KINDS, partWords } from "../../../vm/preprocessing/kinds.js";
import type { ByteSource, PrepExpectation } from "../../../vm/preprocessing/reader.js";
import { newDealId, prepFileName } from "../../../vm/preprocessing/store.js";
import { PrepWriter } from "../../../vm/preprocessing/writer.js";
import { compile } from "../../helpers.js";

/** Multiplications, divisions and a comparison: triples, divmasks, edaBits, daBits and bit triples. */
export const EVERY_KIND = `x = input(sfix[3], party=0)
y = input(sint[2], party=1)
output(sum(x * x) / 7, name='m')
output(y[0] < y[1], name='c')
`;

export function everyKind(ringBits: 64 | 128 = 64): LoadedProgram {
  return compile(EVERY_KIND, { ringBits, parties: 3 });
}

export function expectation(loaded: LoadedProgram, party: number): PrepExpectation {
  return { programHash: loaded.hash, party, parties: loaded.program.parties, needs: loaded.program.preprocessing };
}

/** Writes every party's file of a deal made in memory, appending each kind in batches of `batch` items. */
export function writeMaterial(dir: string, ring: Ring, loaded: LoadedProgram, dealt: PartyMaterial[], batch: number, chunkBytes: number): string[] {
  const dealId = newDealId();
  const writers = dealt.map((m) =>
    PrepWriter.open(
      join(dir, prepFileName(m.party)),
      ring,
      { programHash: loaded.hash, dealId, party: m.party, parties: dealt.length, items: loaded.program.preprocessing },
      { chunkBytes },
    ),
  );
  dealt.forEach((m, p) => {
    for (const item of m.items) {
      const sizes = PREP_KINDS[item.kind].parts.map((part) => partWords(part, ring));
      const count = item.parts[0]!.length / sizes[0]!;
      for (let start = 0; start < count; start += batch) {
        const n = Math.min(batch, count - start);
        writers[p]!.append(
          item.kind,
          item.param,
          item.parts.map((part, j) => part.subarray(start * sizes[j]!, (start + n) * sizes[j]!)),
        );
      }
    }
  });
  const manifest = writers.map((w) => w.seal());
  for (const w of writers) w.finish(manifest);
  return writers.map((w) => w.path);
}

/** A file's bytes as a source, recording every read so tests can see how the reader went through it. */
export function memorySource(bytes: Uint8Array): ByteSource & { reads: number[] } {
  const reads: number[] = [];
  return {
    size: bytes.byteLength,
    reads,
    read(into, position) {
      const n = Math.max(0, Math.min(into.byteLength, bytes.byteLength - position));
      into.set(bytes.subarray(position, position + n));
      reads.push(n);
      return n;
    },
  };
}

export function fileBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
