// A party's input file: numbers separated by commas, spaces or newlines (CSV), '#' comments.
// Checked against what the program reads from this party and encoded as ring elements.

import type { Vec } from "../domain/ring64.js";
import type { NumberType, Program } from "../bytecode/program.js";
import { ringOf } from "../domain/ring.js";

/** A problem with a user's input file: the message names the file and, where it can, the line. */
export class InputError extends Error {}

interface Token {
  readonly text: string;
  readonly line: number;
}

export function tokenizeInput(text: string, path: string): Token[] {
  const tokens: Token[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") return;
    for (const field of line.split(/[,;\s]+/)) {
      if (field === "") continue;
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(field)) {
        throw new InputError(`${path}:${i + 1}: '${field.slice(0, 40)}' is not a number`);
      }
      tokens.push({ text: field, line: i + 1 });
    }
  });
  return tokens;
}

/** The encoded values of every input `party` owns, keyed by input index. */
export function encodePartyInputs(program: Program, party: number, tokens: Token[], path: string): Map<number, Vec> {
  const ring = ringOf(program.domain);
  const owned = program.inputs.map((spec, index) => ({ spec, index })).filter((x) => x.spec.party === party);
  const needed = owned.reduce((n, x) => n + x.spec.len, 0);
  if (tokens.length !== needed) {
    const where = [...new Set(owned.map((x) => x.spec.line))].join(", ");
    const lines = where === "" ? "" : ` (input() at line ${where} of ${program.source})`;
    throw new InputError(`${path} has ${tokens.length} value${tokens.length === 1 ? "" : "s"}, but the program reads ${needed} from party ${party}${lines}`);
  }
  const values = new Map<number, Vec>();
  let at = 0;
  for (const { spec, index } of owned) {
    const out = ring.alloc(spec.len);
    for (let i = 0; i < spec.len; i++, at++) {
      const token = tokens[at]!;
      checkBounds(token, spec, program.source, path);
      ring.set(out, i, encodeNumber(token, spec.type, program.fracBits, ring.bits, path));
    }
    values.set(index, out);
  }
  return values;
}


/** A value outside the declared bounds is refused: the compiler's range checks relied on them. */
function checkBounds(token: Token, spec: { bounds: readonly [number, number] | null; line: number }, source: string, path: string): void {
  if (spec.bounds === null) return;
  const v = Number(token.text);
  const [lo, hi] = spec.bounds;
  if (v < lo || v > hi) {
    throw new InputError(`${path}:${token.line}: a value is outside the bounds (${lo}, ${hi}) that line ${spec.line} of ${source} declares for this input`);
  }
}

function encodeNumber(token: Token, type: NumberType, fracBits: number, ringBits: number, path: string): bigint {
  const limit = 1n << BigInt(ringBits - 1);
  let value: bigint;
  if (type === "sbool") {
    if (token.text !== "0" && token.text !== "1") throw new InputError(`${path}:${token.line}: '${token.text}' is not 0 or 1 (the program reads sbool here)`);
    return BigInt(token.text);
  }
  if (type === "sint") {
    if (!/^[+-]?\d+$/.test(token.text)) throw new InputError(`${path}:${token.line}: '${token.text}' is not a whole number (the program reads sint here)`);
    value = BigInt(token.text);
  } else {
    const scaled = Number(token.text) * 2 ** fracBits;
    value = Number.isFinite(scaled) && Math.abs(scaled) < 2 ** (ringBits - 1) ? BigInt(Math.round(scaled)) : limit;
  }
  if (value >= limit || value < -limit) throw new InputError(`${path}:${token.line}: a value is outside the range of ${type}`);
  return value;
}
