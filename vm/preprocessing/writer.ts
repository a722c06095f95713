// Writes one party's preprocessing file as it is made: open with the header, append batches of
// items, seal (the file's digest), finish with every party's digest; renamed into place only then.

import { closeSync, fsyncSync, openSync, renameSync } from "node:fs";
import type { Ring } from "../domain/ring.js";
import type { Vec } from "../domain/ring64.js";
import { reason, removeQuietly, tempBeside, WriteError, writeAll } from "../output-file.js";
import { chunkTag, DEFAULT_CHUNK_BYTES, encodeHeader, endTag, type FileHeader, headerTag, manifestBytes, newSalt, type PrepHeader } from "./format.js";
import { PREP_KINDS, partWords, prepKey, type PrepKind, type PrepNeed } from "./kinds.js";

export interface PrepWriterOptions {
  /** Bytes of data between two checksums (default 1 MiB); small values are for tests. */
  readonly chunkBytes?: number;
}

/**
 * The streaming writer every producer of preprocessing uses (the dealer, and the parties' own
 * offline phase). Items must be appended in the header's order, exactly as many as it declares.
 * `seal()` gives the file's digest; `finish()` needs every party's, in party order: a dealer has
 * them all, parties that make their own files exchange them (with the deal id they agreed on)
 * over their authenticated links, and the handshake of every later run compares that record.
 */
export class PrepWriter {
  private readonly bytes: Uint8Array;
  private readonly halves: Uint32Array;
  private fill = 0;
  private previous: Uint8Array;
  private item = 0;
  private rows = 0;
  private digest: string | null = null;
  private closed = false;
  private completed = false;

  private constructor(
    readonly path: string,
    private readonly temp: string,
    private readonly fd: number,
    private readonly ring: Ring,
    private readonly header: FileHeader,
  ) {
    this.bytes = new Uint8Array(header.chunkBytes);
    this.halves = new Uint32Array(this.bytes.buffer);
    this.previous = new Uint8Array(0);
  }

  /** Creates a temporary file beside `path` (mode 600) and writes the header. */
  static open(path: string, ring: Ring, header: PrepHeader & { readonly items: readonly PrepNeed[] }, options: PrepWriterOptions = {}): PrepWriter {
    const temp = tempBeside(path);
    let fd: number;
    try {
      fd = openSync(temp, "wx", 0o600);
    } catch (e) {
      throw new WriteError(`cannot write ${path}${reason(e)}`);
    }
    const writer = new PrepWriter(path, temp, fd, ring, { ...header, salt: newSalt(), chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK_BYTES });
    writer.begin();
    return writer;
  }

  /** The header and its checksum, the start of the chain. */
  private begin(): void {
    let head: Uint8Array;
    try {
      head = encodeHeader(this.header);
    } catch (e) {
      this.abandon();
      throw e;
    }
    this.previous = headerTag(head);
    this.write(head);
    this.write(this.previous);
  }

  /** A batch of items of the current kind: one array per part, as the dealer makes them. */
  append(kind: PrepKind, param: bigint | null, parts: readonly Vec[]): void {
    const sizes = PREP_KINDS[kind].parts.map((p) => partWords(p, this.ring));
    const count = (parts[0]?.length ?? 0) / sizes[0]!;
    if (count === 0) return;
    this.skipEmpty();
    const item = this.header.items[this.item];
    if (item === undefined || item.kind !== kind || item.param !== param) {
      throw new Error(`preprocessing writer: ${prepKey(kind, param)} appended where ${item ? prepKey(item.kind, item.param) : "the end"} was declared`);
    }
    if (parts.length !== sizes.length || parts.some((p, i) => p.length !== count * sizes[i]!) || this.rows + count > item.count) {
      throw new Error(`preprocessing writer: a batch of ${prepKey(kind, param)} that does not fit the declared ${item.count}`);
    }
    this.interleave(parts, sizes, count);
    this.rows += count;
    if (this.rows === item.count) [this.item, this.rows] = [this.item + 1, 0];
  }

  /** Once every declared item is in: flushes the last chunk and returns this file's digest (hex). */
  seal(): string {
    this.skipEmpty();
    if (this.item !== this.header.items.length) throw new Error("preprocessing writer: sealed before every declared item was appended");
    if (this.digest === null) {
      if (this.fill > 0) this.flush();
      this.digest = Buffer.from(this.previous).toString("hex");
    }
    return this.digest;
  }

  /** Writes the trailer (every party's digest, in party order), flushes, and renames the file into place. */
  finish(manifest: readonly string[]): void {
    this.complete(manifest);
    this.commit();
  }

  /** The trailer, flushed to disk, the file closed: all but the rename (a dealer renames its files last, together). */
  complete(manifest: readonly string[]): void {
    const digest = this.seal();
    if (manifest.length !== this.header.parties || manifest[this.header.party] !== digest || manifest.some((d) => !/^[0-9a-f]{64}$/.test(d))) {
      throw new Error("preprocessing writer: the manifest does not list this file's digest in its place");
    }
    const record = manifestBytes(manifest);
    this.write(record);
    this.write(endTag(this.previous, record));
    this.sync(() => fsyncSync(this.fd));
    this.close();
    this.completed = true;
  }

  /** Renames the completed file over `path`. */
  commit(): void {
    if (!this.completed) throw new Error("preprocessing writer: committed before it was completed");
    this.sync(() => renameSync(this.temp, this.path));
  }

  /** Closes and removes the temporary file: nothing is left of an unfinished deal. */
  abandon(): void {
    this.close();
    this.completed = false;
    removeQuietly(this.temp);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private skipEmpty(): void {
    while (this.header.items[this.item]?.count === 0) this.item++;
  }

  /** Item by item, each item's parts side by side, into the chunk buffer (as 32-bit halves: no BigInt per word). */
  private interleave(parts: readonly Vec[], sizes: readonly number[], count: number): void {
    const ins = parts.map((p) => new Uint32Array(p.buffer, p.byteOffset, p.length * 2));
    const widths = sizes.map((s) => 2 * s);
    const rowWidth = widths.reduce((a, b) => a + b, 0);
    for (let row = 0; row < count; ) {
      const rows = Math.min(count - row, Math.floor((this.halves.length - this.fill * 2) / rowWidth));
      if (rows > 0) {
        this.copyRows(ins, widths, rowWidth, row, rows);
        row += rows;
      } else {
        this.splitRow(ins, widths, row++);
      }
      if (this.fill * 2 === this.halves.length) this.flush();
    }
  }

  /** Whole items that fit in the chunk, part by part: the loop the dealer spends its time in, kept tight. */
  private copyRows(ins: readonly Uint32Array[], widths: readonly number[], rowWidth: number, row: number, rows: number): void {
    const out = this.halves;
    let offset = this.fill * 2;
    for (let j = 0; j < ins.length; j++) {
      const part = ins[j]!;
      const width = widths[j]!;
      let src = row * width;
      for (let r = 0, dst = offset; r < rows; r++, dst += rowWidth) for (let k = 0; k < width; k++) out[dst + k] = part[src++]!;
      offset += width;
    }
    this.fill += (rows * rowWidth) / 2;
  }

  /** One item across the chunk's edge, half-word by half-word. */
  private splitRow(ins: readonly Uint32Array[], widths: readonly number[], row: number): void {
    const out = this.halves;
    let at = this.fill * 2;
    for (let j = 0; j < ins.length; j++) {
      for (let w = row * widths[j]!, end = w + widths[j]!; w < end; w++) {
        out[at++] = ins[j]![w]!;
        if (at === out.length) {
          this.fill = at / 2;
          this.flush();
          at = 0;
        }
      }
    }
    this.fill = at / 2;
  }

  private flush(): void {
    const chunk = this.bytes.subarray(0, this.fill * 8);
    this.previous = chunkTag(this.previous, chunk);
    this.write(chunk);
    this.write(this.previous);
    this.fill = 0;
  }

  private sync(step: () => void): void {
    try {
      step();
    } catch (e) {
      this.abandon();
      throw new WriteError(`cannot write ${this.path}${reason(e)}`);
    }
  }

  private write(bytes: Uint8Array): void {
    if (this.closed) throw new Error("preprocessing writer: written after it was closed");
    try {
      writeAll(this.fd, bytes);
    } catch (e) {
      this.abandon();
      throw new WriteError(`cannot write ${this.path}${reason(e)}`);
    }
  }
}
