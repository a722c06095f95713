// Clients under every protocol: two companies submit salaries through the SDK (each party gets its
// shares in the protocol's own form), an analyst fetches the average; it equals the emulator's.

import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fetchOutputs, submitInputs } from "../../client/index.js";
import type { Vec } from "../../vm/domain/ring64.js";
import { encodeClientInputs, tokenizeInput } from "../../vm/machine/inputs.js";
import { decodeOutputs } from "../../vm/machine/outputs.js";
import { emulate } from "../../vm/machine/party.js";
import type { ProtocolName } from "../../vm/protocol/protocol.js";
import { World } from "./world.js";

const N = 12;
const SOURCE = `N = ${N}
a = input(sfix[N], client="company_a", bounds=(0, 1000000))
b = input(sint[N], client="company_b", bounds=(0, 1000000))
output((sum(a) + sum(b)) / (2 * N), name="average", to_client="analyst")
output(sum(a < b), name="below", to_client="company_a")
`;

const CASES: ReadonlyArray<{ protocol: ProtocolName; parties: number }> = [
  { protocol: "replicated", parties: 3 },
  { protocol: "shamir", parties: 3 },
  { protocol: "shamir", parties: 5 },
];

describe("clients' inputs and outputs under every protocol", () => {
  for (const { protocol, parties } of CASES) {
    it(`${protocol}, ${parties} parties: the analyst and company_a get what the emulator gives`, async () => {
      const world = await World.create({ source: SOURCE, protocol, parties });
      try {
        const a = Array.from({ length: N }, () => randomInt(30_000, 150_000));
        const b = Array.from({ length: N }, () => randomInt(30_000, 150_000));
        const running = await world.start();
        const common = { program: world.bytecode, parties: world.partiesPath, timeoutMs: 30_000 };
        const analyst = fetchOutputs({ ...common, client: "analyst", key: world.keyPath("analyst") });
        await Promise.all([
          submitInputs({ ...common, client: "company_a", key: world.keyPath("company_a"), inputs: a }),
          submitInputs({ ...common, client: "company_b", key: world.keyPath("company_b"), inputs: b }),
        ]);
        const companyA = await fetchOutputs({ ...common, client: "company_a", key: world.keyPath("company_a") });
        const got = { ...(await analyst), ...companyA };
        await Promise.all(running.map((p) => p.result));
        const { program } = world.loaded;
        const clear = new Map<number, Vec>([
          ...encodeClientInputs(program, "company_a", tokenizeInput(a.join(","), "a"), "a"),
          ...encodeClientInputs(program, "company_b", tokenizeInput(b.join(","), "b"), "b"),
        ]);
        expect(got).toEqual(decodeOutputs(program, await emulate(world.loaded, clear, () => {})));
      } finally {
        world.close();
      }
    });
  }
});
