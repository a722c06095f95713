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
  const tokenizer = new InputTokenizer(path, (t) => void tokens.push(t));
  tokenizer.feed(text);
  tokenizer.end();
  return tokens;
}

/** Longer than any number a program can read (a 128-bit integer has 39 digits): a longer field is refused unread. */
export const MAX_FIELD_CHARS = 400;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Splits input text into numbers as it arrives, piece by piece: fields are separated by commas,
 * semicolons or white space, '#' starts a comment that runs to the end of the line. Holds at most
 * one field, so a file of any size or shape is read in bounded memory; `emit` may throw to stop.
 */
export class InputTokenizer {
  private line = 1;
  private comment = false;
  /** The start of a field begun in an earlier piece. */
  private carry = "";

  constructor(
    private readonly path: string,
    private readonly emit: (token: Token) => void,
  ) {}

  feed(text: string): void {
    let start = this.carry === "" ? -1 : 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || this.comment || c === 35 || isSeparator(c)) {
        if (start >= 0) this.field(this.carry + text.slice(start, i));
        start = -1;
        this.carry = "";
        if (c === 10) [this.line, this.comment] = [this.line + 1, false];
        else if (c === 35) this.comment = true;
        continue;
      }
      if (start < 0) start = i;
      if (this.carry.length + i - start >= MAX_FIELD_CHARS) this.tooLong(this.carry + text.slice(start, i));
    }
    this.carry = start < 0 ? "" : this.carry + text.slice(start);
  }

  end(): void {
    if (this.carry !== "") this.field(this.carry);
    this.carry = "";
  }

  private field(text: string): void {
    if (!NUMBER.test(text)) throw new InputError(`${this.path}:${this.line}: '${shown(text)}' is not a number`);
    this.emit({ text, line: this.line });
  }

  private tooLong(start: string): never {
    throw new InputError(`${this.path}:${this.line}: '${shown(start)}…' is not a number (more than ${MAX_FIELD_CHARS} characters without a separator)`);
  }
}

function isSeparator(c: number): boolean {
  if (c === 44 || c === 59 || c === 32 || (c >= 9 && c <= 13)) return true;
  return c >= 128 && /\s/.test(String.fromCharCode(c));
}

/** The first 40 characters of a field, with control characters (a binary file's NULs) escaped. */
function shown(text: string): string {
  return text.slice(0, 40).replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
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
