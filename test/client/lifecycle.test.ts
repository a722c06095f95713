// Must show (issue 9): a client that misses its deadline, a second submission, and a client with an
// unknown name each end with a clear error; parties holding different submissions refuse each other.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchOutputs, submitInputs } from "../../client/index.js";
import { ClientError } from "../../client/errors.js";
import { submitTo } from "../../client/session.js";
import { ClientMissing } from "../../vm/net/client-desk.js";
import { RefusedError } from "../../vm/net/errors.js";
import { World } from "./world.js";

const SOURCE = `N = 3
a = input(sint[N], client="company_a")
b = input(sint[N], client="company_b")
output(sum(a) + sum(b), name="total", to_client="analyst")
`;

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure, but it succeeded");
}

describe("a client's lifecycle errors", () => {
  let world: World;
  let common: { program: string; parties: string; timeoutMs: number };
  const as = (client: string, key = client) => ({ ...common, client, key: world.keyPath(key) });

  beforeAll(async () => {
    world = await World.create({ source: SOURCE });
    common = { program: world.bytecode, parties: world.partiesPath, timeoutMs: 10_000 };
  });
  afterAll(() => world.close());

  it("a client that misses the deadline stops every party with an error naming it; a waiting fetch learns why", async () => {
    const parties = await world.start({ clientTimeoutMs: 1500 });
    const fetching = failureOf(fetchOutputs(as("analyst")));
    await submitInputs({ ...as("company_a"), inputs: [1, 2, 3] });
    for (const p of parties) {
      const error = await failureOf(p.result);
      expect(error).toBeInstanceOf(ClientMissing);
      expect(error.message).toBe("no inputs from client company_b within 1.5 s (--client-timeout): the run cannot start without them");
    }
    const error = await fetching;
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).kind).toBe("failed");
    expect(error.message).toBe(
      "every party says the computation failed: no inputs from client company_b within 1.5 s (--client-timeout): the run cannot start without them",
    );
  });

  it("refuses a second submission at every party, names an unknown client, and computes with the first submission", async () => {
    const parties = await world.start();
    const first = await submitInputs({ ...as("company_a"), inputs: [1, 2, 3] });
    const second = await failureOf(submitInputs({ ...as("company_a"), inputs: [100, 200, 300] }));
    expect((second as ClientError).kind).toBe("refused");
    expect(second.message).toBe(
      `every party refused: client company_a has already submitted its inputs for this run (submission ${first.submission.slice(0, 12)}…); a client submits once per run`,
    );

    // An unknown name: the client's own program says so before any connection...
    const unknown = await failureOf(submitInputs({ ...as("hospital_x", "company_a"), inputs: [1, 2, 3] }));
    expect((unknown as ClientError).kind).toBe("usage");
    expect(unknown.message).toBe(`${world.bytecode} (prog.mpc) has no client named 'hospital_x': its clients are company_a, company_b, analyst`);
    // ...and a party refuses a hello naming it, as it refuses a hello signed with another client's key.
    const forged = await failureOf(submitTo(await world.conversation("hospital_x", { key: "company_b", inputsOf: "company_a" }), [1n, 2n, 3n]));
    expect(forged.message).toBe("every party refused: the program has no client named 'hospital_x'");
    const wrongKey = await failureOf(submitTo(await world.conversation("company_b", { key: "analyst" }), [1n, 2n, 3n]));
    expect(wrongKey.message).toBe("every party refused: the signature does not verify with the key parties.json names for client company_b");
    const noOutputs = await failureOf(fetchOutputs(as("company_b")));
    expect(noOutputs.message).toBe(`client company_b receives no outputs from ${world.bytecode}`);

    await submitInputs({ ...as("company_b"), inputs: [10, 20, 30] });
    expect(await fetchOutputs(as("analyst"))).toEqual({ total: 66 });
    await Promise.all(parties.map((p) => p.result));
  });

  it("parties holding different submissions of a client refuse to compute together, naming the client", async () => {
    const parties = await world.start({ connectTimeoutMs: 2000 });
    await submitTo(await world.conversation("company_a", { endpoints: (all) => all.slice(0, 2) }), [1n, 2n, 3n]);
    await submitTo(await world.conversation("company_a", { endpoints: (all) => all.slice(2) }), [1n, 2n, 3n]);
    await submitInputs({ ...as("company_b"), inputs: [10, 20, 30] });
    for (const p of parties) {
      const error = await failureOf(p.result);
      expect(error).toBeInstanceOf(RefusedError);
      expect(error.message).toMatch(
        /party 2 runs with a different submission from client company_a \([0-9a-f]{12}… vs [0-9a-f]{12}…\): the client submitted more than once, or not to every party; restart every party and submit again/,
      );
    }
  });
});
