// Preprocessing files: one per party, msgpack of a header (program hash, deal id, party) and
// one binary block per kind, each word's shares back to back as little-endian 64-bit values.

import { randomBytes } from "node:crypto";
import { pack, unpack } from "msgpackr";
import { bytesOf, field, isRecord, listOf, nonNegativeInt, oneOf, string, typedFrom } from "../bytecode/wire.js";
import { BytecodeError } from "../bytecode/errors.js";
import type { PartyMaterial } from "./dealer.js";
import type { Ring } from "../domain/ring.js";
import { PREP_KIND_NAMES, PREP_KINDS, partWords, type PrepKind } from "./kinds.js";
import { Material } from "./material.js";

const MAGIC = "MPCPREP";
const VERSION = 2;

export class PrepError extends Error {}

export interface PrepHeader {
  readonly programHash: string;
  /** Random, shared by the files of one dealing, so parties can check they hold the same deal. */
  readonly dealId: string;
  readonly party: number;
  readonly parties: number;
}

export function newDealId(): string {
  return randomBytes(16).toString("hex");
}

export function prepFileName(party: number): string {
  return `party${party}.prep`;
}

/**
 * The marker a run leaves beside a party's file once it starts computing: reusing triples or masks
 * in a second run would let the peers subtract the two transcripts, so a marked file is refused.
 */
export function usedMarkerName(party: number): string {
  return `${prepFileName(party)}.used`;
}

export function encodePrepFile(ring: Ring, header: PrepHeader, material: PartyMaterial): Uint8Array {
  const items = material.items.map((item) => {
    const sizes = PREP_KINDS[item.kind].parts.map((p) => partWords(p, ring));
    const count = (item.parts[0]?.length ?? 0) / sizes[0]!;
    const data = new BigUint64Array(item.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of item.parts) {
      data.set(part, at);
      at += part.length;
    }
    return { kind: item.kind, param: item.param === null ? null : item.param.toString(), count, data: bytesOf(data) };
  });
  return pack({ magic: MAGIC, version: VERSION, ...header, items });
}

export interface LoadedPrep {
  readonly header: PrepHeader;
  readonly material: Material;
}

/** Reads a party's file and checks it is for this program and this party. */
export function decodePrepFile(ring: Ring, bytes: Uint8Array, expect: { programHash: string; party: number; parties: number }, path: string): LoadedPrep {
  let wire: unknown;
  try {
    wire = unpack(bytes);
  } catch {
    throw new PrepError(`${path} is not a preprocessing file (it does not decode)`);
  }
  if (!isRecord(wire) || wire.magic !== MAGIC) throw new PrepError(`${path} is not a preprocessing file`);
  if (wire.version !== VERSION) throw new PrepError(`${path} has preprocessing format ${String(wire.version)}; this VM reads ${VERSION}`);
  try {
    const header: PrepHeader = {
      programHash: string(field(wire, "programHash"), "programHash"),
      dealId: string(field(wire, "dealId"), "dealId"),
      party: nonNegativeInt(field(wire, "party"), "party"),
      parties: nonNegativeInt(field(wire, "parties"), "parties"),
    };
    if (header.programHash !== expect.programHash)
      throw new PrepError(
        `${path} was made for another program (hash ${header.programHash.slice(0, 12)}…, this program is ${expect.programHash.slice(0, 12)}…)`,
      );
    if (header.party !== expect.party) throw new PrepError(`${path} is party ${header.party}'s preprocessing, not party ${expect.party}'s`);
    if (header.parties !== expect.parties) throw new PrepError(`${path} was made for ${header.parties} parties, the program has ${expect.parties}`);
    const items = listOf(field(wire, "items"), "items", (item, where) => readItem(ring, item, where));
    return { header, material: new Material(ring, items) };
  } catch (e) {
    if (e instanceof BytecodeError) throw new PrepError(`${path} is damaged: ${e.message}`);
    throw e;
  }
}

function readItem(ring: Ring, item: unknown, where: string): { kind: PrepKind; param: bigint | null; parts: BigUint64Array[] } {
  if (!isRecord(item)) throw new BytecodeError(`${where} is not a record`);
  const kind = oneOf(field(item, "kind"), PREP_KIND_NAMES, `${where}.kind`);
  const param = field(item, "param");
  if (param !== null && (typeof param !== "string" || !/^\d+$/.test(param))) throw new BytecodeError(`${where}.param is not a number`);
  const count = nonNegativeInt(field(item, "count"), `${where}.count`);
  const data = typedFrom(field(item, "data"), BigUint64Array, `${where}.data`);
  const sizes = PREP_KINDS[kind].parts.map((p) => partWords(p, ring) * count);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (data.length !== total) throw new BytecodeError(`${where} holds ${data.length} words, not ${total}`);
  const parts: BigUint64Array[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(data.subarray(at, at + size));
    at += size;
  }
  return { kind, param: param === null ? null : BigInt(param), parts };
}
