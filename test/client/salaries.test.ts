// Must show (issue 9): three compute parties over real sockets on 127.0.0.1 (TLS with pinned
// certificates), two clients submitting salaries, a third fetching the average. The result equals
// the cleartext average, and no message any party receives holds a salary (or the average) in clear.

import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchOutputs, submitInputs } from "../../client/index.js";
import type { Vec } from "../../vm/domain/ring64.js";
import { encodeClientInputs, tokenizeInput } from "../../vm/machine/inputs.js";
import { decodeOutputs } from "../../vm/machine/outputs.js";
import { emulate } from "../../vm/machine/party.js";
import { World } from "./world.js";

const N = 40;
const SOURCE = `N = ${N}
a = input(sfix[N], client="company_a", bounds=(0, 1000000))
b = input(sfix[N], client="company_b", bounds=(0, 1000000))
output((sum(a) + sum(b)) / (2 * N), name="average", to_client="analyst")
`;
/** Input rounding (2^-17 each on average) and the floor of the division (2^-16). */
const ERROR_BOUND = 2 * 2 ** -16;

function salaries(): number[] {
  return Array.from({ length: N }, () => randomInt(3_000_000, 15_000_000) / 100);
}

/** The 8 little-endian bytes of a value's fixed-point ring element, as a share would carry it in clear. */
function ringBytes(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt.asUintN(64, BigInt(Math.round(value * 2 ** 16))));
  return bytes;
}

describe("clients over real sockets: two companies submit salaries, an analyst fetches the average", () => {
  let world: World;
  beforeAll(async () => {
    world = await World.create({ source: SOURCE, tls: true });
  });
  afterAll(() => world.close());

  it("gives the analyst the cleartext average; no party receives a salary or the average in clear", async () => {
    const a = salaries();
    const b = salaries();
    const parties = await world.start();
    const common = { program: world.bytecode, parties: world.partiesPath, timeoutMs: 20_000 };
    // The analyst may ask first: each party holds its answer until the computation is done.
    const fetched = fetchOutputs({ ...common, client: "analyst", key: world.keyPath("analyst") });
    const receipts = await Promise.all([
      submitInputs({ ...common, client: "company_a", key: world.keyPath("company_a"), inputs: a }),
      submitInputs({ ...common, client: "company_b", key: world.keyPath("company_b"), inputs: { csv: b.join("\n"), name: "b.csv" } }),
    ]);
    expect(receipts.map((r) => r.client)).toEqual(["company_a", "company_b"]);
    const outputs = await fetched;
    const results = await Promise.all(parties.map((p) => p.result));

    const exact = [...a, ...b].reduce((x, y) => x + y, 0) / (2 * N);
    const { program } = world.loaded;
    const clear = new Map<number, Vec>([
      ...encodeClientInputs(program, "company_a", tokenizeInput(a.join(","), "a"), "a"),
      ...encodeClientInputs(program, "company_b", tokenizeInput(b.join(","), "b"), "b"),
    ]);
    const emulated = decodeOutputs(program, await emulate(world.loaded, clear, () => {}));
    expect(outputs).toEqual(emulated);
    expect(Math.abs((outputs.average as number) - exact)).toBeLessThan(ERROR_BOUND);

    const secrets = [...a, ...b, outputs.average as number];
    // The check below would see a value sent in clear: the clear encoding of the inputs holds every salary.
    const inClear = Buffer.from(clear.get(0)!.buffer);
    expect(a.every((v) => inClear.includes(ringBytes(v)))).toBe(true);
    for (const [p, party] of parties.entries()) {
      // No party learned the average: it holds only a share of it, for the analyst.
      expect(decodeOutputs(program, results[p]!.outputs)).toEqual({});
      expect([...results[p]!.clientOutputs.keys()]).toEqual([0]);
      // What it received: a submission (N shares) from each company, and round messages from both peers.
      const binary = party.received.filter((r) => typeof r.message !== "string");
      expect(binary.filter((r) => r.from.startsWith("client")).map((r) => [r.from, r.message.length])).toEqual(
        expect.arrayContaining([
          ["client company_a", 8 * N],
          ["client company_b", 8 * N],
        ]),
      );
      expect(new Set(binary.filter((r) => r.from.startsWith("party")).map((r) => r.from))).toEqual(
        new Set([0, 1, 2].filter((q) => q !== p).map((q) => `party ${q}`)),
      );
      for (const { from, message } of party.received) {
        const bytes = Buffer.from(message);
        for (const v of secrets) {
          expect(bytes.includes(ringBytes(v)), `party ${p} received ${v} in clear from ${from}`).toBe(false);
          expect(bytes.includes(Buffer.from(String(v))), `party ${p} received the text ${v} from ${from}`).toBe(false);
        }
      }
      expect(party.events.map((e) => e.event)).toEqual(expect.arrayContaining(["clients-listening", "client-submitted", "client-fetched"]));
    }
  });
});
