// The layout of a party's preprocessing file (format 3) and its hash chain: a header, the data in
// checksummed chunks, and a trailer with the dealer's record of every party's file. See docs/security.md.

import { createHash, randomBytes } from "node:crypto";
import { pack, unpack } from "msgpackr";
import { BytecodeError } from "../bytecode/errors.js";
import { field, isRecord, listOf, nonNegativeInt, oneOf, string } from "../bytecode/wire.js";
import type { Ring } from "../domain/ring.js";
import { PREP_KIND_NAMES, PREP_KINDS, partWords, type PrepNeed } from "./kinds.js";

/**
 * The file, byte by byte:
 *
 *   "MPCPREP\0" · version (u32 LE) · header length L (u32 LE) · header (msgpack, L bytes)
 *   · h₀ = SHA-256("mpcprep/3 header\0" ‖ everything before it)
 *   · chunk₁ · h₁ · chunk₂ · h₂ · …        hᵢ = SHA-256(hᵢ₋₁ ‖ chunkᵢ), chunks of `chunkBytes` (the last shorter)
 *   · manifest (32 bytes per party: each party's last h) · SHA-256("mpcprep/3 end\0" ‖ h_last ‖ manifest)
 *
 * The data are the header's items in order, each item's parts side by side, item by item (a triple's
 * a, b and c, then the next triple's), so a writer can append items in batches as it makes them.
 */
export const MAGIC = Buffer.from("MPCPREP\0", "latin1");
export const VERSION = 3;
export const PREFIX_BYTES = 16;
export const TAG_BYTES = 32;
export const MAX_HEADER_BYTES = 1 << 20;
export const DEFAULT_CHUNK_BYTES = 1 << 20;
const CHUNK_LIMITS = { min: 64, max: 1 << 24 };
const MAX_PARTIES = 64;
const SALT_BYTES = 32;

/** A party's preprocessing file cannot be used: the message names the file and what is wrong with it. */
export class PrepError extends Error {}

/** Why a file cannot be used, without its name: the reader adds it. */
export class FormatError extends Error {}

export interface PrepHeader {
  readonly programHash: string;
  /** Random, shared by the files of one dealing, so parties can check they hold the same deal. */
  readonly dealId: string;
  readonly party: number;
  readonly parties: number;
}

/** What the header holds: who the file is for, what it contains, how it is cut into chunks. */
export interface FileHeader extends PrepHeader {
  /**
   * Random bytes that only this party's file holds: they key its chain, so the digest of it that the
   * other parties' files record cannot be checked against guesses of its shares (a two-party deal of a
   * few daBits has few possible files).
   */
  readonly salt: Uint8Array;
  readonly chunkBytes: number;
  readonly items: readonly PrepNeed[];
}

export function encodeHeader(h: FileHeader): Uint8Array {
  const items = h.items.map((i) => ({ kind: i.kind, param: i.param === null ? null : i.param.toString(), count: i.count }));
  const body = pack({
    programHash: h.programHash,
    dealId: h.dealId,
    party: h.party,
    parties: h.parties,
    salt: h.salt,
    chunkBytes: h.chunkBytes,
    items,
  });
  if (body.byteLength > MAX_HEADER_BYTES) throw new RangeError("the preprocessing header is too large");
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(VERSION, 8);
  prefix.writeUInt32LE(body.byteLength, 12);
  return Buffer.concat([prefix, body]);
}

/** The header's length from the file's first 16 bytes, after checking they are ours. */
export function readPrefix(prefix: Uint8Array): number {
  const b = Buffer.from(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  if (b.byteLength < PREFIX_BYTES || !b.subarray(0, 8).equals(MAGIC)) {
    if (isOldFormat(b)) throw new FormatError(`is in an older preprocessing format; this VM reads format ${VERSION}: deal new files with mpcvm preprocess`);
    throw new FormatError("is not a preprocessing file");
  }
  const version = b.readUInt32LE(8);
  if (version !== VERSION) throw new FormatError(`has preprocessing format ${version}; this VM reads ${VERSION}`);
  const length = b.readUInt32LE(12);
  if (length === 0 || length > MAX_HEADER_BYTES) throw new FormatError("is damaged: its header length is impossible");
  return length;
}

/** Formats 1 and 2 were one msgpack map opening with {magic: "MPCPREP", …}. */
function isOldFormat(b: Buffer): boolean {
  return b.toString("latin1").includes("\xa5magic\xa7MPCP");
}

export function decodeHeader(bytes: Uint8Array): FileHeader {
  let wire: unknown;
  try {
    wire = unpack(bytes.subarray(PREFIX_BYTES));
  } catch {
    throw new FormatError("is damaged: its header does not decode");
  }
  try {
    if (!isRecord(wire)) throw new BytecodeError("the header is not a record");
    const parties = nonNegativeInt(field(wire, "parties"), "parties");
    const party = nonNegativeInt(field(wire, "party"), "party");
    const chunkBytes = nonNegativeInt(field(wire, "chunkBytes"), "chunkBytes");
    const salt = field(wire, "salt");
    if (parties < 2 || parties > MAX_PARTIES || party >= parties) throw new BytecodeError(`party ${party} of ${parties} is impossible`);
    if (chunkBytes < CHUNK_LIMITS.min || chunkBytes > CHUNK_LIMITS.max || chunkBytes % 8 !== 0) throw new BytecodeError("chunkBytes is impossible");
    if (!(salt instanceof Uint8Array) || salt.byteLength !== SALT_BYTES) throw new BytecodeError("salt is not 32 bytes");
    return {
      programHash: token(field(wire, "programHash"), "programHash", 128),
      dealId: token(field(wire, "dealId"), "dealId", 63),
      party,
      parties,
      salt,
      chunkBytes,
      items: listOf(field(wire, "items"), "items", readItem),
    };
  } catch (e) {
    if (e instanceof BytecodeError) throw new FormatError(`is damaged: ${e.message}`);
    throw e;
  }
}

/**
 * Hex or similar, never the '_' that separates the deal id from the manifest's digest at the
 * handshake; a deal id short enough for both to fit the handshake's 128 characters.
 */
function token(v: unknown, where: string, longest: number): string {
  const s = string(v, where);
  if (s.length > longest || !/^[0-9A-Za-z-]+$/.test(s)) throw new BytecodeError(`${where} is not an id`);
  return s;
}

function readItem(item: unknown, where: string): PrepNeed {
  if (!isRecord(item)) throw new BytecodeError(`${where} is not a record`);
  const kind = oneOf(field(item, "kind"), PREP_KIND_NAMES, `${where}.kind`);
  const param = field(item, "param");
  if (param !== null && (typeof param !== "string" || !/^\d{1,40}$/.test(param))) throw new BytecodeError(`${where}.param is not a number`);
  return { kind, param: param === null ? null : BigInt(param), count: nonNegativeInt(field(item, "count"), `${where}.count`) };
}

export function newSalt(): Uint8Array {
  return randomBytes(SALT_BYTES);
}

/** 64-bit words of one item of a kind: its parts side by side. */
export function rowWords(item: PrepNeed, ring: Ring): number {
  return PREP_KINDS[item.kind].parts.reduce((n, p) => n + partWords(p, ring), 0);
}

/** Bytes of data the header's items take. */
export function dataBytes(items: readonly PrepNeed[], ring: Ring): number {
  return items.reduce((n, i) => n + i.count * rowWords(i, ring) * 8, 0);
}

/** The whole file's size, given its header: what the reader compares with the size on disk. */
export function fileBytes(headerBytes: number, h: FileHeader, ring: Ring): number {
  const data = dataBytes(h.items, ring);
  const chunks = Math.ceil(data / h.chunkBytes);
  return headerBytes + TAG_BYTES + data + chunks * TAG_BYTES + h.parties * TAG_BYTES + TAG_BYTES;
}

export function headerTag(headerBytes: Uint8Array): Buffer {
  return createHash("sha256").update("mpcprep/3 header\0").update(headerBytes).digest();
}

export function chunkTag(previous: Uint8Array, chunk: Uint8Array): Buffer {
  return createHash("sha256").update(previous).update(chunk).digest();
}

export function endTag(last: Uint8Array, manifest: Uint8Array): Buffer {
  return createHash("sha256").update("mpcprep/3 end\0").update(last).update(manifest).digest();
}

/** Every party's digest, hex, as the 32-byte records of the trailer. */
export function manifestBytes(digests: readonly string[]): Buffer {
  return Buffer.concat(digests.map((d) => Buffer.from(d, "hex")));
}

/**
 * The deal as the handshake compares it: the deal id, and a digest of the dealer's record of every
 * party's file. A party's own file was checked against its entry, so two parties that agree on this
 * hold files the dealer wrote for one deal, unaltered — unless someone rewrote every party's file.
 */
export function handshakeDeal(dealId: string, manifest: Uint8Array): string {
  return `${dealId}_${createHash("sha256").update("mpcprep/3 deal\0").update(dealId).update(manifest).digest("hex")}`;
}
