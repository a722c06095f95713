// Loading what a party works from — the bytecode, its input file, its preprocessing — with
// errors that name the file and the problem; dealing preprocessing into files.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeProgram } from "./bytecode/codec.js";
import { BytecodeError } from "./bytecode/errors.js";
import type { InputSpec, LoadedProgram } from "./bytecode/program.js";
import { ringOf } from "./domain/ring.js";
import type { Vec } from "./domain/ring64.js";
import { readInputTokens, type ReadStats } from "./input-file.js";
import { encodeClientInputs, encodePartyInputs, InputError } from "./machine/inputs.js";
import { outputDirectory } from "./output-file.js";
import { type LoadedPrep, prepFileName, readPrepFile, writeDeal } from "./preprocessing/store.js";

export { WriteError, writeAtomically } from "./output-file.js";

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
export function loadInputs(loaded: LoadedProgram, party: number, path: string | null, stats?: ReadStats): Map<number, Vec> {
  const owns = (spec: InputSpec) => spec.client === undefined && spec.party === party;
  if (path === null) {
    const needed = countOf(loaded, owns);
    if (needed > 0) throw new InputError(`party ${party} must give an input file: the program reads ${needed} values from it`);
    return new Map();
  }
  return encodePartyInputs(loaded.program, party, readOwned(loaded, owns, `party ${party}`, path, stats), path);
}

/** A client's encoded inputs, for running its part in this process (`mpcvm emulate`, `local`, `submit`). */
export function loadClientInputs(loaded: LoadedProgram, client: string, path: string | null, stats?: ReadStats): Map<number, Vec> {
  const owns = (spec: InputSpec) => spec.client === client;
  if (path === null) {
    const needed = countOf(loaded, owns);
    if (needed > 0) throw new InputError(`client ${client} must give an input file (--input ${client}=FILE): the program reads ${needed} values from it`);
    return new Map();
  }
  return encodeClientInputs(loaded.program, client, readOwned(loaded, owns, `client ${client}`, path, stats), path);
}

/** A client's input file as the texts of its values, checked as loadClientInputs checks them (`mpcvm submit`). */
export function readClientValues(loaded: LoadedProgram, client: string, path: string): string[] {
  const tokens = readOwned(loaded, (spec) => spec.client === client, `client ${client}`, path);
  encodeClientInputs(loaded.program, client, tokens, path);
  return tokens.map((t) => t.text);
}

/** The file's values, read no further than one past what the program reads from this owner. */
function readOwned(loaded: LoadedProgram, owns: (spec: InputSpec) => boolean, whose: string, path: string, stats?: ReadStats) {
  const { program } = loaded;
  const needed = countOf(loaded, owns);
  const lines = program.inputs.filter(owns).map((s) => s.line);
  const where = [...new Set(lines)].join(", ");
  const at = where === "" ? "" : ` (input() at line ${where} of ${program.source})`;
  const tooMany = (line: number) =>
    new InputError(
      `${path} has more than ${needed} value${needed === 1 ? "" : "s"} (the first extra one is on line ${line}), but the program reads ${needed} from ${whose}${at}`,
    );
  return readInputTokens(path, needed, tooMany, stats);
}

function countOf(loaded: LoadedProgram, owns: (spec: InputSpec) => boolean): number {
  return loaded.program.inputs.filter(owns).reduce((n, i) => n + i.len, 0);
}

export interface PrepOnDisk extends LoadedPrep {
  readonly path: string;
}

/** Reads this party's preprocessing, checked chunk by chunk against its checksums, for this program and party. */
export function loadPrep(loaded: LoadedProgram, party: number, dir: string): PrepOnDisk {
  const path = join(dir, prepFileName(party));
  const { program, hash } = loaded;
  const expect = { programHash: hash, party, parties: program.parties, needs: program.preprocessing };
  return { ...readPrepFile(ringOf(program.domain), path, expect), path };
}

/** Deals preprocessing for every party and writes one file each into `dir` (created if only it is missing). */
export function writePrep(loaded: LoadedProgram, dir: string): string[] {
  outputDirectory(dir);
  const { program, hash } = loaded;
  return writeDeal(ringOf(program.domain), { programHash: hash, parties: program.parties, needs: program.preprocessing }, dir);
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
