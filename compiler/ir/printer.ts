// The text form of the IR, for `mpcc compile --emit-ir` and for tests that compare programs.
// One gate a line: `%id = op attrs, args : s|p[len]  ; line`; control structures indent their bodies.

import type { Gate, IrProgram, Sequence } from "./ir.js";

export function printIr(program: IrProgram): string {
  const ring = program.ringBits === 64 ? "" : `, ring Z2^${program.ringBits}`;
  const lines = [`; parties ${program.parties}, fractional bits ${program.fracBits}${ring}`];
  program.inputs.forEach((input, i) => {
    const from = input.client === undefined ? `party ${input.party}` : `client ${input.client}`;
    lines.push(`; input ${i}: ${from}, ${input.type}[${input.len}]`);
  });
  program.outputs.forEach((output, i) => {
    const to = output.client !== undefined ? `client ${output.client}` : output.to === null ? "all" : `party ${output.to}`;
    const shape = output.shape.length === 0 ? "" : `[${output.shape.join(", ")}]`;
    lines.push(`; output ${i}: "${output.name}" ${output.type}${shape} to ${to}`);
  });
  program.cells.forEach((cell, i) => lines.push(`; cell ${i}: ${typeText(cell.secret, cell.len, cell.width)}`));
  printSequence(program, program.body, "", lines);
  return `${lines.join("\n")}\n`;
}

function printSequence(program: IrProgram, seq: Sequence, indent: string, lines: string[]): void {
  for (const item of seq.items) {
    if (typeof item === "number") {
      lines.push(indent + printGate(program.gates[item]!, program.strings));
      continue;
    }
    switch (item.kind) {
      case "if":
        lines.push(`${indent}if %${item.condition}:`);
        printSequence(program, item.then, `${indent}  `, lines);
        lines.push(`${indent}else:`);
        printSequence(program, item.otherwise, `${indent}  `, lines);
        break;
      case "loop":
        lines.push(`${indent}loop (at most ${item.bound} times):`);
        printSequence(program, item.body, `${indent}  `, lines);
        break;
      case "breakIfZero":
        lines.push(`${indent}break if not %${item.condition}`);
        break;
      default:
        lines.push(indent + item.kind);
    }
  }
}

export function printGate(gate: Gate, strings: readonly string[] = []): string {
  const operands = [...attributes(gate, strings), ...gate.args.map((a) => `%${a}`)].join(", ");
  const line = gate.span ? `  ; line ${gate.span.line}` : "";
  const type = typeText(gate.secret, gate.len, gate.width);
  const sink = ["output", "clientoutput", "print", "store", "abort"].includes(gate.kind.op);
  const head = sink ? gate.kind.op : `%${gate.id} = ${gate.kind.op}`;
  return `${head}${operands ? ` ${operands}` : ""} : ${type}${line}`;
}

function typeText(secret: boolean, len: number, width: number): string {
  return `${secret ? "s" : "p"}${width > 0 ? `bits${width}` : ""}[${len}]`;
}

function attributes(gate: Gate, strings: readonly string[]): string[] {
  const k = gate.kind;
  switch (k.op) {
    case "const":
      return [k.values.length <= 4 ? `[${k.values.join(" ")}]` : `[${k.values.slice(0, 4).join(" ")} ...]`];
    case "input":
      return [`party ${k.party}`, `#${k.input}`];
    case "sum":
      return gate.len === 1 ? [] : [`groups of ${k.group}`];
    case "gather":
    case "bgather":
      return [k.indices.length <= 6 ? `[${k.indices.join(" ")}]` : `[${k.indices.slice(0, 6).join(" ")} ...]`];
    case "slice":
      return [`from ${k.start} step ${k.step}`];
    case "divpub":
      return [`/${k.divisor}`];
    case "compare":
      return [k.cmp];
    case "open":
      return [k.to === null ? "to all" : `to ${k.to}`];
    case "bslice":
      return [`from ${k.start} step ${k.step}`];
    case "output":
    case "clientoutput":
      return [`#${k.output}`];
    case "clientinput":
      return [`#${k.input}`];
    case "print":
      return k.text === null ? [] : [JSON.stringify(strings[k.text] ?? "")];
    case "load":
    case "store":
      return [`cell ${k.cell}`];
    case "abort":
      return [JSON.stringify(strings[k.message] ?? "")];
    default:
      return [];
  }
}
