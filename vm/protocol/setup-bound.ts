// The largest message a protocol's setup rounds can send (input phase, keys, material the parties
// make): a bound the transport enforces before the program's own rounds, so a peer cannot flood it.

import type { Program } from "../bytecode/program.js";
import { ringOf } from "../domain/ring.js";
import { shareLayout } from "./params.js";

/** Candidates drawn per needed value where a value is sampled below a bound (twice, plus margin). */
const OVERSAMPLING = 3;

/**
 * Bytes: the input phase sends at most every input's share; a round of material-making at most a
 * few shared words per bit of every item (an adder's two ANDs, the inputs in both domains), times
 * the oversampling of rejection sampling. Generous by design: it guards against floods, not bytes.
 */
export function setupMessageBound(program: Program): number {
  if (program.protocol.name === "additive") return 0;
  const ring = ringOf(program.domain);
  const { arith } = shareLayout(program.protocol, program.parties);
  const inputWords = program.inputs.reduce((n, spec) => n + spec.len * ring.words * arith, 0);
  const perItem = arith * (2 * ring.words + 4 * Math.ceil(ring.bits / 64) + 4);
  const materialWords = program.preprocessing.reduce((n, need) => n + (need.count + 64) * perItem * OVERSAMPLING * (ring.bits + 8), 0);
  return 8 * (inputWords + Math.ceil(materialWords / 64) + 64);
}
