import fc from "fast-check";
import { pack, unpack } from "msgpackr";
import { describe, expect, it } from "vitest";
import { decodeProgram, encodeProgram, sha256 } from "../../vm/bytecode/codec.js";
import { BytecodeError } from "../../vm/bytecode/errors.js";
import { compile } from "../helpers.js";
import { CHAIN } from "../net/mesh-helpers.js";
import { byteMutation, fieldMutation, mutateBytes, mutateRecord, RUNS } from "./mutate.js";

/** Two small programs' files: every instruction kind, inputs of both types, a division, outputs. */
const valid = [
  compile("x = input(sfix[4], party=0)\ny = input(sfix[4], party=1)\noutput(sum(x) / 8 + sum(y * y), name='m')\n"),
  compile(CHAIN, {}, "chain.mpc"),
].map((loaded) => encodeProgram(loaded.program).bytes);

/** The reader either returns a program or refuses the file with a BytecodeError and a message. */
function readsOrRefuses(bytes: Uint8Array): void {
  try {
    decodeProgram(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(BytecodeError);
    expect((e as Error).message.length).toBeGreaterThan(0);
  }
}

/** A damaged body, re-sealed with a correct hash so the damage reaches the field readers and the validator. */
function resealed(file: Uint8Array, mutate: (body: Record<string, unknown>) => void): Uint8Array {
  const outer = unpack(file) as Record<string, unknown>;
  const body = unpack(outer.body as Uint8Array) as Record<string, unknown>;
  mutate(body);
  const packed = pack(body);
  return pack({ ...outer, body: packed, hash: sha256(packed) });
}

describe("the bytecode reader, fuzzed", () => {
  it("decodes the valid files it is mutated from", () => {
    for (const file of valid) expect(() => decodeProgram(file)).not.toThrow();
  });

  it("refuses random bytes with a BytecodeError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => readsOrRefuses(bytes)),
      RUNS,
    );
  });

  it("refuses byte-damaged files with a BytecodeError", () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(byteMutation, { minLength: 1, maxLength: 5 }), (file, ms) => readsOrRefuses(mutateBytes(file, ms))),
      RUNS,
    );
  });

  it("refuses files with damaged fields behind a valid hash, or reads them as valid programs", () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(fieldMutation, { minLength: 1, maxLength: 3 }), (file, ms) => {
        readsOrRefuses(resealed(file, (body) => ms.forEach((m) => mutateRecord(body, m))));
      }),
      { numRuns: 500 },
    );
  });

  it("refuses instructions and register tables with damaged words, or reads them as valid programs", () => {
    const words = fc.record({
      field: fc.constantFrom("code", "registerLength", "lines"),
      at: fc.nat(),
      value: fc.oneof(fc.integer({ min: -3, max: 40 }), fc.integer()),
    });
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(words, { minLength: 1, maxLength: 3 }), (file, ms) => {
        readsOrRefuses(
          resealed(file, (body) => {
            for (const m of ms) {
              const bytes = Uint8Array.from(body[m.field] as Uint8Array);
              const table = new Int32Array(bytes.buffer);
              if (table.length > 0) table[m.at % table.length] = m.value;
              body[m.field] = bytes;
            }
          }),
        );
      }),
      { numRuns: 500 },
    );
  });
});
