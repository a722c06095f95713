// Shared by the test suites: compile a snippet, run it with n parties over the in-process
// transport or in the clear, and decode outputs.

import { compileSource, type CompileOptions } from "../compiler/compile.js";
import { renderDiagnostic } from "../compiler/diagnostics/diagnostic.js";
import { decodeProgram } from "../vm/bytecode/codec.js";
import type { LoadedProgram } from "../vm/bytecode/program.js";
import type { Vec } from "../vm/domain/ring64.js";
import { encodeClientInputs, encodePartyInputs, tokenizeInput } from "../vm/machine/inputs.js";
import { decodeOutputs, type OutputValue } from "../vm/machine/outputs.js";
import { emulate, runParty, type PartyResult } from "../vm/machine/party.js";
import { memoryNetwork } from "../vm/net/memory.js";
import { dealForRun } from "../vm/preprocessing/dealer.js";

/** Compiles with the IR verified after lowering and after every pass, as every test compiles. */
export function compile(text: string, options: CompileOptions = {}, path = "test.mpc"): LoadedProgram {
  const result = compileSource(path, text, { verifyIr: true, ...options });
  if (result.output === null) {
    throw new Error(result.diagnostics.map((d) => renderDiagnostic(d, result.sources)).join("\n"));
  }
  return decodeProgram(result.output.bytes);
}

/** Compile errors as rendered text, for tests that expect a program to be refused. */
export function compileErrors(text: string, options: CompileOptions = {}, path = "test.mpc"): string[] {
  const result = compileSource(path, text, { verifyIr: true, ...options });
  return result.diagnostics.map((d) => renderDiagnostic(d, result.sources));
}

/** Each party's inputs from lists of numbers (written as a CSV would be). */
export function encodeInputs(loaded: LoadedProgram, values: ReadonlyArray<ReadonlyArray<number | string | bigint>>): Array<Map<number, Vec>> {
  return Array.from({ length: loaded.program.parties }, (_, p) =>
    encodePartyInputs(loaded.program, p, tokenizeInput((values[p] ?? []).join("\n"), `party${p}.csv`), `party${p}.csv`),
  );
}

export async function runInMemory(loaded: LoadedProgram, inputs: ReadonlyArray<Map<number, Vec>>): Promise<PartyResult[]> {
  const parties = loaded.program.parties;
  const materials = dealForRun(loaded.program);
  const network = memoryNetwork(parties, 10_000);
  try {
    return await Promise.all(
      network.map((net, party) => runParty({ loaded, party, inputs: inputs[party]!, material: materials[party]!, network: net, print: () => {} })),
    );
  } finally {
    await Promise.all(network.map((n) => n.close()));
  }
}

/** Runs securely and in the clear; returns what party 0 learned and what the emulator computed. */
export async function secureAndClear(
  loaded: LoadedProgram,
  values: ReadonlyArray<ReadonlyArray<number | string | bigint>>,
): Promise<{ secure: Record<string, OutputValue>[]; clear: Record<string, OutputValue> }> {
  const inputs = encodeInputs(loaded, values);
  const results = await runInMemory(loaded, inputs);
  const all = new Map<number, Vec>();
  for (const m of inputs) for (const [k, v] of m) all.set(k, v);
  return {
    secure: results.map((r) => decodeOutputs(loaded.program, r.outputs)),
    clear: decodeOutputs(loaded.program, await emulate(loaded, all, () => {})),
  };
}

/** The values of each client that a corpus program's `# client NAME: …` lines give, by input index. */
export function corpusClientValues(loaded: LoadedProgram, text: string): Map<number, Vec> {
  const values = new Map<number, Vec>();
  for (const m of text.matchAll(/^# client (\w+):(.*)$/gm)) {
    for (const [index, v] of encodeClientInputs(loaded.program, m[1]!, tokenizeInput(m[2]!, m[1]!), m[1]!)) values.set(index, v);
  }
  return values;
}
