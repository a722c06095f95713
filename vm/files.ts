// Loading what a party works from — the bytecode, its input file, its preprocessing — with
// errors that name the file and the problem; writing outputs and keys so no one sees half a file.

import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { decodeProgram } from "./bytecode/codec.js";
import { BytecodeError } from "./bytecode/errors.js";
import type { LoadedProgram } from "./bytecode/program.js";
import { ringOf } from "./domain/ring.js";
import type { Vec } from "./domain/ring64.js";
import { encodeClientInputs, encodePartyInputs, InputError, tokenizeInput } from "./machine/inputs.js";
import { deal } from "./preprocessing/dealer.js";
import { decodePrepFile, encodePrepFile, newDealId, PrepError, prepFileName, usedMarkerName, type LoadedPrep } from "./preprocessing/store.js";

export function loadProgram(path: string): LoadedProgram {
  const bytes = readBytes(path, "bytecode file", (m) => new BytecodeError(m));
  try {
    return decodeProgram(bytes);
  } catch (e) {
    if (e instanceof BytecodeError) throw new BytecodeError(`${path}: ${e.message}`);
    throw e;
  }
}

/** A party's encoded inputs; a party with no inputs may pass no file. */
export function loadInputs(loaded: LoadedProgram, party: number, path: string | null): Map<number, Vec> {
  if (path === null) {
    const needed = loaded.program.inputs.filter((i) => i.party === party).reduce((n, i) => n + i.len, 0);
    if (needed > 0) throw new InputError(`party ${party} must give an input file: the program reads ${needed} values from it`);
    return new Map();
  }
  const text = readBytes(path, "input file", (m) => new InputError(m)).toString();
  return encodePartyInputs(loaded.program, party, tokenizeInput(text, path), path);
}

/** A client's encoded inputs, for running its part in this process (`mpcvm emulate` and `local`). */
export function loadClientInputs(loaded: LoadedProgram, client: string, path: string | null): Map<number, Vec> {
  if (path === null) {
    const needed = loaded.program.inputs.filter((i) => i.client === client).reduce((n, i) => n + i.len, 0);
    if (needed > 0) throw new InputError(`client ${client} must give an input file (--input ${client}=FILE): the program reads ${needed} values from it`);
    return new Map();
  }
  const text = readBytes(path, "input file", (m) => new InputError(m)).toString();
  return encodeClientInputs(loaded.program, client, tokenizeInput(text, path), path);
}

export interface PrepOnDisk extends LoadedPrep {
  readonly path: string;
  /** Marks the file used; the run calls this once every peer is connected, before round 0. */
  markUsed(): void;
}

/** Reads this party's preprocessing, refusing a file an earlier run has already used. */
export function loadPrep(loaded: LoadedProgram, party: number, dir: string): PrepOnDisk {
  const path = join(dir, prepFileName(party));
  const marker = join(dir, usedMarkerName(party));
  const bytes = readBytes(path, "preprocessing file", (m) => new PrepError(m));
  const prep = decodePrepFile(ringOf(loaded.program.domain), bytes, { programHash: loaded.hash, party, parties: loaded.program.parties }, path);
  refuseIfUsed(path, marker);
  return { ...prep, path, markUsed: () => markUsed(path, marker, { party, dealId: prep.header.dealId, programHash: loaded.hash }) };
}

function refuseIfUsed(path: string, marker: string): void {
  let text: string;
  try {
    text = readFileSync(marker, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new PrepError(`cannot read ${marker}, which says whether ${path} was used`);
  }
  const when = /"usedAt":\s*"([^"]{1,40})"/.exec(text)?.[1];
  throw new PrepError(
    `${path} was already used by a run${when ? ` at ${when}` : ""} (${marker}); using preprocessing twice breaks the secrecy of both runs: deal new files with mpcvm preprocess`,
  );
}

/** Creates the marker exclusively, so two runs started from one file cannot both proceed. */
function markUsed(path: string, marker: string, about: { party: number; dealId: string; programHash: string }): void {
  const record = { usedAt: new Date().toISOString(), host: hostname(), pid: process.pid, ...about };
  let fd: number;
  try {
    fd = openSync(marker, "wx", 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new PrepError(`${path} is being used by another run (${marker} appeared); deal new preprocessing for this one`);
    throw new PrepError(`cannot mark ${path} as used (${marker}: ${code ?? "error"}); the run stops because an unmarked file could be used twice`);
  }
  try {
    writeFileSync(fd, `${JSON.stringify(record, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Deals preprocessing for every party and writes one file each into `dir`. */
export function writePrep(loaded: LoadedProgram, dir: string): string[] {
  const dealId = newDealId();
  const ring = ringOf(loaded.program.domain);
  const materials = deal(ring, loaded.program.preprocessing, loaded.program.parties);
  mkdirSync(dir, { recursive: true });
  return materials.map((material) => {
    const path = join(dir, prepFileName(material.party));
    const header = { programHash: loaded.hash, dealId, party: material.party, parties: loaded.program.parties };
    writeAtomically(path, encodePrepFile(ring, header, material), 0o600);
    // A fresh deal replaces any old file; its old marker would wrongly refuse the new one.
    rmSync(join(dir, usedMarkerName(material.party)), { force: true });
    return path;
  });
}

/** A file this tool was asked to write could not be written (a missing permission, a full disk). */
export class WriteError extends Error {}

/**
 * Writes via a temporary file in the same folder, flushed to disk, then renamed over `path`, so a
 * reader (or a crash) never sees half a file.
 */
export function writeAtomically(path: string, data: Uint8Array | string, mode = 0o644): void {
  const temp = join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(temp, "wx", mode);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    removeQuietly(temp);
    const code = (e as NodeJS.ErrnoException).code;
    throw new WriteError(
      `cannot write ${path}${code === "EACCES" || code === "EPERM" ? ": permission denied" : code === "ENOSPC" ? ": the disk is full" : code === "EISDIR" ? ": it is a directory" : code ? ` (${code})` : ""}`,
    );
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was created there (its folder is not a folder): nothing to clean up.
  }
}

function readBytes(path: string, what: string, error: (message: string) => Error): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "cannot be read (permission denied)" : "cannot be read";
    throw error(`the ${what} ${path} ${why}`);
  }
}
