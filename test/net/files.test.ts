import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPrep, WriteError, writeAtomically, writePrep } from "../../vm/files.js";
import { PrepError } from "../../vm/preprocessing/store.js";
import { chainProgram } from "./mesh-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writing files", () => {
  it("replaces a file whole, leaving no temporary file, with the mode asked for", () => {
    const path = join(dir, "out", "out.json");
    writeAtomically(path, '{"a": 1}\n');
    writeAtomically(path, '{"a": 2}\n', 0o600);
    expect(readFileSync(path, "utf8")).toBe('{"a": 2}\n');
    expect(readdirSync(join(dir, "out"))).toEqual(["out.json"]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("says which file it could not write, and leaves nothing behind", () => {
    writeFileSync(join(dir, "a-file"), "");
    expect(() => writeAtomically(join(dir, "a-file", "out.json"), "x")).toThrow(WriteError);
    expect(() => writeAtomically(join(dir, "a-file", "out.json"), "x")).toThrow(/^cannot write .*a-file\/out\.json/);
  });
});

describe("a used preprocessing file", () => {
  const loaded = chainProgram(2);

  it("is marked when a run starts computing, and refused by the next run", () => {
    const prep = join(dir, "prep");
    writePrep(loaded, prep);
    const first = loadPrep(loaded, 1, prep);
    const bytes = readFileSync(join(prep, "party1.prep"));
    first.markUsed();
    expect(readFileSync(join(prep, "party1.prep"))).toEqual(bytes);
    expect(JSON.parse(readFileSync(join(prep, "party1.prep.used"), "utf8"))).toMatchObject({ party: 1, dealId: first.header.dealId, programHash: loaded.hash });
    expect(() => loadPrep(loaded, 1, prep)).toThrow(PrepError);
    expect(() => loadPrep(loaded, 1, prep)).toThrow(/party1\.prep was already used by a run at \d{4}-\d\d-\d\dT.*: deal new files with mpcvm preprocess$/);
    expect(() => loadPrep(loaded, 0, prep)).not.toThrow();
  });

  it("cannot be used by two runs started together: the second to start computing stops", () => {
    const prep = join(dir, "prep-twice");
    writePrep(loaded, prep);
    const [a, b] = [loadPrep(loaded, 0, prep), loadPrep(loaded, 0, prep)];
    a!.markUsed();
    expect(() => b!.markUsed()).toThrow(/party0\.prep is being used by another run/);
  });

  it("is usable again only through a new deal, which clears the marker", () => {
    const prep = join(dir, "prep-again");
    writePrep(loaded, prep);
    loadPrep(loaded, 2, prep).markUsed();
    writePrep(loaded, prep);
    expect(() => loadPrep(loaded, 2, prep).markUsed()).not.toThrow();
  });
});
