// `npm run bench [-- --scale S] [-- --only a,b]`: runs every workload in its own process, prints a
// table and writes bench/results.json with the machine it ran on.

import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ONLINE, type OnlineMeasurement } from "./online.js";
import { WORKLOADS, type Measurement } from "./workloads.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const scale = Number(option("scale") ?? "1");
  const only = option("only")?.split(",");
  const wanted = (n: string): boolean => only === undefined || only.includes(n);
  const names = Object.keys(WORKLOADS).filter(wanted);
  const results: Measurement[] = [];
  console.log(`${"workload".padEnd(20)} ${"seconds".padStart(9)} ${"ops/s".padStart(12)} ${"peak MB".padStart(8)}  details`);
  for (const [name, workload] of Object.entries(ONLINE)) {
    if (!wanted(name)) continue;
    for (const transport of ["websocket", "in-process"] as const) {
      const m = JSON.parse(lastLine(execFileSync(process.execPath, [join(here, "online-run.js"), name, String(scale), transport], { encoding: "utf8" }))) as OnlineMeasurement;
      const operations = workload.operations(scale);
      const row: Measurement = { workload: name, scale, transport, seconds: m.seconds, operations, peakRssMb: m.peakRssMb, rounds: m.rounds, bytesPerParty: m.bytesPerParty };
      results.push(row);
      const label = `${name} (${transport === "websocket" ? "ws" : "mem"})`;
      console.log(`${label.padEnd(20)} ${m.seconds.toFixed(3).padStart(9)} ${(operations / m.seconds).toExponential(2).padStart(12)} ${m.peakRssMb.toFixed(0).padStart(8)}  rounds=${m.rounds} bytes/party=${m.bytesPerParty}`);
    }
  }
  for (const name of names) {
    const out = execFileSync(process.execPath, [join(here, "workloads.js"), name, String(scale)], { encoding: "utf8" });
    const m = JSON.parse(lastLine(out)) as Measurement;
    results.push(m);
    const { workload, seconds, operations, peakRssMb, scale: _s, ...details } = m;
    const rate = operations / seconds;
    const extra = Object.entries(details).map(([k, v]) => `${k}=${v}`).join(" ");
    console.log(`${workload.padEnd(20)} ${seconds.toFixed(3).padStart(9)} ${rate.toExponential(2).padStart(12)} ${peakRssMb.toFixed(0).padStart(8)}  ${extra}`);
  }
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", memoryGb: Math.round(totalmem() / 2 ** 30) };
  const path = join(root, "bench", "results.json");
  writeFileSync(path, JSON.stringify({ date: new Date().toISOString(), machine, scale, results }, null, 2) + "\n");
  console.log(`wrote ${path}`);
}

function lastLine(out: string): string {
  return out.trim().split("\n").pop()!;
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
