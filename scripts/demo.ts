// `npm run demo`: three companies compute their average salary without showing each other a
// single salary. Compiles the program, deals preprocessing, runs three mpcvm processes on loopback.

import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const work = join(root, "demo");
const PARTIES = 3;
const EMPLOYEES = Number(process.env.EMPLOYEES ?? 1000);

function cli(tool: "mpcc" | "mpcvm"): string {
  return join(root, "dist", "cli", `${tool}.js`);
}

function run(args: string[], label: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => process.stderr.write(d));
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${label} exited with code ${code}`))));
  });
}

/** Free loopback ports, all held open until every one is found so that none repeats. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve) => {
          const server = createServer();
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

async function main(): Promise<void> {
  mkdirSync(join(work, "data"), { recursive: true });
  const salaries: number[][] = [];
  for (let p = 0; p < PARTIES; p++) {
    // Whole cents between 25,000 and 150,000.
    const values = Array.from({ length: EMPLOYEES }, () => randomInt(2_500_000, 15_000_000) / 100);
    salaries.push(values);
    writeFileSync(join(work, "data", `p${p}.csv`), `${values.join("\n")}\n`);
  }
  const bytecode = join(work, "avg.bc");
  console.log(`1. compile programs/average_salary.mpc for ${PARTIES} companies × ${EMPLOYEES} employees`);
  await run([cli("mpcc"), "compile", "programs/average_salary.mpc", "-o", bytecode, "-D", `EMPLOYEES=${EMPLOYEES}`], "mpcc");
  console.log("2. deal the preprocessing (one file per party)");
  await run([cli("mpcvm"), "preprocess", bytecode, "--parties", String(PARTIES), "--out", join(work, "prep")], "mpcvm preprocess");
  const ports = await freePorts(PARTIES);
  const config = join(work, "parties.json");
  writeFileSync(config, JSON.stringify({ parties: ports.map((port) => ({ host: "127.0.0.1", port })) }, null, 2));
  console.log(`3. run ${PARTIES} parties as separate processes on 127.0.0.1 ports ${ports.join(", ")}`);
  await Promise.all(
    Array.from({ length: PARTIES }, (_, p) =>
      run(
        [
          cli("mpcvm"),
          "run",
          bytecode,
          "--party",
          String(p),
          "--config",
          config,
          "--input",
          join(work, "data", `p${p}.csv`),
          "--prep",
          join(work, "prep"),
          "--output",
          join(work, `out-p${p}.json`),
          "--quiet",
        ],
        `party ${p}`,
      ),
    ),
  );
  const results = Array.from({ length: PARTIES }, (_, p) => JSON.parse(readFileSync(join(work, `out-p${p}.json`), "utf8")).average as number);
  const all = salaries.flat();
  const clear = all.reduce((a, b) => a + b, 0) / all.length;
  console.log("");
  console.log(`average salary (computed securely, as each party sees it): ${results.map((r) => r.toFixed(2)).join(", ")}`);
  console.log(`average salary (in the clear, for comparison):            ${clear.toFixed(2)}`);
  console.log(
    `difference: ${Math.abs(results[0]! - clear).toExponential(2)} (bound: 2 × 2^-16 ≈ 3.1e-5, from rounding the inputs and flooring the division; see docs/protocol.md)`,
  );
  if (results.some((r) => Math.abs(r - clear) > 0.01)) throw new Error("the secure result differs from the cleartext average");
}

main().catch((e: Error) => {
  console.error(`demo failed: ${e.message}`);
  process.exitCode = 1;
});
