// `npm run bench [-- --scale S] [-- --only a,b] [-- --repeat N] [-- --protocols a,b]`: runs every workload
// N times (5 by default) under each protocol, each run in a process of its own, prints the median and writes bench/results.json.

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

/** Runs a script once per repeat; the result of the median run by time, with the spread of all. */
function measured<T extends { seconds: number; peakRssMb: number }>(script: string, args: string[], repeat: number): T & { runs: number[] } {
  const runs = Array.from(
    { length: repeat },
    () => JSON.parse(lastLine(execFileSync(process.execPath, [join(here, script), ...args], { encoding: "utf8" }))) as T,
  );
  runs.sort((a, b) => a.seconds - b.seconds);
  const median = runs[Math.floor(runs.length / 2)]!;
  return { ...median, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)), runs: runs.map((r) => Number(r.seconds.toFixed(4))) };
}

function row(label: string, seconds: number, operations: number, peakRssMb: number, details: string): void {
  console.log(
    `${label.padEnd(22)} ${seconds.toFixed(3).padStart(9)} ${(operations / seconds).toExponential(2).padStart(10)} ${peakRssMb.toFixed(0).padStart(8)}  ${details}`,
  );
}

async function main(): Promise<void> {
  const scale = Number(option("scale") ?? "1");
  const repeat = Math.max(1, Number(option("repeat") ?? "5"));
  const only = option("only")?.split(",");
  const protocols = option("protocols")?.split(",") ?? ["additive", "replicated", "shamir"];
  const wanted = (n: string): boolean => only === undefined || only.includes(n);
  const results: Measurement[] = [];
  console.log(`median of ${repeat} run(s), scale ${scale}`);
  console.log(`${"workload".padEnd(22)} ${"seconds".padStart(9)} ${"ops/s".padStart(10)} ${"peak MB".padStart(8)}  details`);
  for (const [name, workload] of Object.entries(ONLINE)) {
    if (!wanted(name)) continue;
    for (const protocol of protocols)
      for (const transport of ["websocket", "in-process"] as const) {
        const m = measured<OnlineMeasurement>("online-run.js", [name, String(scale), transport, protocol], repeat);
        const operations = workload.operations(scale);
        results.push({
          workload: name,
          protocol,
          scale,
          transport,
          seconds: m.seconds,
          operations,
          peakRssMb: m.peakRssMb,
          rounds: m.rounds,
          bytesPerParty: m.bytesPerParty,
          runs: m.runs.join(" "),
        });
        row(
          `${name} ${protocol.slice(0, 3)} (${transport === "websocket" ? "ws" : "mem"})`,
          m.seconds,
          operations,
          m.peakRssMb,
          `rounds=${m.rounds} bytes/party=${m.bytesPerParty} runs=${m.runs.join("/")}`,
        );
      }
  }
  if (wanted("ws_rounds1000")) {
    // Not the VM: rounds through the ws library alone, a reference for mul_chain1000.
    const m = measured<Measurement>("floor.js", [String(scale)], repeat);
    results.push({ ...m, runs: m.runs.join(" ") });
    row("ws_rounds1000 (floor)", m.seconds, m.operations, m.peakRssMb, `raw ws, 32-byte messages, no VM runs=${m.runs.join("/")}`);
  }
  for (const name of Object.keys(WORKLOADS).filter(wanted)) {
    const m = measured<Measurement>("workloads.js", [name, String(scale)], repeat);
    const { workload, seconds, operations, peakRssMb, scale: _s, runs, ...details } = m;
    results.push({ ...m, runs: runs.join(" ") });
    row(
      workload,
      seconds,
      operations,
      peakRssMb,
      `${Object.entries(details)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")} runs=${runs.join("/")}`,
    );
  }
  if (only !== undefined) return console.log("bench/results.json is left as it was: it holds whole runs only");
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", memoryGb: Math.round(totalmem() / 2 ** 30) };
  const path = join(root, "bench", "results.json");
  writeFileSync(path, `${JSON.stringify({ date: new Date().toISOString(), machine, scale, repeat, results }, null, 2)}\n`);
  console.log(`wrote ${path}`);
}

function lastLine(out: string): string {
  return out.trim().split("\n").pop()!;
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
