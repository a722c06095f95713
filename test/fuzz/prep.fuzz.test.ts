import fc from "fast-check";
import { pack, unpack } from "msgpackr";
import { describe, expect, it } from "vitest";
import { ringOf } from "../../vm/domain/ring.js";
import { deal } from "../../vm/preprocessing/dealer.js";
import { decodePrepFile, encodePrepFile, PrepError } from "../../vm/preprocessing/store.js";
import { compile } from "../helpers.js";
import { byteMutation, fieldMutation, mutateBytes, mutateRecord, RUNS } from "./mutate.js";

const loaded = compile("x = input(sfix[3], party=0)\ny = input(sfix[3], party=1)\noutput(sum(x * y) / 7, name='m')\n");
const expect0 = { programHash: loaded.hash, party: 0, parties: 2 };
const ring = ringOf(loaded.program.domain);
const valid = encodePrepFile(ring, { ...expect0, dealId: "00ff".repeat(8) }, deal(ring, loaded.program.preprocessing, 2)[0]!);

/** The reader either returns material or refuses the file with a PrepError naming it. */
function readsOrRefuses(bytes: Uint8Array): void {
  try {
    const prep = decodePrepFile(ring, bytes, expect0, "party0.prep");
    prep.material.inventory();
  } catch (e) {
    expect(e).toBeInstanceOf(PrepError);
    expect((e as Error).message).toMatch(/^party0\.prep /);
  }
}

describe("the preprocessing reader, fuzzed", () => {
  it("reads the valid file it is mutated from", () => {
    expect(decodePrepFile(ring, valid, expect0, "party0.prep").material.inventory().length).toBe(loaded.program.preprocessing.length);
  });

  it("refuses random bytes with a PrepError", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), readsOrRefuses), RUNS);
  });

  it("refuses byte-damaged files with a PrepError", () => {
    fc.assert(
      fc.property(fc.array(byteMutation, { minLength: 1, maxLength: 5 }), (ms) => readsOrRefuses(mutateBytes(valid, ms))),
      RUNS,
    );
  });

  it("refuses files with damaged fields, or reads them", () => {
    fc.assert(
      fc.property(fc.array(fieldMutation, { minLength: 1, maxLength: 3 }), (ms) => {
        const record = unpack(valid) as Record<string, unknown>;
        ms.forEach((m) => mutateRecord(record, m));
        readsOrRefuses(pack(record));
      }),
      { numRuns: 500 },
    );
  });
});
