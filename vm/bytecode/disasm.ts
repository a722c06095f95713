// The text form of a bytecode program (`mpcc disasm`): the header, then one instruction a line
// with its registers, constants and source line, and a marker at the start of every round.

import { ISA } from "../isa.js";
import { prepKey } from "../preprocessing/kinds.js";
import { roundsOf } from "./analysis.js";
import type { LoadedProgram, Program } from "./program.js";

export function disassemble(loaded: LoadedProgram): string {
  const { program, instructions } = loaded;
  const lines = header(loaded);
  const roundStarts = new Map(roundsOf(instructions).map(([start], i) => [start, i + 1]));
  instructions.forEach((ins, index) => {
    const round = roundStarts.get(index);
    if (round !== undefined) lines.push(`        ; round ${round}`);
    const operands = ISA[ins.op].operands.map((kind, i) => operandText(program, kind, ins.operands[i]!));
    const text = `${String(index).padStart(5)}  ${ins.op.padEnd(7)} ${operands.join(", ")}`;
    lines.push(`${text.padEnd(48)} ; line ${ins.line}`);
  });
  return lines.join("\n") + "\n";
}

function header({ program, hash }: LoadedProgram): string[] {
  const lines = [
    `; program ${program.source}`,
    `; hash ${hash}`,
    `; domain ${program.domain}, ${program.parties} parties, ${program.fracBits} fractional bits`,
  ];
  program.inputs.forEach((input, i) => lines.push(`; input#${i}: party ${input.party}, ${input.type}[${input.len}] (line ${input.line})`));
  program.outputs.forEach((output, i) => {
    const shape = output.shape.length ? `[${output.shape.join(", ")}]` : "";
    lines.push(`; output#${i} "${output.name}": ${output.type}${shape} to ${output.to === -1 ? "all" : `party ${output.to}`}`);
  });
  for (const need of program.preprocessing) lines.push(`; needs ${need.count} × ${prepKey(need.kind, need.param)}`);
  lines.push(`; ${program.registerLength.length} registers, ${program.constants.length} constants`);
  return lines;
}

function operandText(program: Program, kind: string, v: number): string {
  switch (kind) {
    case "ds":
    case "s":
      return `s${v}[${program.registerLength[v]}]`;
    case "dc":
    case "c":
      return `c${v}[${program.registerLength[v]}]`;
    case "k": {
      const k = program.constants[v]!;
      const shown = Array.from(k.subarray(0, 3), (x) => BigInt.asIntN(64, x).toString()).join(" ");
      return `k${v}=[${shown}${k.length > 3 ? " ..." : ""}]`;
    }
    case "party":
      return v === -1 ? "all" : `party ${v}`;
    case "input":
      return `input#${v}`;
    default:
      return `output#${v}`;
  }
}
