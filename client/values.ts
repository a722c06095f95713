// A client's values: its input file (CSV) encoded as the program reads it (the same tokenizer and
// fixed-point rounding as a party's), and its outputs decoded for people. Browser-safe.

import type { ClientSpec } from "../vm/bytecode/program.js";
import { countError, encodeToken, InputError, tokenizeInput } from "../vm/machine/encode.js";
import { decodeNumber, shaped, type OutputValue } from "../vm/machine/output-values.js";
import { ClientError } from "./errors.js";
import type { ClientProgram } from "./program.js";

/** Values as a list, or CSV text (what `mpcvm submit --input` reads); `name` appears in errors. */
export type InputValues = ReadonlyArray<number | string | bigint> | { readonly csv: string; readonly name?: string };

/** The client's values for all its inputs, in program order, as signed ring integers. */
export function encodeInputs(program: ClientProgram, client: ClientSpec, values: InputValues): bigint[] {
  const path = "csv" in values ? (values.name ?? "the input values") : "the input values";
  try {
    const tokens = tokenizeInput("csv" in values ? values.csv : values.map(String).join("\n"), path);
    const specs = client.inputs.map((i) => program.inputs[i]!);
    const needed = specs.reduce((n, s) => n + s.len, 0);
    if (tokens.length !== needed)
      throw countError(
        path,
        tokens.length,
        needed,
        `client ${client.name}`,
        specs.map((s) => s.line),
        program.source,
      );
    const out: bigint[] = [];
    for (const spec of specs)
      for (let i = 0; i < spec.len; i++) out.push(encodeToken(tokens[out.length]!, spec, program.fracBits, program.ringBits, program.source, path));
    return out;
  } catch (e) {
    if (e instanceof InputError) throw new ClientError(e.message, "data");
    throw e;
  }
}

export type Outputs = Record<string, OutputValue>;

/** The client's outputs by name, from the reconstructed values of all of them in program order. */
export function decodeOutputs(program: ClientProgram, client: ClientSpec, values: readonly bigint[]): Outputs {
  const out: Outputs = {};
  let at = 0;
  for (const index of client.outputs) {
    const spec = program.outputs[index]!;
    const count = spec.shape.reduce((a, b) => a * b, 1);
    out[spec.name] = shaped(
      spec.shape,
      values.slice(at, at + count).map((v) => decodeNumber(v, spec.type, program.fracBits)),
    );
    at += count;
  }
  return out;
}

/** Elements of all the client's outputs together: what each party's message must hold. */
export function outputElements(program: ClientProgram, client: ClientSpec): number {
  return client.outputs.reduce((n, i) => n + program.outputs[i]!.shape.reduce((a, b) => a * b, 1), 0);
}
