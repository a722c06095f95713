// Structured control flow in the instruction stream: matches IF/ELSE/ENDIF and LOOP/ENDLOOP like
// brackets, so the interpreter can jump and the analyses can walk blocks. Refuses bad or deep nesting.

import { ISA } from "../isa.js";
import { BytecodeError } from "./errors.js";
import { MAX_NESTING } from "./limits.js";
import type { Instruction } from "./program.js";

/**
 * For each instruction: IF → its ELSE or ENDIF; ELSE → its ENDIF; LOOP → its ENDLOOP;
 * ENDLOOP → its LOOP; BREAKZ/BREAK/CONTINUE → the enclosing LOOP; everything else → -1.
 */
export function matchControl(instructions: readonly Instruction[]): Int32Array {
  const match = new Int32Array(instructions.length).fill(-1);
  const open: Array<{ index: number; kind: "if" | "else" | "loop" }> = [];
  const innerLoop = (): number => {
    for (let i = open.length - 1; i >= 0; i--) if (open[i]!.kind === "loop") return open[i]!.index;
    return -1;
  };
  instructions.forEach((ins, i) => {
    const kind = ISA[ins.op].control;
    const top = open[open.length - 1];
    const bad = (what: string): never => {
      throw new BytecodeError(`instruction ${i} (${ins.op}): ${what}`);
    };
    switch (kind) {
      case "if":
      case "loop":
        if (open.length >= MAX_NESTING) bad(`blocks nest more than ${MAX_NESTING} deep`);
        open.push({ index: i, kind });
        break;
      case "else":
        if (top?.kind !== "if") bad("ELSE without IF");
        match[top!.index] = i;
        open[open.length - 1] = { index: i, kind: "else" };
        break;
      case "endif":
        if (top?.kind !== "if" && top?.kind !== "else") bad("ENDIF without IF");
        match[top!.index] = i;
        open.pop();
        break;
      case "endloop":
        if (top?.kind !== "loop") bad("ENDLOOP without LOOP");
        match[top!.index] = i;
        match[i] = top!.index;
        open.pop();
        break;
      case "breakz":
      case "break":
      case "continue":
        match[i] = innerLoop();
        if (match[i] === -1) bad("outside a loop");
        break;
      default:
        break;
    }
  });
  if (open.length > 0) throw new BytecodeError(`instruction ${open[open.length - 1]!.index} is never closed`);
  return match;
}
