// A party's input file: numbers separated by commas, spaces or newlines (CSV), '#' comments.
// Checked against what the program reads from this party (or a client) and encoded as ring elements.

import type { Vec } from "../domain/ring64.js";
import type { InputSpec, Program } from "../bytecode/program.js";
import { ringOf } from "../domain/ring.js";
import { countError, encodeToken, type Token } from "./encode.js";

export { InputError, tokenizeInput } from "./encode.js";

/** The encoded values of every input `party` owns, keyed by input index. */
export function encodePartyInputs(program: Program, party: number, tokens: Token[], path: string): Map<number, Vec> {
  return encodeOwned(program, (spec) => spec.client === undefined && spec.party === party, `party ${party}`, tokens, path);
}

/** The encoded values of every input the named client provides, keyed by input index (for emulate and local). */
export function encodeClientInputs(program: Program, client: string, tokens: Token[], path: string): Map<number, Vec> {
  return encodeOwned(program, (spec) => spec.client === client, `client ${client}`, tokens, path);
}

function encodeOwned(program: Program, owns: (spec: InputSpec) => boolean, whose: string, tokens: Token[], path: string): Map<number, Vec> {
  const ring = ringOf(program.domain);
  const owned = program.inputs.map((spec, index) => ({ spec, index })).filter((x) => owns(x.spec));
  const needed = owned.reduce((n, x) => n + x.spec.len, 0);
  if (tokens.length !== needed)
    throw countError(
      path,
      tokens.length,
      needed,
      whose,
      owned.map((x) => x.spec.line),
      program.source,
    );
  const values = new Map<number, Vec>();
  let at = 0;
  for (const { spec, index } of owned) {
    const out = ring.alloc(spec.len);
    for (let i = 0; i < spec.len; i++, at++) ring.set(out, i, encodeToken(tokens[at]!, spec, program.fracBits, ring.bits, program.source, path));
    values.set(index, out);
  }
  return values;
}
