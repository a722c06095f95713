// `npm run bundle`: the client SDK for browsers (client/browser.ts) as one ES module,
// examples/browser-client/mpc-client.js. esbuild refuses Node-only imports (node:crypto, ws) for
// the browser platform, so a bundle that builds is also a check that client/ stays browser-safe.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

/** The project's root, whether this runs from scripts/ (tsx) or dist/scripts/ (built). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
}

export async function bundleClient(outfile = join(projectRoot(), "examples", "browser-client", "mpc-client.js")): Promise<string> {
  await build({
    entryPoints: [join(projectRoot(), "client", "browser.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    legalComments: "none",
    logLevel: "silent",
    banner: { js: "// The MPC client SDK for browsers, bundled from client/browser.ts by `npm run bundle`. Do not edit." },
  });
  return outfile;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`wrote ${await bundleClient()}`);
}
