// The client SDK's parts alone: sharing and reconstruction in both rings, reading a bytecode file,
// encoding a client's values as a party would, parties.json, and the protocol's message parsers.

import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ClientError } from "../../client/errors.js";
import { checkTransport, endpointsFrom, urlOf } from "../../client/parties.js";
import { clientOf, readClientProgram } from "../../client/program.js";
import { combine, split } from "../../vm/protocol/client-shares.js";
import { encodeInputs } from "../../client/values.js";
import { compileSource } from "../../compiler/compile.js";
import { encodeClientInputs, tokenizeInput } from "../../vm/machine/inputs.js";
import { ringOf } from "../../vm/domain/ring.js";
import { decodeProgram } from "../../vm/bytecode/codec.js";
import { helloText, parseClientMessage, parsePartyMessage } from "../../vm/net/client-protocol.js";
import { ROOT } from "../cli/run-cli.js";

const example = readFileSync(join(ROOT, "examples", "clients", "average_salary.mpc"), "utf8");

function bytecode(source: string, ringBits: 64 | 128 = 64): Uint8Array {
  const r = compileSource("prog.mpc", source, { parties: 3, ringBits });
  if (r.output === null) throw new Error("does not compile");
  return r.output.bytes;
}

async function error(promise: Promise<unknown> | (() => unknown)): Promise<ClientError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (e) {
    return e as ClientError;
  }
  throw new Error("expected an error");
}

describe("client shares", () => {
  for (const bits of [64, 128] as const) {
    it(`split then combine gives back every value, edge values included (Z_2^${bits})`, () => {
      const half = 1n << BigInt(bits - 1);
      const edges = [0n, 1n, -1n, half - 1n, -half, 123456789n * 65536n];
      fc.assert(
        fc.property(fc.array(fc.bigInt({ min: -half, max: half - 1n }), { maxLength: 20 }), fc.integer({ min: 2, max: 10 }), (values, parties) => {
          const all = [...edges, ...values];
          const shares = split(all, bits, parties);
          expect(shares).toHaveLength(parties);
          expect(shares.every((s) => s.byteLength === all.length * (bits / 8))).toBe(true);
          expect(combine(shares, bits)).toEqual(all);
        }),
        { numRuns: 50 },
      );
    });
  }

  it("gives any one party uniformly random bits, whatever the value", () => {
    const values = Array.from({ length: 4000 }, () => 0n);
    for (const share of split(values, 64, 3).slice(0, 2)) {
      const ones = [...share].reduce((n, byte) => n + byte.toString(2).split("1").length - 1, 0);
      // 256,000 fair bits: the count of ones is within 5 standard deviations (±1,265) of half.
      expect(Math.abs(ones - 128_000)).toBeLessThan(1_265);
    }
  });
});

describe("a client's program and values", () => {
  it("reads the header of a bytecode file, and names the clients when one is unknown", async () => {
    const bytes = bytecode(example);
    const program = await readClientProgram(bytes, "avg.bc");
    expect(program.hash).toBe(decodeProgram(bytes).hash);
    expect(program.clients.map((c) => c.name)).toEqual(["company_a", "company_b", "analyst"]);
    expect((await error(() => clientOf(program, "nobody", "avg.bc"))).message).toBe(
      "avg.bc (prog.mpc) has no client named 'nobody': its clients are company_a, company_b, analyst",
    );
    const damaged = bytes.slice();
    damaged[damaged.length - 3]! ^= 0xff;
    expect((await error(readClientProgram(damaged, "avg.bc"))).message).toMatch(/^avg\.bc: the bytecode file is damaged/);
    expect((await error(readClientProgram(new Uint8Array([1, 2, 3]), "x.bc"))).message).toMatch(/^x\.bc: not a bytecode file/);
  });

  for (const bits of [64, 128] as const) {
    it(`encodes values exactly as a party's VM does (Z_2^${bits})`, async () => {
      const bytes = bytecode(example, bits);
      const program = await readClientProgram(bytes);
      const csv = "52000, 61000.50, 48500\n75250.25 # a comment\n0.000007";
      const mine = encodeInputs(program, clientOf(program, "company_a"), { csv, name: "a.csv" });
      const loaded = decodeProgram(bytes);
      const vm = encodeClientInputs(loaded.program, "company_a", tokenizeInput(csv, "a.csv"), "a.csv").get(0)!;
      const ring = ringOf(loaded.program.domain);
      expect(mine).toEqual(Array.from({ length: 5 }, (_, i) => ring.signed(vm, i)));
    });
  }

  it("refuses values the program would refuse, saying where", async () => {
    const program = await readClientProgram(bytecode(example));
    const a = clientOf(program, "company_a");
    const message = async (csv: string) => (await error(() => encodeInputs(program, a, { csv, name: "a.csv" }))).message;
    expect(await message("1, 2, 3")).toBe("a.csv has 3 values, but the program reads 5 from client company_a (input() at line 6 of prog.mpc)");
    expect(await message("1, 2, 3, 4, 20000000")).toBe("a.csv:1: a value is outside the bounds (0, 10000000) that line 6 of prog.mpc declares for this input");
    expect(await message("1, 2, x, 4, 5")).toBe("a.csv:1: 'x' is not a number");
    expect((await error(() => encodeInputs(program, a, { csv: "1" }))).kind).toBe("data");
  });
});

describe("parties.json for a client", () => {
  const entry = (host: string, clientPort: number, extra = {}) => ({ host, port: clientPort + 100, clientPort, ...extra });

  it("finds each party's client port, over TLS once certificates are named", () => {
    const plain = endpointsFrom({ parties: [entry("127.0.0.1", 9200), entry("::1", 9201)] });
    expect(plain.map(urlOf)).toEqual(["ws://127.0.0.1:9200/", "ws://[::1]:9201/"]);
    const tls = endpointsFrom({ parties: [entry("a.example", 9200, { fingerprint: "x" }), entry("b.example", 9201, { fingerprint: "y" })] });
    expect(tls.map(urlOf)).toEqual(["wss://a.example:9200/", "wss://b.example:9201/"]);
    expect(() => checkTransport(tls, false)).not.toThrow();
  });

  it("needs a clientPort, and plain ws:// only to this machine", () => {
    expect(() => endpointsFrom({ parties: [{ host: "127.0.0.1", port: 1 }, entry("127.0.0.1", 9201)] })).toThrow(
      'parties.json: parties[0] needs a "clientPort", where clients reach it',
    );
    const remote = endpointsFrom({ parties: [entry("127.0.0.1", 9200), entry("10.0.0.5", 9201)] });
    expect(() => checkTransport(remote, false)).toThrow(/10\.0\.0\.5 is not this machine: shares would cross the network unencrypted/);
    expect(() => checkTransport(remote, true)).not.toThrow();
  });
});

describe("the client protocol's messages", () => {
  it("never throws on arbitrary text, and accepts only well-formed messages", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        parseClientMessage(text);
        parsePartyMessage(text);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        parseClientMessage(JSON.stringify(value));
        parsePartyMessage(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
    const hello = { type: "hello", protocol: 1, client: "company_a", intent: "submit", submission: "ab".repeat(16), signature: "c2ln" };
    expect(parseClientMessage(JSON.stringify(hello))).toEqual(hello);
    expect(parseClientMessage(JSON.stringify({ ...hello, client: "a\nb" }))).toBeNull();
    expect(parseClientMessage(JSON.stringify({ ...hello, intent: "steal" }))).toBeNull();
    expect(parseClientMessage(JSON.stringify({ ...hello, submission: "not hex" }))).toBeNull();
    expect(parsePartyMessage(JSON.stringify({ type: "refused", reason: "a\u001b[31mred" }))).toEqual({ type: "refused", reason: "a?[31mred" });
  });

  it("signs every field a replayed or forwarded hello could change", () => {
    const base = {
      party: 1,
      programHash: "ab".repeat(32),
      nonce: "cd".repeat(32),
      client: "company_a",
      intent: "submit" as const,
      submission: "ef".repeat(16),
    };
    const text = helloText(base);
    for (const changed of [
      { party: 2 },
      { programHash: "00".repeat(32) },
      { nonce: "00".repeat(32) },
      { client: "company_b" },
      { intent: "fetch" as const },
      { submission: null },
    ]) {
      expect(helloText({ ...base, ...changed })).not.toBe(text);
    }
  });
});
