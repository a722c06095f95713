import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPrep, writePrep } from "../../../vm/files.js";
import { type DealUse, defaultStateDir, Ledger } from "../../../vm/preprocessing/ledger.js";
import { PrepError } from "../../../vm/preprocessing/store.js";
import { everyKind } from "./prep-files.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-ledger-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const loaded = everyKind();
let n = 0;
const fresh = (name: string): string => join(dir, `${name}-${n++}`);

/** A deal dealt into a folder, and what party `party`'s run would record of it. */
function dealt(party: number): { prep: string; use: DealUse } {
  const prep = fresh("prep");
  writePrep(loaded, prep);
  const file = loadPrep(loaded, party, prep);
  return { prep, use: { dealId: file.header.dealId, party, programHash: loaded.hash, file: file.path } };
}

describe("the ledger of used deals", () => {
  it("refuses a deal once recorded, for a copy of its file anywhere, naming the file, when, and the entry", () => {
    const ledger = Ledger.open(fresh("state"));
    const { prep, use } = dealt(1);
    ledger.refuseIfUsed(use);
    const entry = ledger.record(use);
    expect(JSON.parse(readFileSync(entry, "utf8"))).toMatchObject({ dealId: use.dealId, party: 1, programHash: loaded.hash });
    const copy = fresh("copied");
    cpSync(prep, copy, { recursive: true });
    const again = loadPrep(loaded, 1, copy);
    const copied = { ...use, file: again.path };
    expect(again.header.dealId).toBe(use.dealId);
    expect(() => ledger.refuseIfUsed(copied)).toThrow(PrepError);
    expect(() => ledger.refuseIfUsed(copied)).toThrow(
      new RegExp(
        `^${again.path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is from deal [0-9a-f]{12}…, which party 1 already used in a run at \\d{4}-\\d\\d-\\d\\dT.* \\(.*${use.dealId}\\); using preprocessing twice breaks the secrecy of both runs: deal new files with mpcvm preprocess$`,
      ),
    );
  });

  it("keeps each party's record apart: the deal's other files stay usable", () => {
    const ledger = Ledger.open(fresh("state"));
    const { use } = dealt(0);
    ledger.record(use);
    expect(() => ledger.refuseIfUsed({ ...use, party: 2 })).not.toThrow();
  });

  it("lets only the first of two runs started together record the deal", () => {
    const ledger = Ledger.open(fresh("state"));
    const { use } = dealt(2);
    ledger.refuseIfUsed(use);
    ledger.refuseIfUsed(use);
    ledger.record(use);
    expect(() => ledger.record(use)).toThrow(/is being used by another run of party 2/);
  });

  it("creates its state directory and any missing parents, mode 700, but refuses one it cannot create", () => {
    const base = fresh("home");
    const state = join(base, "a", "b", "mpcvm");
    const ledger = Ledger.open(state);
    ledger.checkWritable(0);
    for (const d of [base, join(base, "a"), join(base, "a", "b"), state]) expect(statSync(d).mode & 0o777).toBe(0o700);
    expect(ledger.warning).toBeNull();
    expect(() => Ledger.open("/proc/nope/mpcvm")).toThrow(/^cannot create the state directory \/proc\/nope\/mpcvm/);
    const file = fresh("a-file");
    writeFileSync(file, "");
    expect(() => Ledger.open(join(file, "mpcvm"))).toThrow(/is not a directory$/);
  });

  it("refuses, before any run, a state directory it cannot write", () => {
    const state = fresh("locked");
    Ledger.open(state);
    chmodSync(state, 0o500);
    const unwritable = process.getuid?.() === 0 ? "/sys" : state;
    expect(() => Ledger.open(unwritable).checkWritable(0)).toThrow(
      /^cannot (record used preprocessing in|create the state directory) .*(permission denied|EACCES)/,
    );
  });

  it("warns when other users could erase its entries", () => {
    const state = fresh("open");
    Ledger.open(state);
    chmodSync(state, 0o777);
    expect(Ledger.open(state).warning).toMatch(/can be written by other users/);
  });

  it("lives in $XDG_STATE_HOME/mpcvm, else ~/.local/state/mpcvm", () => {
    expect(defaultStateDir({ XDG_STATE_HOME: "/var/lib/x", HOME: "/home/a" })).toBe("/var/lib/x/mpcvm");
    expect(defaultStateDir({ XDG_STATE_HOME: "relative", HOME: "/home/a" })).toBe("/home/a/.local/state/mpcvm");
    expect(defaultStateDir({ HOME: "/home/a" })).toBe("/home/a/.local/state/mpcvm");
    expect(defaultStateDir({ HOME: "" })).toBeNull();
  });
});
