// The text form of the IR, for `mpcc compile --emit-ir` and for tests that compare programs.
// One gate a line: `%id = op args : s|p[len]  ; line`.

import type { Gate, IrProgram } from "./ir.js";

export function printIr(program: IrProgram): string {
  const lines = [`; parties ${program.parties}, fractional bits ${program.fracBits}`];
  program.inputs.forEach((input, i) => lines.push(`; input ${i}: party ${input.party}, ${input.type}[${input.len}]`));
  program.outputs.forEach((output, i) => {
    const to = output.to === null ? "all" : `party ${output.to}`;
    lines.push(`; output ${i}: "${output.name}" ${output.type}${shapeText(output.shape)} to ${to}`);
  });
  for (const gate of program.gates) lines.push(printGate(gate));
  return lines.join("\n") + "\n";
}

export function printGate(gate: Gate): string {
  const args = gate.args.map((a) => `%${a}`);
  const attrs = attributes(gate);
  const operands = [...attrs, ...args].join(", ");
  const line = gate.span ? `  ; line ${gate.span.line}` : "";
  const type = `${gate.secret ? "s" : "p"}[${gate.len}]`;
  const head = gate.kind.op === "output" ? `${gate.kind.op}` : `%${gate.id} = ${gate.kind.op}`;
  return `${head}${operands ? " " + operands : ""} : ${type}${line}`;
}

function attributes(gate: Gate): string[] {
  const k = gate.kind;
  switch (k.op) {
    case "const":
      return [k.values.length <= 4 ? `[${k.values.join(" ")}]` : `[${k.values.slice(0, 4).join(" ")} ...]`];
    case "input":
      return [`party ${k.party}`, `#${k.input}`];
    case "divpub":
      return [`/${k.divisor}`];
    case "open":
      return [k.to === null ? "to all" : `to ${k.to}`];
    case "output":
      return [`#${k.output}`];
    default:
      return [];
  }
}

function shapeText(shape: readonly number[]): string {
  return shape.length === 0 ? "" : `[${shape.join(", ")}]`;
}
