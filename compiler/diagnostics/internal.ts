// A bug in the compiler found by its own checks (the IR verifier between passes, the VM's validator
// on the bytecode it emitted): never the user's mistake, so it names the stage, not a source line.

export class InternalCompilerError extends Error {
  override readonly name = "InternalCompilerError";

  constructor(
    /** The program being compiled, as the user named it. */
    readonly source: string,
    /** Where the check failed: "the bytecode it emitted", "the IR after the pass cse", ... */
    readonly stage: string,
    readonly detail: string,
  ) {
    super(`internal compiler error compiling ${source}: ${stage} fails its check: ${detail}`);
  }
}
