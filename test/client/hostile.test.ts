// A party's client port against what a stranger, a confused client or an impostor may do, and a
// client against a party that is not the one parties.json names (TLS with pinned certificates).

import { get } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { submitInputs } from "../../client/index.js";
import type { ClientError } from "../../client/errors.js";
import { submitTo } from "../../client/session.js";
import { World, type RunningParty } from "./world.js";

const SOURCE = `a = input(sint[2], client="company_a")
output(sum(a), name="total", to_client="analyst")
`;

/** What a party says to a raw connection that sends `messages`, until it closes the connection. */
function converse(port: number, tls: boolean, messages: Array<string | Uint8Array>): Promise<string[]> {
  return new Promise((resolve) => {
    const heard: string[] = [];
    const ws = new WebSocket(`${tls ? "wss" : "ws"}://127.0.0.1:${port}/`, { rejectUnauthorized: false });
    ws.on("message", (data, isBinary) => {
      heard.push(isBinary ? `<${(data as Buffer).length} bytes>` : data.toString());
      const next = messages.shift();
      if (next !== undefined) ws.send(next);
    });
    ws.on("error", () => undefined);
    ws.on("close", () => resolve(heard));
  });
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure, but it succeeded");
}

describe("a party's client port, over TLS with pinned certificates", () => {
  let world: World;
  let port: number;
  let parties: RunningParty[];
  beforeAll(async () => {
    world = await World.create({ source: SOURCE, tls: true });
    parties = await world.start({ clientTimeoutMs: 20_000 });
    port = world.config.parties[0]!.clientPort!;
  });
  afterAll(() => world.close());

  it("challenges a stranger, then refuses anything but a well-formed signed hello", async () => {
    const [challenge, ...rest] = await converse(port, true, [new Uint8Array(8)]);
    expect(JSON.parse(challenge!)).toMatchObject({ type: "challenge", protocol: 1, party: 0, programHash: world.loaded.hash });
    expect(rest).toEqual([JSON.stringify({ type: "refused", reason: "the first message must be a client hello" })]);
    const hello = { type: "hello", protocol: 1, client: "company_a", intent: "submit", submission: "ab".repeat(16), signature: "AAAA" };
    expect((await converse(port, true, [JSON.stringify(hello)]))[1]).toMatch(
      /the signature does not verify with the key parties\.json names for client company_a/,
    );
    expect((await converse(port, true, [JSON.stringify({ ...hello, protocol: 9 })]))[1]).toMatch(
      /the client speaks protocol version 9, but this party speaks version 1/,
    );
    expect((await converse(port, true, ["{not json"]))[1]).toMatch(/the first message must be a client hello/);
  });

  it("answers a plain HTTPS request with a pointer, not a page", async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      get({ host: "127.0.0.1", port, path: "/", rejectUnauthorized: false }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      }).on("error", reject);
    });
    expect(answer).toEqual({ status: 426, body: "This is an MPC party's client port: use mpcvm submit or mpcvm fetch.\n" });
  });

  it("a client refuses a party whose certificate is not the one its parties.json names, and sends no share to any", async () => {
    const binary = () => parties[2]!.received.filter((r) => r.from.startsWith("client") && typeof r.message !== "string").length;
    const before = binary();
    const swapped = world.partiesWith("swapped.json", (json) => {
      const [a, b] = [json.parties[0]!.fingerprint, json.parties[1]!.fingerprint];
      json.parties[0]!.fingerprint = b;
      json.parties[1]!.fingerprint = a;
    });
    const error = await failureOf(
      submitInputs({ program: world.bytecode, parties: swapped, client: "company_a", key: world.keyPath("company_a"), inputs: [1, 2], timeoutMs: 5000 }),
    );
    expect((error as ClientError).kind).toBe("refused");
    expect(error.message).toMatch(
      /^party [01] \(org [01]\) at 127\.0\.0\.1:\d+ is not the party parties\.json names: its certificate is sha256:[0-9A-F:]+…, not sha256:[0-9A-F:]+…/,
    );
    expect(error.message).not.toMatch(/accepted this submission/);
    // Party 2 is who parties.json says, but no share went out: the client first checked every party.
    expect(binary()).toBe(before);
  });

  it("a client refuses plain ws:// to another machine unless told --insecure", async () => {
    const plain = world.partiesWith("plain.json", (json) => {
      for (const p of json.parties) delete p.fingerprint;
      json.parties[2]!.host = "192.0.2.7";
    });
    const error = await failureOf(
      submitInputs({ program: world.bytecode, parties: plain, client: "company_a", key: world.keyPath("company_a"), inputs: [1, 2] }),
    );
    expect(error.message).toMatch(/^parties\.json names no certificates, and 192\.0\.2\.7 is not this machine: shares would cross the network unencrypted/);
  });

  it("refuses shares of the wrong size, and then still takes the client's proper submission", async () => {
    const short = await failureOf(submitTo(await world.conversation("company_a"), [5n]));
    expect(short.message).toBe("every party refused: its shares hold 8 bytes, but its inputs need 16");
    const receipt = await submitInputs({
      program: world.bytecode,
      parties: world.partiesPath,
      client: "company_a",
      key: world.keyPath("company_a"),
      inputs: [1, 2],
      timeoutMs: 5000,
    });
    expect(receipt.repeated).toEqual([]);
  });
});
