// Numbers as the program reads them: tokenizing an input file (CSV) and encoding sint, sfix and
// sbool as signed integers of the ring, with the declared bounds. Pure: the client SDK shares it.

/** A problem with a user's input file: the message names the file and, where it can, the line. */
export class InputError extends Error {}

export interface Token {
  readonly text: string;
  readonly line: number;
}

export type NumberType = "sint" | "sfix" | "sbool";

/** What an input declares about its values: their type, bounds, and the line of the input() call. */
export interface ValueSpec {
  readonly type: NumberType;
  readonly bounds: readonly [number, number] | null;
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

/** A token as a signed ring integer: checked against the bounds, sfix scaled by 2^fracBits and rounded. */
export function encodeToken(token: Token, spec: ValueSpec, fracBits: number, ringBits: number, source: string, path: string): bigint {
  checkBounds(token, spec, source, path);
  return encodeNumber(token, spec.type, fracBits, ringBits, path);
}

/** A value outside the declared bounds is refused: the compiler's range checks relied on them. */
function checkBounds(token: Token, spec: ValueSpec, source: string, path: string): void {
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

/** The error for a file with the wrong number of values, naming the input() lines it is for. */
export function countError(path: string, found: number, needed: number, whose: string, lines: readonly number[], source: string): InputError {
  const where = [...new Set(lines)].join(", ");
  const at = where === "" ? "" : ` (input() at line ${where} of ${source})`;
  return new InputError(`${path} has ${found} value${found === 1 ? "" : "s"}, but the program reads ${needed} from ${whose}${at}`);
}
