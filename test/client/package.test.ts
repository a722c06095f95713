// The package's client entry as its users get it: `import … from "mpc-toolchain/client"` in Node
// (the exports map, resolved by Node itself), and in a browser bundle (esbuild's browser platform).

import { build } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, spawnNode } from "../cli/run-cli.js";

describe("the package's client entry", () => {
  it("exports submitInputs, fetchOutputs and their types to Node, and keeps the bin entries", async () => {
    const script = "const m = await import('mpc-toolchain/client'); console.log(Object.keys(m).sort().join(','))";
    const r = await spawnNode(["--input-type=module", "-e", script]).done;
    expect(r.stdout.trim()).toBe("ClientError,createClientKey,fetchOutputs,submitInputs");
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string>; exports: Record<string, unknown> };
    for (const bin of Object.values(pkg.bin)) expect(existsSync(join(ROOT, bin))).toBe(true);
    expect(existsSync(join(ROOT, "dist", "client", "index.d.ts"))).toBe(true);
    expect(existsSync(join(ROOT, "dist", "client", "browser.d.ts"))).toBe(true);
  });

  it("gives bundlers for browsers the browser entry, which imports nothing from Node", async () => {
    const result = await build({
      stdin: { contents: 'import { submitInputs, fetchOutputs } from "mpc-toolchain/client"; console.log(submitInputs, fetchOutputs);', resolveDir: ROOT },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain("dist/client/browser.js");
    expect(inputs).not.toContain("dist/client/index.js");
    expect(inputs.filter((i) => /^node:|\/ws\//.test(i))).toEqual([]);
  });
});
