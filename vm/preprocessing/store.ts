// Preprocessing files on disk: their names, deal ids, and dealing a program's preprocessing into one
// file per party through the streaming writer. The layout is in format.ts; reader.ts reads it back.

import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Ring } from "../domain/ring.js";
import { dealBatches } from "./dealer.js";
import type { PrepNeed } from "./kinds.js";
import { PrepWriter, type PrepWriterOptions } from "./writer.js";

export { type PrepHeader, PrepError } from "./format.js";
export { type LoadedPrep, type PrepExpectation, readPrepFile } from "./reader.js";

/** Items the dealer makes and shares at once: bounds its memory whatever the program needs. */
const DEAL_BATCH = 1 << 16;

export function newDealId(): string {
  return randomBytes(16).toString("hex");
}

export function prepFileName(party: number): string {
  return `party${party}.prep`;
}

export interface DealSpec {
  readonly programHash: string;
  readonly parties: number;
  readonly needs: readonly PrepNeed[];
}

/**
 * Deals a program's preprocessing into `dir` (which must exist), streaming: each batch is shared
 * and appended to every party's file. The files are renamed into place only once all are complete,
 * each listing every party's digest; if making them fails, none is left behind.
 */
export function writeDeal(ring: Ring, spec: DealSpec, dir: string, options: PrepWriterOptions = {}): string[] {
  const dealId = newDealId();
  const writers: PrepWriter[] = [];
  try {
    for (let party = 0; party < spec.parties; party++) {
      const header = { programHash: spec.programHash, dealId, party, parties: spec.parties, items: spec.needs };
      writers.push(PrepWriter.open(join(dir, prepFileName(party)), ring, header, options));
    }
    for (const batch of dealBatches(ring, spec.needs, spec.parties, DEAL_BATCH)) {
      writers.forEach((w, p) => w.append(batch.kind, batch.param, batch.shares[p]!));
    }
    const manifest = writers.map((w) => w.seal());
    for (const w of writers) w.complete(manifest);
    for (const w of writers) w.commit();
    return writers.map((w) => w.path);
  } catch (e) {
    for (const w of writers) w.abandon();
    throw e;
  }
}
