import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { outputDirectory, outputTarget, WriteError, writeAtomically, writeOutput } from "../../vm/output-file.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-outputs-"));
afterAll(() => {
  chmodSync(join(dir, "locked"), 0o700);
  rmSync(dir, { recursive: true, force: true });
});

/** A directory no file can be created in: a read-only one, or /sys for root (who ignores permissions). */
function unwritableDirectory(): string {
  const locked = join(dir, "locked");
  mkdirSync(locked, { recursive: true });
  chmodSync(locked, 0o500);
  return process.getuid?.() === 0 ? "/sys" : locked;
}

describe("an output path, checked before any work", () => {
  it("'-' is standard output", () => {
    expect(outputTarget("-")).toEqual({ stdout: true });
  });

  it("a new file in an existing directory, or a regular file to replace", () => {
    expect(outputTarget(join(dir, "new.json"))).toEqual({ stdout: false, path: join(dir, "new.json"), shown: join(dir, "new.json") });
    writeFileSync(join(dir, "old.json"), "{}");
    expect(outputTarget(join(dir, "old.json"))).toMatchObject({ stdout: false, path: join(dir, "old.json") });
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses a missing directory, and does not create it (under /proc, it used to hang)", () => {
    expect(() => outputTarget("/proc/nope/out.json")).toThrow(WriteError);
    expect(() => outputTarget("/proc/nope/out.json")).toThrow(
      "cannot write /proc/nope/out.json: the directory /proc/nope does not exist (create it first; it is not created for you)",
    );
    expect(() => outputTarget(join(dir, "missing", "deeper", "out.json"))).toThrow(/the directory .*missing\/deeper does not exist/);
    expect(readdirSync(dir)).not.toContain("missing");
  });

  it("refuses a directory this process cannot create files in", () => {
    const locked = unwritableDirectory();
    expect(() => outputTarget(join(locked, "out.json"))).toThrow(
      /^cannot write .*out\.json: cannot create files in .*: (permission denied|the file system is read-only)$/,
    );
  });

  it("refuses devices, pipes and directories, leaving them as they were", () => {
    expect(() => outputTarget("/dev/null")).toThrow("cannot write /dev/null: it is a device, not a regular file (use - to write to standard output)");
    expect(() => outputTarget(dir)).toThrow(/^cannot write .*: it is a directory, not a regular file$/);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(lstatSync("/dev/stdout").isSymbolicLink()).toBe(true);
  });

  it("writes through a symbolic link to the file it names, keeping the link", () => {
    const real = join(dir, "real.json");
    writeFileSync(real, "old");
    const link = join(dir, "link.json");
    symlinkSync(real, link);
    writeOutput(outputTarget(link), "new");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real, "utf8")).toBe("new");
    symlinkSync(join(dir, "nowhere.json"), join(dir, "dangling.json"));
    expect(() => outputTarget(join(dir, "dangling.json"))).toThrow(/a symbolic link to a file that does not exist/);
  });
});

describe("writing a file", () => {
  it("replaces it whole, leaving no temporary file, with the mode asked for", () => {
    const out = join(dir, "whole");
    mkdirSync(out);
    const path = join(out, "out.json");
    writeAtomically(path, '{"a": 1}\n');
    writeAtomically(path, '{"a": 2}\n', 0o600);
    expect(readFileSync(path, "utf8")).toBe('{"a": 2}\n');
    expect(readdirSync(out)).toEqual(["out.json"]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("says which file it could not write, and leaves nothing behind", () => {
    writeFileSync(join(dir, "a-file"), "");
    expect(() => writeAtomically(join(dir, "a-file", "out.json"), "x")).toThrow(WriteError);
    expect(() => writeAtomically(join(dir, "a-file", "out.json"), "x")).toThrow(/^cannot write .*a-file\/out\.json: a part of its path is not a directory$/);
  });
});

describe("an output directory (--out)", () => {
  it("is created if only it is missing, mode 700; a missing parent, a file or an unwritable one is refused", () => {
    const made = join(dir, "made");
    expect(outputDirectory(made)).toBe(made);
    expect(statSync(made).mode & 0o777).toBe(0o700);
    expect(outputDirectory(made)).toBe(made);
    expect(() => outputDirectory(join(dir, "no", "such"))).toThrow(/^cannot create the directory .*no\/such: .*\/no does not exist \(create it first\)$/);
    expect(readdirSync(dir)).not.toContain("no");
    expect(() => outputDirectory(join(dir, "a-file"))).toThrow(/a-file is a regular file, not a directory$/);
    expect(() => outputDirectory(unwritableDirectory())).toThrow(/cannot create files in/);
  });
});
