// A party's ledger of the deals it has used, in a state directory of the operator's choosing: a used
// deal is refused wherever a copy of its file lies. One entry file per deal, created exclusively.

import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { homedir, hostname } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { reason, removeQuietly, writeAll } from "../output-file.js";
import { PrepError } from "./format.js";

/** Where the ledger lives unless `--state-dir` says: $XDG_STATE_HOME/mpcvm, else ~/.local/state/mpcvm. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const xdg = env.XDG_STATE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, "mpcvm");
  let home: string;
  try {
    home = env.HOME ?? homedir();
  } catch {
    return null;
  }
  return home === "" ? null : join(home, ".local", "state", "mpcvm");
}

/** What a run is about to use: the deal, this party, and where its file was read from (for the record). */
export interface DealUse {
  readonly dealId: string;
  readonly party: number;
  readonly programHash: string;
  readonly file: string;
}

export class Ledger {
  private constructor(
    readonly dir: string,
    /** Set when other users may write in the state directory, and so erase entries. */
    readonly warning: string | null,
  ) {}

  /** Opens (creating it and any missing parents with mode 700) the state directory, and checks it can be written. */
  static open(stateDir: string): Ledger {
    makeDirectories(stateDir);
    const stat = statSync(stateDir);
    const loose = (stat.mode & 0o022) !== 0 && (stat.mode & 0o1000) === 0;
    return new Ledger(
      stateDir,
      loose ? `the state directory ${stateDir} can be written by other users, who could erase its record of used preprocessing (chmod 700 it)` : null,
    );
  }

  /** Refuses a deal this party has already used, naming the file, when, and the ledger entry. */
  refuseIfUsed(use: DealUse): void {
    const entry = this.entry(use);
    const found = statOrNull(entry);
    if (found === null) return;
    const when = /"usedAt":\s*"([^"]{1,40})"/.exec(readHead(entry))?.[1];
    throw new PrepError(
      `${use.file} is from deal ${use.dealId.slice(0, 12)}…, which party ${use.party} already used in a run${when ? ` at ${when}` : ""} (${entry}); using preprocessing twice breaks the secrecy of both runs: deal new files with mpcvm preprocess`,
    );
  }

  /** Checks now that entries can be made here, so a run does not fail after connecting. */
  checkWritable(party: number): void {
    const dir = this.partyDir(party);
    makeDirectories(dir);
    const probe = join(dir, `.probe-${randomBytes(6).toString("hex")}`);
    try {
      closeSync(openSync(probe, "wx", 0o600));
    } catch (e) {
      throw new PrepError(`cannot record used preprocessing in ${dir}${reason(e)}; choose another --state-dir`);
    }
    removeQuietly(probe);
  }

  /**
   * Records the deal as used, before anything secret is sent. The entry is created exclusively, so
   * of two runs started from copies of one file only the first to get here goes on.
   */
  record(use: DealUse): string {
    const entry = this.entry(use);
    makeDirectories(dirname(entry));
    let fd: number;
    try {
      fd = openSync(entry, "wx", 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") {
        throw new PrepError(
          `${use.file}: deal ${use.dealId.slice(0, 12)}… is being used by another run of party ${use.party} (${entry} appeared); deal new preprocessing`,
        );
      }
      throw new PrepError(`cannot record ${use.file} as used (${entry}${reason(e)}); the run stops because an unrecorded deal could be used twice`);
    }
    try {
      const record = { usedAt: new Date().toISOString(), host: hostname(), pid: process.pid, ...use, file: resolve(use.file) };
      writeAll(fd, Buffer.from(`${JSON.stringify(record, null, 2)}\n`));
      fsyncSync(fd);
    } catch (e) {
      throw new PrepError(`cannot record ${use.file} as used (${entry}${reason(e)})`);
    } finally {
      closeSync(fd);
    }
    syncDirectory(dirname(entry));
    return entry;
  }

  private partyDir(party: number): string {
    return join(this.dir, "used", `party${party}`);
  }

  private entry(use: DealUse): string {
    if (!/^[0-9A-Za-z-]{1,63}$/.test(use.dealId)) throw new PrepError(`${use.file}: the deal id is not one the ledger can record`);
    return join(this.partyDir(use.party), use.dealId);
  }
}

/** `mkdir -p` with mode 700 for what it creates, one level at a time (Node's recursive mkdir never returns under /proc). */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const found = statOrNull(at);
    if (found !== null) {
      if (!found.isDirectory()) throw new PrepError(`cannot use the state directory ${dir}: ${at} is not a directory`);
      break;
    }
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST")
        throw new PrepError(`cannot create the state directory ${dir} (${d}${reason(e)}); choose another --state-dir`);
    }
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    throw new PrepError(`cannot use ${path}${reason(e)}`);
  }
}

/** The first kilobytes of an entry: enough for its date, whatever someone put there. */
function readHead(path: string): string {
  try {
    const fd = openSync(path, "r");
    try {
      const buffer = Buffer.alloc(4096);
      return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}

/** A new entry survives a crash only once its directory is flushed too. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot flush a directory; the entry itself is on disk.
  }
}
