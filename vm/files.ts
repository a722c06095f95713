// Loading what a party works from — the bytecode, its input file, its preprocessing — with
// errors that name the file and the problem. Used by the CLI and by the end-to-end tests.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { decodeProgram } from "./bytecode/codec.js";
import { BytecodeError } from "./bytecode/errors.js";
import type { LoadedProgram } from "./bytecode/program.js";
import { ringOf } from "./domain/ring.js";
import type { Vec } from "./domain/ring64.js";
import { encodePartyInputs, InputError, tokenizeInput } from "./machine/inputs.js";
import { deal } from "./preprocessing/dealer.js";
import { decodePrepFile, encodePrepFile, newDealId, PrepError, prepFileName, type LoadedPrep } from "./preprocessing/store.js";

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

export function loadPrep(loaded: LoadedProgram, party: number, dir: string): LoadedPrep {
  const path = join(dir, prepFileName(party));
  const bytes = readBytes(path, "preprocessing file", (m) => new PrepError(m));
  return decodePrepFile(ringOf(loaded.program.domain), bytes, { programHash: loaded.hash, party, parties: loaded.program.parties }, path);
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
    writeAtomically(path, encodePrepFile(ring, header, material));
    return path;
  });
}

/** Writes via a temporary file and a rename, so a reader never sees half a file. */
export function writeAtomically(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

function readBytes(path: string, what: string, error: (message: string) => Error): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "cannot be read (permission denied)" : "cannot be read";
    throw error(`the ${what} ${path} ${why}`);
  }
}
