// For the non-linear property tests: compile a program once per protocol, then run it securely with
// three parties over the in-process transport under every protocol (and in the clear) on any inputs.

import type { CompileOptions } from "../../compiler/compile.js";
import type { LoadedProgram } from "../../vm/bytecode/program.js";
import type { OutputValue } from "../../vm/machine/outputs.js";
import type { ProtocolName } from "../../vm/protocol/protocol.js";
import { compile, secureAndClear } from "../helpers.js";

export type Runner = (inputs: ReadonlyArray<ReadonlyArray<number | string | bigint>>) => Promise<Record<string, OutputValue>>;

/** The protocols every property is checked under, with three parties. */
export const PROTOCOLS: readonly ProtocolName[] = ["additive", "replicated", "shamir"];

/**
 * Runs securely under every protocol; checks every party of every protocol got the same outputs
 * as the emulator; returns them.
 */
export function programRunner(text: string, options: Pick<CompileOptions, "ringBits"> = {}): { loaded: LoadedProgram; run: Runner } {
  const compiled = PROTOCOLS.map((protocol) => compile(text, { parties: 3, protocol, ...options }));
  return {
    loaded: compiled[0]!,
    run: async (inputs) => {
      let first: Record<string, OutputValue> | null = null;
      for (const loaded of compiled) {
        const { secure, clear } = await secureAndClear(loaded, inputs);
        for (const party of secure)
          for (const [name, value] of Object.entries(party)) {
            if (JSON.stringify(value) !== JSON.stringify(clear[name])) {
              throw new Error(`${loaded.program.protocol.name}: ${name}: secure ${JSON.stringify(value)} differs from emulated ${JSON.stringify(clear[name])}`);
            }
          }
        first ??= secure[0]!;
      }
      return first!;
    },
  };
}

export const MIN64 = -(1n << 63n);
export const MAX64 = (1n << 63n) - 1n;

export function wrap(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** A decoded sint output as a bigint (outputs beyond ±2^53 come as strings). */
export function big(v: OutputValue): bigint {
  return BigInt(v as number | string);
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
