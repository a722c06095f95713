// Reads a party's preprocessing file chunk by chunk, checking each chunk against its checksum
// before using it and copying its items straight into the material: the file is never held whole.

import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import type { Ring } from "../domain/ring.js";
import {
  chunkTag,
  dataBytes,
  decodeHeader,
  endTag,
  type FileHeader,
  fileBytes,
  FormatError,
  handshakeDeal,
  headerTag,
  PREFIX_BYTES,
  type PrepHeader,
  PrepError,
  readPrefix,
  TAG_BYTES,
} from "./format.js";
import { PREP_KINDS, partWords, prepKey, type PrepKind, type PrepNeed } from "./kinds.js";
import { Material } from "./material.js";

/** Random access to the file's bytes; `read` returns how many it read (0 at the end). */
export interface ByteSource {
  readonly size: number;
  read(into: Uint8Array, position: number): number;
}

/** What the file must be: for this program, this party, and hold at least what the program needs. */
export interface PrepExpectation {
  readonly programHash: string;
  readonly party: number;
  readonly parties: number;
  readonly needs: readonly PrepNeed[];
}

export interface LoadedPrep {
  readonly header: PrepHeader;
  readonly material: Material;
  /** The deal id with the digest of the dealer's record of every party's file, for the handshake. */
  readonly handshakeDeal: string;
}

/** Reads and checks a preprocessing file; every problem is a PrepError naming `name`. */
export function readPrep(ring: Ring, source: ByteSource, expect: PrepExpectation, name: string): LoadedPrep {
  try {
    return new PrepReader(ring, source).read(expect);
  } catch (e) {
    if (e instanceof FormatError) throw new PrepError(`${name} ${e.message}`);
    throw e;
  }
}

/** Opens `path` (a regular file; a pipe or device is refused unopened for reading) and reads it. */
export function readPrepFile(ring: Ring, path: string, expect: PrepExpectation): LoadedPrep {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EACCES" ? "cannot be read (permission denied)" : `cannot be read (${code ?? "error"})`;
    throw new PrepError(`the preprocessing file ${path} ${why}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new PrepError(`the preprocessing file ${path} is ${stat.isDirectory() ? "a directory" : "not a regular file"}`);
    const source: ByteSource = { size: stat.size, read: (into, position) => readSync(fd, into, 0, into.byteLength, position) };
    return readPrep(ring, source, expect, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string") throw new PrepError(`the preprocessing file ${path} cannot be read (${code})`);
    throw e;
  } finally {
    closeSync(fd);
  }
}

interface Destination {
  readonly kind: PrepKind;
  readonly param: bigint | null;
  readonly count: number;
  readonly parts: BigUint64Array[];
  /** The parts as 32-bit halves, and each part's halves per item. */
  readonly halves: Uint32Array[];
  readonly widths: number[];
  /** Halves of one item, all parts side by side. */
  readonly rowWidth: number;
}

class PrepReader {
  private position = 0;
  private readonly items: Destination[] = [];
  /** Where the next half-word of data goes: item, item row, part, offset in the part's row. */
  private cursor = { item: 0, row: 0, part: 0, offset: 0 };

  constructor(
    private readonly ring: Ring,
    private readonly source: ByteSource,
  ) {}

  read(expect: PrepExpectation): LoadedPrep {
    const { header, tag } = this.readHeader();
    checkExpected(header, expect);
    const expected = fileBytes(this.position - TAG_BYTES, header, this.ring);
    if (this.source.size !== expected) {
      throw new FormatError(`is damaged: it is ${this.source.size} bytes long, but its header describes ${expected} (cut short, or bytes added)`);
    }
    try {
      for (const item of header.items) this.items.push(destination(item, this.ring));
    } catch (e) {
      if (e instanceof RangeError) throw new FormatError(`holds ${expected} bytes, more than this process can allocate`);
      throw e;
    }
    const last = this.readData(header, tag);
    const manifest = this.readTrailer(header, last);
    const items = this.items.map(({ kind, param, parts }) => ({ kind, param, parts }));
    const { programHash, dealId, party, parties } = header;
    return { header: { programHash, dealId, party, parties }, material: new Material(this.ring, items), handshakeDeal: handshakeDeal(dealId, manifest) };
  }

  private readHeader(): { header: FileHeader; tag: Uint8Array } {
    if (this.source.size === 0) throw new FormatError("is empty");
    const prefix = this.take(Math.min(PREFIX_BYTES, this.source.size));
    const length = readPrefix(prefix);
    if (PREFIX_BYTES + length + TAG_BYTES > this.source.size) throw new FormatError("is damaged: it ends inside its header");
    const bytes = new Uint8Array(PREFIX_BYTES + length);
    bytes.set(prefix);
    bytes.set(this.take(length), PREFIX_BYTES);
    const tag = headerTag(bytes);
    if (!tag.equals(this.take(TAG_BYTES))) throw new FormatError("is damaged: its header does not match its checksum");
    return { header: decodeHeader(bytes), tag };
  }

  /** Every chunk, checked against its tag before its words are used; returns the last tag. */
  private readData(header: FileHeader, first: Uint8Array): Uint8Array {
    const total = dataBytes(header.items, this.ring);
    const chunks = Math.ceil(total / header.chunkBytes);
    const buffer = new Uint8Array(Math.min(header.chunkBytes, total));
    const stored = new Uint8Array(TAG_BYTES);
    let previous = first;
    for (let i = 0; i < chunks; i++) {
      const chunk = buffer.subarray(0, Math.min(header.chunkBytes, total - i * header.chunkBytes));
      const start = this.position;
      this.fill(chunk);
      this.fill(stored);
      const tag = chunkTag(previous, chunk);
      if (!tag.equals(stored)) {
        throw new FormatError(`is damaged: chunk ${i + 1} of ${chunks} (bytes ${start} to ${start + chunk.byteLength - 1}) does not match its checksum`);
      }
      this.place(new Uint32Array(chunk.buffer, chunk.byteOffset, chunk.byteLength / 4));
      previous = tag;
    }
    return previous;
  }

  /** The dealer's record of every party's file; this file's own entry must be its last tag. */
  private readTrailer(header: FileHeader, last: Uint8Array): Uint8Array {
    const manifest = this.take(header.parties * TAG_BYTES);
    const stored = this.take(TAG_BYTES);
    if (!endTag(last, manifest).equals(stored)) throw new FormatError("is damaged: its end does not match its checksum");
    const own = manifest.subarray(header.party * TAG_BYTES, (header.party + 1) * TAG_BYTES);
    if (!Buffer.from(own).equals(last)) throw new FormatError("is damaged: its data differ from the dealer's record of them");
    return manifest;
  }

  /** Copies a checked chunk's words to their items' parts (the file has each item's parts side by side). */
  private place(halves: Uint32Array): void {
    const c = this.cursor;
    let at = 0;
    while (at < halves.length) {
      while (this.items[c.item]!.count === 0) c.item++;
      const item = this.items[c.item]!;
      const rows = c.part === 0 && c.offset === 0 ? Math.min(item.count - c.row, Math.floor((halves.length - at) / item.rowWidth)) : 0;
      if (rows > 0) {
        copyRows(item, halves, at, c.row, rows);
        at += rows * item.rowWidth;
        c.row += rows;
      } else {
        at += this.placeFragment(item, halves, at);
      }
      if (c.row === item.count) [c.row, c.item] = [0, c.item + 1];
    }
  }

  /** What is left of the current part of the current row, or as much of it as the chunk holds: a row cut by the chunk's edge. */
  private placeFragment(item: Destination, halves: Uint32Array, at: number): number {
    const c = this.cursor;
    const part = item.halves[c.part]!;
    const width = item.widths[c.part]!;
    const base = c.row * width + c.offset;
    const n = Math.min(width - c.offset, halves.length - at);
    for (let k = 0; k < n; k++) part[base + k] = halves[at + k]!;
    c.offset += n;
    if (c.offset === width) {
      c.offset = 0;
      if (++c.part === item.parts.length) [c.part, c.row] = [0, c.row + 1];
    }
    return n;
  }

  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    this.fill(out);
    return out;
  }

  private fill(into: Uint8Array): void {
    let done = 0;
    while (done < into.byteLength) {
      const n = this.source.read(into.subarray(done), this.position);
      if (n <= 0) throw new FormatError(`is damaged: it ends early (at byte ${this.position}), or changed while it was read`);
      done += n;
      this.position += n;
    }
  }
}

function checkExpected(h: FileHeader, expect: PrepExpectation): void {
  if (h.programHash !== expect.programHash) {
    throw new FormatError(`was made for another program (hash ${h.programHash.slice(0, 12)}…, this program is ${expect.programHash.slice(0, 12)}…)`);
  }
  if (h.party !== expect.party) throw new FormatError(`is party ${h.party}'s preprocessing, not party ${expect.party}'s`);
  if (h.parties !== expect.parties) throw new FormatError(`was made for ${h.parties} parties, the program has ${expect.parties}`);
  const held = new Map<string, number>();
  for (const item of h.items) {
    const key = prepKey(item.kind, item.param);
    if (held.has(key)) throw new FormatError(`is damaged: it lists ${key} twice`);
    held.set(key, item.count);
  }
  for (const need of expect.needs) {
    const key = prepKey(need.kind, need.param);
    if ((held.get(key) ?? 0) < need.count) throw new FormatError(`holds ${held.get(key) ?? 0} ${key}, but the program needs ${need.count}`);
  }
}

function destination(item: PrepNeed, ring: Ring): Destination {
  const sizes = PREP_KINDS[item.kind].parts.map((p) => partWords(p, ring));
  const parts = sizes.map((s) => new BigUint64Array(s * item.count));
  return {
    ...item,
    parts,
    halves: parts.map((p) => new Uint32Array(p.buffer)),
    widths: sizes.map((s) => 2 * s),
    rowWidth: 2 * sizes.reduce((a, b) => a + b, 0),
  };
}

/** Whole items from a chunk, part by part: the loop the reader spends its time in, kept tight. */
function copyRows(item: Destination, from: Uint32Array, at: number, row: number, rows: number): void {
  const stride = item.rowWidth;
  let offset = at;
  for (let j = 0; j < item.halves.length; j++) {
    const part = item.halves[j]!;
    const width = item.widths[j]!;
    let src = offset;
    let dst = row * width;
    for (let r = 0; r < rows; r++, src += stride) for (let k = 0; k < width; k++) part[dst++] = from[src + k]!;
    offset += width;
  }
}
