// The language corpus: every test/programs/*.mpc either compiles, runs with its parties over the
// in-process transport and reveals what its `# expect:` lines say (and the emulator agrees), or
// fails to compile with the errors its `# error:` lines name. `# websocket` also runs it over WebSockets.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../compiler/compile.js";
import { renderDiagnostic } from "../compiler/diagnostics/diagnostic.js";
import { decodeProgram } from "../vm/bytecode/codec.js";
import type { Vec } from "../vm/domain/ring64.js";
import { decodeOutputs, type OutputValue } from "../vm/machine/outputs.js";
import { emulate, runParty } from "../vm/machine/party.js";
import { memoryNetwork } from "../vm/net/memory.js";
import { dealForRun } from "../vm/preprocessing/dealer.js";
import type { ProtocolName } from "../vm/protocol/protocol.js";
import { runLocal } from "../vm/session.js";
import { corpusClientValues, encodeInputs } from "./helpers.js";
import { clientOutputsOf, withClientShares } from "../vm/clients.js";

const DIR = join(import.meta.dirname, "programs");
const FIX_TOLERANCE = 1e-3;

interface Spec {
  inputs: string[][];
  expects: Map<string, OutputValue>;
  prints: string[];
  errors: string[];
  websocket: boolean;
  defines: Map<string, string>;
}

function readSpec(text: string): Spec {
  const spec: Spec = { inputs: [], expects: new Map(), prints: [], errors: [], websocket: false, defines: new Map() };
  for (const line of text.split("\n")) {
    let m: RegExpExecArray | null;
    if ((m = /^# input (\d+):(.*)$/.exec(line))) spec.inputs[Number(m[1])] = m[2]!.split(/[\s,]+/).filter((s) => s !== "");
    else if ((m = /^# expect: (\w+) = (.*)$/.exec(line))) spec.expects.set(m[1]!, JSON.parse(m[2]!) as OutputValue);
    else if ((m = /^# print: (.*)$/.exec(line))) spec.prints.push(m[1]!);
    else if ((m = /^# error: (.*)$/.exec(line))) spec.errors.push(m[1]!.trim());
    else if ((m = /^# define: (\w+)=(.*)$/.exec(line))) spec.defines.set(m[1]!, m[2]!);
    else if (/^# websocket\b/.test(line)) spec.websocket = true;
  }
  return spec;
}

function close(actual: OutputValue, expected: OutputValue, fixed: boolean): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => close(actual[i]!, e, fixed));
  if (fixed && typeof expected === "number" && typeof actual === "number")
    return Math.abs(actual - expected) <= FIX_TOLERANCE * Math.max(1, Math.abs(expected));
  return actual === expected;
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".mpc") && !f.startsWith("lib_"))
  .sort();

/**
 * Every program runs under every protocol: additive as written, replicated with 3 parties, Shamir
 * with at least 3 (its default threshold). The party counts a program names still hold.
 */
const PROTOCOLS: ReadonlyArray<{ name: ProtocolName; parties: (named: number) => number | null }> = [
  { name: "additive", parties: () => null },
  { name: "replicated", parties: () => 3 },
  { name: "shamir", parties: (named) => Math.max(3, named) },
];

function namedParties(path: string, text: string, defines: Map<string, string>): number {
  return compileSource(path, text, { defines }).output?.program.parties ?? 2;
}

describe("the language corpus (test/programs)", () => {
  it("has at least 30 programs", () => expect(files.length).toBeGreaterThanOrEqual(30));

  for (const file of files)
    for (const protocol of PROTOCOLS) {
      it(`${file} (${protocol.name})`, async () => {
        const path = join(DIR, file);
        const text = readFileSync(path, "utf8");
        const spec = readSpec(text);
        if (spec.errors.length > 0 && protocol.name !== "additive") return;
        const parties = protocol.name === "additive" ? null : protocol.parties(namedParties(path, text, spec.defines));
        const result = compileSource(path, text, { defines: spec.defines, protocol: protocol.name, parties, verifyIr: true });
        const rendered = result.diagnostics.map((d) => renderDiagnostic(d, result.sources).replace(`${DIR}/`, ""));
        if (spec.errors.length > 0) {
          expect(rendered.length, rendered.join("\n")).toBe(spec.errors.length);
          spec.errors.forEach((expected, i) => expect(rendered[i]).toContain(expected));
          return;
        }
        expect(rendered, rendered.join("\n")).toEqual([]);
        const loaded = decodeProgram(result.output!.bytes);
        // A client's values (`# client NAME: …`) are shared among the parties here, as the client SDK would.
        const clientValues = corpusClientValues(loaded, text);
        const inputs = withClientShares(loaded, encodeInputs(loaded, spec.inputs), clientValues);
        const all = new Map<number, Vec>(clientValues);
        for (const m of inputs) for (const [k, v] of m) if (!clientValues.has(k)) all.set(k, v);
        const printed: string[] = [];
        const clear = decodeOutputs(loaded.program, await emulate(loaded, all, (t) => printed.push(t)));
        const n = loaded.program.parties;
        const materials = dealForRun(loaded.program);
        const network = memoryNetwork(n, 20_000);
        const partyPrints: string[][] = Array.from({ length: n }, () => []);
        const results = await Promise.all(
          network.map((net, party) =>
            runParty({
              loaded,
              party,
              inputs: inputs[party]!,
              material: materials[party]!,
              network: net,
              print: (t) => partyPrints[party]!.push(t),
            }),
          ),
        );
        const revealed = clientOutputsOf(
          loaded,
          results.map((r) => r.clientOutputs),
        );
        for (const r of results) for (const [k, v] of r.outputs) revealed.set(k, v);
        const secure = decodeOutputs(loaded.program, revealed);
        for (const [name, expected] of spec.expects) {
          const type = loaded.program.outputs.find((o) => o.name === name)?.type;
          expect(type, `output ${name}`).toBeDefined();
          expect(close(clear[name]!, expected, type === "sfix"), `emulated ${name} = ${JSON.stringify(clear[name])}`).toBe(true);
          expect(close(secure[name]!, expected, type === "sfix"), `secure ${name} = ${JSON.stringify(secure[name])}`).toBe(true);
        }
        expect(Object.keys(secure).sort()).toEqual([...spec.expects.keys()].sort());
        const lines = printed.join("").split("\n").slice(0, -1);
        if (spec.prints.length > 0) expect(lines).toEqual(spec.prints);
        for (const p of partyPrints) expect(p.join("")).toBe(printed.join(""));
        if (spec.websocket && protocol.name !== "shamir") {
          const overSockets = await runLocal(loaded, inputs, { connectTimeoutMs: 10_000, roundTimeoutMs: 20_000 });
          const forClients = decodeOutputs(
            loaded.program,
            clientOutputsOf(
              loaded,
              overSockets.map((r) => r.clientOutputs),
            ),
          );
          for (const r of overSockets) {
            const got = { ...forClients, ...decodeOutputs(loaded.program, r.outputs) };
            for (const [name, value] of Object.entries(got)) {
              const type = loaded.program.outputs.find((o) => o.name === name)!.type;
              expect(close(value, spec.expects.get(name)!, type === "sfix"), `over WebSockets ${name}`).toBe(true);
            }
          }
        }
      });
    }
});
