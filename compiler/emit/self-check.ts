// The compiler's own check of a file it emitted: the VM's decoder and validator read it back, so
// mpcc never writes a file the VM refuses. A refusal is a compiler bug, not the program's fault.

import { InternalCompilerError } from "../diagnostics/internal.js";
import { decodeProgram } from "../../vm/bytecode/codec.js";
import { BytecodeError } from "../../vm/bytecode/errors.js";
import type { EmitResult } from "./emit.js";

/** Reads `output` back as the VM will; throws InternalCompilerError naming `source` if the VM would refuse it. */
export function checkEmitted(output: EmitResult, source: string): void {
  try {
    const loaded = decodeProgram(output.bytes);
    if (loaded.hash !== output.hash) throw new BytecodeError(`it reads back with the hash ${loaded.hash}, not ${output.hash}`);
  } catch (e) {
    if (e instanceof BytecodeError) throw new InternalCompilerError(source, `the bytecode it emitted fails the VM's validation: ${e.message}`);
    throw e;
  }
}
