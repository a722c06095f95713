// Where the tools write: a file named by --output/-o (checked before any work, replaced atomically
// by a rename in its own directory), standard output for '-', or a directory named by --out.

import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, type Stats, statSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** A file this tool was asked to write cannot be written (a missing directory or permission, a device, a full disk). */
export class WriteError extends Error {}

/** Standard output, or a regular file (after symbolic links) in a directory this process can write. */
export type OutputTarget = { readonly stdout: true } | { readonly stdout: false; readonly path: string; readonly shown: string };

export const STDOUT: OutputTarget = { stdout: true };

/**
 * Checks where `--output PATH` would go, before anything is computed or sent: `-` is standard
 * output; otherwise the path must be a regular file or not exist yet, in an existing directory
 * this process can create files in (tried by creating one). Nothing is created on the way.
 */
export function outputTarget(path: string): OutputTarget {
  if (path === "-") return STDOUT;
  if (path === "") throw new WriteError("the output path is empty (give a file name, or - for standard output)");
  const link = statOrNull(path, lstatSync);
  if (link === null) {
    checkDirectory(dirname(path), path);
    return { stdout: false, path, shown: path };
  }
  const target = statOrNull(path, statSync);
  if (target === null) throw new WriteError(`cannot write ${path}: it is a symbolic link to a file that does not exist`);
  if (!target.isFile())
    throw new WriteError(
      `cannot write ${path}: it is ${special(target)}, not a regular file${target.isDirectory() ? "" : " (use - to write to standard output)"}`,
    );
  // Replace the file a link points to, not the link: a rename over the link would leave the target stale.
  const real = link.isSymbolicLink() ? realpathSync.native(path) : path;
  checkDirectory(dirname(real), path);
  return { stdout: false, path: real, shown: path };
}

/** Writes the whole of `data` to the target: standard output, or the file atomically. */
export function writeOutput(target: OutputTarget, data: Uint8Array | string, mode = 0o644): void {
  if (target.stdout) {
    process.stdout.write(data);
    return;
  }
  writeAtomically(target.path, data, mode, target.shown);
}

/**
 * A directory to write files into (`--out DIR`): an existing one must be a directory this process
 * can write; a missing one is created (mode 700, it will hold keys or preprocessing) if its parent
 * exists, but never a chain of missing folders, so a misspelt path is an error.
 */
export function outputDirectory(dir: string): string {
  if (dir === "") throw new WriteError("the output directory is empty");
  const found = statOrNull(dir, statSync);
  if (found === null) {
    const parent = dirname(resolve(dir));
    const up = statOrNull(parent, statSync);
    if (up === null || !up.isDirectory()) throw new WriteError(`cannot create the directory ${dir}: ${parent} does not exist (create it first)`);
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      // Another process (a second `mpcvm keys` started beside this one) may just have made it.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || statOrNull(dir, statSync)?.isDirectory() !== true) {
        throw new WriteError(`cannot create the directory ${dir}${reason(e)}`);
      }
    }
  } else if (!found.isDirectory()) {
    throw new WriteError(`${dir} is ${special(found)}, not a directory`);
  }
  probe(dir, dir);
  return dir;
}

/**
 * Writes via a temporary file in the same directory, flushed to disk, then renamed over `path`, so
 * a reader (or a crash) never sees half a file. The directory must exist: it is never created.
 */
export function writeAtomically(path: string, data: Uint8Array | string, mode = 0o644, shown = path): void {
  const temp = tempBeside(path);
  try {
    const fd = openSync(temp, "wx", mode);
    try {
      const bytes = typeof data === "string" ? Buffer.from(data) : data;
      writeAll(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    removeQuietly(temp);
    throw new WriteError(`cannot write ${shown}${reason(e)}`);
  }
}

/** A hidden name in `path`'s directory that no other writer picks. */
export function tempBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}

export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at, bytes.byteLength - at);
}

export function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was created there (its folder is not a folder): nothing to clean up.
  }
}

/** ": permission denied" and the like, for a failed file operation. */
export function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    ENOSPC: "the disk is full",
    EDQUOT: "the disk quota is used up",
    EISDIR: "it is a directory",
    ENOENT: "its directory does not exist",
    ENOTDIR: "a part of its path is not a directory",
  };
  return code === undefined ? "" : `: ${known[code] ?? code}`;
}

function checkDirectory(dir: string, path: string): void {
  const found = statOrNull(dir, statSync);
  if (found === null) throw new WriteError(`cannot write ${path}: the directory ${dir} does not exist (create it first; it is not created for you)`);
  if (!found.isDirectory()) throw new WriteError(`cannot write ${path}: ${dir} is not a directory`);
  probe(dir, path);
}

/** Creating a file is the only reliable test: permissions, read-only mounts and /proc all say no here. */
function probe(dir: string, path: string): void {
  const temp = join(dir, `.mpc-probe-${randomBytes(6).toString("hex")}.tmp`);
  try {
    closeSync(openSync(temp, "wx", 0o600));
  } catch (e) {
    throw new WriteError(`cannot write ${path}: cannot create files in ${dir}${reason(e)}`);
  }
  removeQuietly(temp);
}

function statOrNull(path: string, stat: (p: string) => Stats): Stats | null {
  try {
    return stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw new WriteError(`cannot write ${path}${reason(e)}`);
  }
}

function special(s: Stats): string {
  if (s.isFile()) return "a regular file";
  if (s.isDirectory()) return "a directory";
  if (s.isFIFO()) return "a pipe";
  if (s.isSocket()) return "a socket";
  if (s.isCharacterDevice() || s.isBlockDevice()) return "a device";
  return "a special file";
}
