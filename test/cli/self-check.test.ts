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
 * A module hook (for `node --import`) that plants a bug in one built module by replacing `from`
 * with `to` in its text; it fails loudly if the module no longer holds `from`.
 */
function plantedBug(module: string, from: string, to: string): string {
  const file = join(dir, `${module.replaceAll("/", "-")}.mjs`);
  const loader = `
export async function load(url, context, next) {
  const result = await next(url, context);
  if (!url.endsWith(${JSON.stringify(`/dist/${module}`)})) return result;
  const text = String(result.source);
  const broken = text.replace(${JSON.stringify(from)}, ${JSON.stringify(to)});
  if (broken === text) throw new Error("${module} changed: update the bug this test plants");
  return { ...result, source: broken };
}`;
  writeFileSync(file, `import { register } from "node:module";\nregister("data:text/javascript," + encodeURIComponent(${JSON.stringify(loader)}));\n`);
  return file;
}

/** The emitter declares no preprocessing although the program multiplies. */
const emitterBug = (): string => plantedBug("compiler/emit/emit.js", "preprocessing: preprocessingNeeds(base, emitter.instructions)", "preprocessing: []");

/** Hoisting moves a gate above the block before it without looking at its arguments. */
const hoistBug = (): string => plantedBug("compiler/passes/hoist.js", "at = Math.max(at, placed.get(a) ?? 0);", "at = Math.max(at, 0);");

/** An input after a revealed if, and a sum of it that hoisting may not move above the if. */
const HOISTED = "x = input(sint, party=0)\nif reveal(x) > 0:\n    print(1)\nz = input(sint, party=1)\noutput(z + 1, name='w')\n";

function mpcc(hook: string | null, ...args: string[]) {
  return spawnNode([...(hook === null ? [] : ["--import", hook]), join(ROOT, "dist", "cli", "mpcc.js"), ...args], 60_000).done;
}

describe("mpcc validates every file it writes", () => {
  it("reports a file the VM would refuse as an internal compiler error naming the source, exit 1, writing nothing", async () => {
    const source = join(dir, "prog.mpc");
    const output = join(dir, "prog.bc");
    writeFileSync(source, PROGRAM);
    const r = await mpcc(emitterBug(), "compile", source, "-o", output);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toEqual([
      `mpcc: internal compiler error compiling ${source}: the bytecode it emitted fails the VM's validation: the header's preprocessing needs do not match the instructions`,
      `This is a bug in mpcc, not in ${source}; no bytecode written. Please report it with the command you ran.`,
    ]);
    expect(existsSync(output)).toBe(false);
  });

  it("writes the same program when the emitter is whole", async () => {
    const source = join(dir, "good.mpc");
    writeFileSync(source, PROGRAM);
    const r = await mpcc(null, "compile", source, "-o", join(dir, "good.bc"), "--verify-ir");
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "good.bc"))).toBe(true);
  });

  it("names the pass that broke the IR with --verify-ir, and still never blames the program without it", async () => {
    const source = join(dir, "hoisted.mpc");
    writeFileSync(source, HOISTED);
    const verified = await mpcc(hoistBug(), "compile", source, "-o", join(dir, "hoisted.bc"), "--verify-ir");
    expect(verified.code).toBe(1);
    expect(verified.stderr).toMatch(
      new RegExp(
        `^mpcc: internal compiler error compiling ${source}: the IR after pass 3 \\(hoist\\) fails its check: %\\d+ = add \\(line 5\\): its argument %\\d+ is defined later`,
      ),
    );
    const unverified = await mpcc(hoistBug(), "compile", source, "-o", join(dir, "hoisted.bc"));
    expect(unverified.code).toBe(1);
    expect(unverified.stderr).toMatch(
      new RegExp(`^mpcc: internal compiler error compiling ${source}: the optimiser failed: .*; compile with --verify-ir to find the pass that broke the IR\n`),
    );
    expect(unverified.stderr).toContain(`This is a bug in mpcc, not in ${source}`);
    expect(existsSync(join(dir, "hoisted.bc"))).toBe(false);
  });

  it("throws InternalCompilerError from the library, never a BytecodeError that would blame the file", () => {
    const result = compileSource("prog.mpc", PROGRAM);
    const damaged = { ...result.output!, bytes: result.output!.bytes.slice(0, 10) };
    expect(() => checkEmitted(damaged, "prog.mpc")).toThrow(InternalCompilerError);
    expect(() => checkEmitted(damaged, "prog.mpc")).toThrow(
      /^internal compiler error compiling prog\.mpc: the bytecode it emitted fails the VM's validation: /,
    );
    expect(() => checkEmitted(result.output!, "prog.mpc")).not.toThrow();
  });
});
