import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodePartyInputs, InputError, tokenizeInput } from "../../vm/machine/inputs.js";
import { ConfigError, parsePartiesConfig } from "../../vm/net/config.js";
import { compile } from "../helpers.js";
import { RUNS, wireValue } from "./mutate.js";

const entry = fc.record(
  {
    host: fc.oneof(fc.constantFrom("127.0.0.1", "a.example.org", ""), wireValue),
    port: fc.oneof(fc.integer({ min: -1, max: 70000 }), wireValue),
    name: wireValue,
    fingerprint: fc.oneof(fc.stringMatching(/^(sha256:)?([0-9A-F]{2}:){31}[0-9A-F]{2}$/), wireValue),
    certificate: wireValue,
    commonName: wireValue,
  },
  { requiredKeys: [] },
);

describe("the parties.json reader, fuzzed", () => {
  it("returns a checked configuration or a ConfigError naming the file", () => {
    fc.assert(
      fc.property(fc.oneof(fc.record({ parties: fc.array(entry, { maxLength: 4 }), ca: fc.option(wireValue) }), wireValue), (json) => {
        try {
          const config = parsePartiesConfig(json, "parties.json");
          for (const p of config.parties) expect(Number.isInteger(p.port) && typeof p.host === "string").toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
          expect((e as Error).message).toMatch(/^parties\.json/);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("the input file reader, fuzzed", () => {
  const loaded = compile("x = input(sfix[2], party=0)\nn = input(sint, party=0)\noutput(sum(x) * n, name='s')\n");

  it("returns values or an InputError naming the file", () => {
    const numberish = fc.array(
      fc.constantFrom("1", "-2", "3.5", "1e3", "1e400", "9223372036854775808", ".5", "+", "x", ",", " ", "\n", "#", ";", "\t", "\r\n"),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          numberish.map((p) => p.join("")),
          fc.string({ maxLength: 80 }),
        ),
        (text) => {
          try {
            const values = encodePartyInputs(loaded.program, 0, tokenizeInput(text, "in.csv"), "in.csv");
            expect(values.size).toBe(2);
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            expect((e as Error).message).toMatch(/^in\.csv/);
          }
        },
      ),
      RUNS,
    );
  });
});
