// Reads an input file (CSV) as a stream, with the number of values the program reads as its limit:
// a file that is too long is refused at its first extra value, in little memory, whatever its shape.

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { InputError, InputTokenizer, type Token } from "./machine/encode.js";

const PIECE_BYTES = 1 << 16;

/** How much of the file was read: a refused file should have been read no further than needed. */
export interface ReadStats {
  bytesRead: number;
}

/**
 * The values of `path`, at most `limit` of them: at the first value beyond, `tooMany(line)` is
 * thrown and nothing more is read. Any file (a pipe too) is read in 64 KiB pieces.
 */
export function readInputTokens(path: string, limit: number, tooMany: (line: number) => Error, stats: ReadStats = { bytesRead: 0 }): Token[] {
  const fd = openInput(path);
  try {
    if (fstatSync(fd).isDirectory()) throw new InputError(`the input file ${path} is a directory`);
    const tokens: Token[] = [];
    const tokenizer = new InputTokenizer(path, (t) => {
      if (tokens.length === limit) throw tooMany(t.line);
      tokens.push(t);
    });
    const decoder = new StringDecoder("utf8");
    const piece = Buffer.allocUnsafe(PIECE_BYTES);
    for (let n = readPiece(fd, piece, path); n > 0; n = readPiece(fd, piece, path)) {
      stats.bytesRead += n;
      tokenizer.feed(decoder.write(piece.subarray(0, n)));
    }
    tokenizer.feed(decoder.end());
    tokenizer.end();
    return tokens;
  } finally {
    closeSync(fd);
  }
}

function openInput(path: string): number {
  try {
    return openSync(path, "r");
  } catch (e) {
    throw new InputError(`the input file ${path} ${whyNot(e)}`);
  }
}

function readPiece(fd: number, piece: Buffer, path: string): number {
  try {
    return readSync(fd, piece, 0, piece.length, null);
  } catch (e) {
    throw new InputError(`the input file ${path} ${whyNot(e)}`);
  }
}

function whyNot(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return "does not exist";
  if (code === "EISDIR") return "is a directory";
  if (code === "EACCES" || code === "EPERM") return "cannot be read (permission denied)";
  return `cannot be read (${code ?? "error"})`;
}
