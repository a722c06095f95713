// The text form of a bytecode program (`mpcc disasm`): the header, then one instruction a line
// with its registers, constants and source line, a marker at each round, and indented blocks.

import { ISA, type OperandKind } from "../isa.js";
import { prepKey } from "../preprocessing/kinds.js";
import { roundsOf } from "./analysis.js";
import { REGISTER_KIND, type LoadedProgram, type Program } from "./program.js";

export function disassemble(loaded: LoadedProgram): string {
  const { program, instructions } = loaded;
  const lines = header(loaded);
  const roundStarts = new Map(roundsOf(instructions).map(([start], i) => [start, i + 1]));
  let depth = 0;
  instructions.forEach((ins, index) => {
    const control = ISA[ins.op].control;
    if (control === "endif" || control === "endloop" || control === "else") depth--;
    const round = roundStarts.get(index);
    if (round !== undefined) lines.push(`        ; round ${round}`);
    const operands = ISA[ins.op].operands.map((kind, i) => operandText(program, kind, ins.operands[i]!));
    const text = `${String(index).padStart(5)}  ${"  ".repeat(depth)}${ins.op.padEnd(7)} ${operands.join(", ")}`;
    lines.push(`${text.padEnd(52)} ; line ${ins.line}`);
    if (control === "if" || control === "loop" || control === "else") depth++;
  });
  return `${lines.join("\n")}\n`;
}

function header({ program, hash }: LoadedProgram): string[] {
  const lines = [
    `; program ${program.source}`,
    `; hash ${hash}`,
    `; domain ${program.domain}, ${program.parties} parties, ${program.fracBits} fractional bits`,
  ];
  program.inputs.forEach((input, i) => {
    const from = input.client === undefined ? `party ${input.party}` : `client ${input.client}`;
    lines.push(`; input#${i}: ${from}, ${input.type}[${input.len}] (line ${input.line})`);
  });
  program.outputs.forEach((output, i) => {
    const shape = output.shape.length ? `[${output.shape.join(", ")}]` : "";
    const to = output.client !== undefined ? `client ${output.client}` : output.to === -1 ? "all" : `party ${output.to}`;
    lines.push(`; output#${i} "${output.name}": ${output.type}${shape} to ${to}`);
  });
  for (const client of program.clients) {
    const provides = client.inputs.map((i) => `input#${i}`).join(", ") || "nothing";
    const receives = client.outputs.map((o) => `output#${o}`).join(", ") || "nothing";
    lines.push(`; client ${client.name}: provides ${provides}; receives ${receives}`);
  }
  for (const need of program.preprocessing) lines.push(`; needs ${need.count} × ${prepKey(need.kind, need.param)}`);
  lines.push(`; ${program.registerLength.length} registers, ${program.constants.length} constants`);
  return lines;
}

function operandText(program: Program, kind: OperandKind, v: number): string {
  switch (kind) {
    case "ds":
    case "s":
    case "dc":
    case "c":
    case "dsb":
    case "sb":
    case "dcb":
    case "cb":
      return registerText(program, v);
    case "k":
    case "div": {
      const k = program.constants[v]!;
      const shown = Array.from(k.subarray(0, 3), (x) => BigInt.asIntN(64, x).toString()).join(" ");
      return `k${v}=[${shown}${k.length > 3 ? " ..." : ""}]`;
    }
    case "str":
      return JSON.stringify(program.strings[v] ?? "");
    case "party":
      return v === -1 ? "all" : `party ${v}`;
    case "input":
    case "cinput":
      return `input#${v}`;
    case "output":
    case "coutput":
      return `output#${v}`;
    case "n":
    case "i":
    case "bound":
    case "fmt":
      return String(v);
  }
}

function registerText(program: Program, r: number): string {
  const kind = program.registerKind[r];
  const prefix = kind === REGISTER_KIND.secret ? "s" : kind === REGISTER_KIND.clear ? "c" : kind === REGISTER_KIND.secretBits ? "sb" : "cb";
  const width = kind! >= REGISTER_KIND.clearBits ? `×${program.registerWidth[r]}` : "";
  return `${prefix}${r}[${program.registerLength[r]}${width}]`;
}
