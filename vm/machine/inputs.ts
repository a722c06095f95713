// A party's input file: numbers separated by commas, spaces or newlines (CSV), '#' comments.
// Checked against what the program reads from this party and encoded as ring elements.

import type { Vec } from "../domain/ring64.js";
import type { NumberType, Program } from "../bytecode/program.js";

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
    const out = new BigUint64Array(spec.len);
    for (let i = 0; i < spec.len; i++, at++) out[i] = encodeNumber(tokens[at]!, spec.type, program.fracBits, path);
    values.set(index, out);
  }
  return values;
}

const LIMIT = 1n << 63n;

function encodeNumber(token: Token, type: NumberType, fracBits: number, path: string): bigint {
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
    value = Number.isFinite(scaled) && Math.abs(scaled) < 2 ** 63 ? BigInt(Math.round(scaled)) : LIMIT;
  }
  if (value >= LIMIT || value < -LIMIT) throw new InputError(`${path}:${token.line}: ${token.text} is outside the range of ${type}`);
  return BigInt.asUintN(64, value);
}
