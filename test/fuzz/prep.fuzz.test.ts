import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ringOf } from "../../vm/domain/ring.js";
import { readPrep } from "../../vm/preprocessing/reader.js";
import { PrepError, writeDeal } from "../../vm/preprocessing/store.js";
import { compile } from "../helpers.js";
import { expectation, fileBytes, memorySource } from "../vm/preprocessing/prep-files.js";
import { byteMutation, mutateBytes, RUNS } from "./mutate.js";

const loaded = compile("x = input(sfix[3], party=0)\ny = input(sfix[3], party=1)\noutput(sum(x * y) / 7, name='m')\n");
const ring = ringOf(loaded.program.domain);
const dir = mkdtempSync(join(tmpdir(), "mpc-prep-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const valid = fileBytes(writeDeal(ring, { programHash: loaded.hash, parties: 2, needs: loaded.program.preprocessing }, dir, { chunkBytes: 256 })[0]!);

function read(bytes: Uint8Array): void {
  readPrep(ring, memorySource(bytes), expectation(loaded, 0), "party0.prep").material.inventory();
}

/** Refused with a PrepError naming the file, unless the bytes are the valid file's. */
function refusedUnlessUnchanged(bytes: Uint8Array): void {
  if (Buffer.from(bytes).equals(valid)) return void read(bytes);
  expect(() => read(bytes)).toThrow(PrepError);
  expect(() => read(bytes)).toThrow(/^party0\.prep /);
}

describe("the preprocessing reader, fuzzed", () => {
  it("reads the valid file it is mutated from", () => {
    expect(() => read(valid)).not.toThrow();
  });

  it("refuses random bytes with a PrepError", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), refusedUnlessUnchanged), RUNS);
  });

  it("refuses every damaged file: flips, cuts, insertions, overwrites", () => {
    fc.assert(
      fc.property(fc.array(byteMutation, { minLength: 1, maxLength: 5 }), (ms) => refusedUnlessUnchanged(mutateBytes(valid, ms))),
      RUNS,
    );
  });
});
