// Shared by the pass tests: lower a snippet without the passes, print just its gates, compile
// with or without them, and run a program in the clear with given inputs. Every IR they see is verified.

import { compileSource } from "../../compiler/compile.js";
import { IrBuilder } from "../../compiler/ir/builder.js";
import type { IrProgram } from "../../compiler/ir/ir.js";
import { printIr } from "../../compiler/ir/printer.js";
import { verifyIr } from "../../compiler/ir/verify.js";
import { decodeProgram } from "../../vm/bytecode/codec.js";
import type { LoadedProgram } from "../../vm/bytecode/program.js";
import type { Vec } from "../../vm/domain/ring64.js";
import { decodeOutputs, type OutputValue } from "../../vm/machine/outputs.js";
import { emulate } from "../../vm/machine/party.js";
import { encodeInputs } from "../helpers.js";

/** The IR as lowered, before any pass. */
export function lowered(text: string): IrProgram {
  const result = compileSource("test.mpc", text, { optimize: false, verifyIr: true });
  if (result.ir === null) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.ir;
}

/** The program, once the IR verifier finds nothing wrong with it (a pass under test broke an invariant otherwise). */
export function verified(program: IrProgram): IrProgram {
  const problems = verifyIr(program);
  if (problems.length > 0) throw new Error(`the IR breaks its invariants: ${problems.join("; ")}`);
  return program;
}

/** The gate lines of the printed IR (no header, no line comments), for compact pins; the IR is verified first. */
export function gates(program: IrProgram): string[] {
  return printIr(verified(program))
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith(";"))
    .map((l) => l.replace(/\s+; line \d+$/, "").trim());
}

export function compiled(text: string, optimize: boolean, options: { defines?: Map<string, string> } = {}): LoadedProgram {
  const result = compileSource("test.mpc", text, { optimize, verifyIr: true, ...options });
  if (result.output === null) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return decodeProgram(result.output.bytes);
}

/** What the program reveals when run in the clear on these inputs (per party, as a CSV would list them). */
export async function emulated(
  loaded: LoadedProgram,
  values: ReadonlyArray<ReadonlyArray<number | string | bigint>>,
  clients: ReadonlyMap<number, Vec> = new Map(),
): Promise<Record<string, OutputValue>> {
  const all = new Map<number, Vec>(clients);
  for (const m of encodeInputs(loaded, values)) for (const [k, v] of m) all.set(k, v);
  return decodeOutputs(loaded.program, await emulate(loaded, all, () => {}));
}

/** Instructions of the compiled program with opcode `op`. */
export function count(loaded: LoadedProgram, op: string): number {
  return loaded.instructions.filter((i) => i.op === op).length;
}

/** An IR program built gate by gate, for pass tests that should not depend on how lowering works. */
export function build(make: (b: IrBuilder) => void): IrProgram {
  const b = new IrBuilder(16, 64);
  make(b);
  return verified(b.finish(2));
}

/** Gates for the builder: secret inputs, constants, and an output that keeps a gate alive. */
export const g = {
  input: (b: IrBuilder, len = 1, party = 0): number =>
    b.gate({ op: "input", party, input: b.addInput({ party, len, type: "sint", span: null, bounds: null }) }, [], len, true, null),
  constant: (b: IrBuilder, values: bigint[], len = 1): number => b.gate({ op: "const", values }, [], len, false, null),
  output: (b: IrBuilder, gate: number): void => {
    const x = b.get(gate);
    const opened = x.secret ? b.gate({ op: "open", to: null }, [gate], x.len, false, null) : gate;
    const index = b.addOutput({ name: `out${gate}`, type: "sint", shape: x.len === 1 ? [] : [x.len], to: null, span: null });
    b.gate({ op: "output", output: index }, [opened], x.len, false, null);
  },
};
