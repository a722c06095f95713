// A bug in the compiler, found by its own checks (the IR verifier between passes, the VM's validator
// on the file it emitted) or by a stage failing: never the user's mistake, so no source line.

export class InternalCompilerError extends Error {
  override readonly name = "InternalCompilerError";

  constructor(
    /** The program being compiled, as the user named it. */
    readonly source: string,
    /** What went wrong, naming the stage: "the IR after pass 3 (hoist) fails its check: …". */
    readonly problem: string,
  ) {
    super(`internal compiler error compiling ${source}: ${problem}`);
  }
}

/**
 * Runs a stage after lowering (the optimiser, the emitter); any failure there is the compiler's,
 * so it becomes an InternalCompilerError naming the source and the stage.
 */
export function asCompilerBug<T>(source: string, stage: string, run: () => T, hint = ""): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof InternalCompilerError) throw e;
    throw new InternalCompilerError(source, `${stage} failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}${hint}`);
  }
}
