// Clients simulated in this process, for `mpcvm local` and tests: a client's values are split into
// one share per party here, as the client SDK would, and its outputs are the sum of the parties' shares.

import type { LoadedProgram } from "./bytecode/program.js";
import { ringOf } from "./domain/ring.js";
import type { Vec } from "./domain/ring64.js";
import { reconstruct } from "./protocol/additive/sharing.js";
import { split } from "./protocol/client-shares.js";

/** Every party's inputs with each client input's share added, by input index. */
export function withClientShares(
  loaded: LoadedProgram,
  partyInputs: ReadonlyArray<ReadonlyMap<number, Vec>>,
  clientValues: ReadonlyMap<number, Vec>,
): Array<Map<number, Vec>> {
  const ring = ringOf(loaded.program.domain);
  const parties = loaded.program.parties;
  const out = Array.from({ length: parties }, (_, p) => new Map(partyInputs[p] ?? []));
  const bits = ring.bits as 64 | 128;
  for (const [index, values] of clientValues) {
    const plain = Array.from({ length: values.length / ring.words }, (_, i) => ring.get(values, i));
    split(plain, bits, parties, loaded.program.protocol).forEach((bytes, p) => out[p]!.set(index, wordsOf(bytes)));
  }
  return out;
}

/** The outputs for clients, each the sum of every party's share. */
export function clientOutputsOf(loaded: LoadedProgram, shares: ReadonlyArray<ReadonlyMap<number, Vec>>): Map<number, Vec> {
  const ring = ringOf(loaded.program.domain);
  const out = new Map<number, Vec>();
  loaded.program.outputs.forEach((spec, index) => {
    if (spec.client !== undefined)
      out.set(
        index,
        reconstruct(
          ring,
          shares.map((s) => s.get(index)!),
        ),
      );
  });
  return out;
}

function wordsOf(bytes: Uint8Array): Vec {
  const words = new BigUint64Array(bytes.byteLength / 8);
  new Uint8Array(words.buffer).set(bytes);
  return words;
}
