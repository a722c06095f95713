import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { InternalCompilerError } from "../../compiler/diagnostics/internal.js";
import { checkEmitted } from "../../compiler/emit/self-check.js";
import { ROOT, spawnNode } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-self-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROGRAM = "x = input(sint, party=0)\ny = input(sint, party=1)\noutput(x * y, name='p')\n";

/**
 * A module hook that plants a bug in the built emitter: the header declares no preprocessing
 * although the program multiplies. The hook fails loudly if the emitter no longer has that line.
 */
const BROKEN_EMITTER = `
import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`
export async function load(url, context, next) {
  const result = await next(url, context);
  if (!url.endsWith("/dist/compiler/emit/emit.js")) return result;
  const text = String(result.source);
  const broken = text.replace("preprocessing: preprocessingNeeds(base, emitter.instructions)", "preprocessing: []");
  if (broken === text) throw new Error("the emitter changed: update the fault this test plants");
  return { ...result, source: broken };
}\`));
`;

describe("mpcc validates every file it writes", () => {
  it("reports a file the VM would refuse as an internal compiler error naming the source, exit 1, writing nothing", async () => {
    const hook = join(dir, "broken-emitter.mjs");
    const source = join(dir, "prog.mpc");
    const output = join(dir, "prog.bc");
    writeFileSync(hook, BROKEN_EMITTER);
    writeFileSync(source, PROGRAM);
    const r = await spawnNode(["--import", hook, join(ROOT, "dist", "cli", "mpcc.js"), "compile", source, "-o", output], 60_000).done;
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toEqual([
      `mpcc: internal compiler error compiling ${source}: the bytecode it emitted fails its check: the header's preprocessing needs do not match the instructions`,
      `This is a bug in mpcc, not in ${source}; no bytecode written. Please report it with the command you ran.`,
    ]);
    expect(existsSync(output)).toBe(false);
  });

  it("writes the same program when the emitter is whole", async () => {
    const source = join(dir, "good.mpc");
    writeFileSync(source, PROGRAM);
    const r = await spawnNode([join(ROOT, "dist", "cli", "mpcc.js"), "compile", source, "-o", join(dir, "good.bc")], 60_000).done;
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "good.bc"))).toBe(true);
  });

  it("throws InternalCompilerError from the library, never a BytecodeError that would blame the file", () => {
    const result = compileSource("prog.mpc", PROGRAM);
    const damaged = { ...result.output!, bytes: result.output!.bytes.slice(0, 10) };
    expect(() => checkEmitted(damaged, "prog.mpc")).toThrow(InternalCompilerError);
    expect(() => checkEmitted(damaged, "prog.mpc")).toThrow(/^internal compiler error compiling prog\.mpc: the bytecode it emitted fails its check: /);
    expect(() => checkEmitted(result.output!, "prog.mpc")).not.toThrow();
  });
});
