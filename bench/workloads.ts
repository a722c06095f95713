// The benchmark workloads, each run in a process of its own so its time and peak memory are its
// own: `node dist/bench/workloads.js NAME SCALE` prints one JSON line of measurements.

import { randomInt } from "node:crypto";
import { compileSource } from "../compiler/compile.js";
import { decodeProgram } from "../vm/bytecode/codec.js";
import { ringOf } from "../vm/domain/ring.js";
import { encodePartyInputs, tokenizeInput } from "../vm/machine/inputs.js";
import { decodeOutputs } from "../vm/machine/outputs.js";
import { runParty } from "../vm/machine/party.js";
import { memoryNetwork } from "../vm/net/memory.js";
import { deal } from "../vm/preprocessing/dealer.js";
import { Material } from "../vm/preprocessing/material.js";

export interface Measurement {
  readonly workload: string;
  readonly scale: number;
  readonly seconds: number;
  readonly operations: number;
  readonly peakRssMb: number;
  readonly [extra: string]: string | number;
}

type Workload = (scale: number) => Promise<Omit<Measurement, "workload" | "scale" | "peakRssMb">>;

/** 100,000 × scale scalar statements made by unrolling a loop: the compiler's own speed and memory. */
function unrolledProgram(n: number): string {
  return [
    `N = ${n}`,
    "x = input(sint[N], party=0)",
    "y = input(sint[N], party=1)",
    "acc = sint(0)",
    "for i in range(N):",
    "    acc = acc + x[i] * y[i]",
    'output(acc, name="dot")',
    "",
  ].join("\n");
}

/** The same number of statements written out line by line: the parser's speed and memory. */
function writtenProgram(n: number): string {
  const lines = ["a = input(sint, party=0)", "b = input(sint, party=1)"];
  for (let i = 0; i < n; i++) lines.push(i % 2 === 0 ? `a = a + b * ${(i % 7) + 1}` : "b = b - a");
  lines.push('output(a + b, name="r")', "");
  return lines.join("\n");
}

function timeCompile(text: string): { seconds: number; instructions: number } {
  const started = process.hrtime.bigint();
  const result = compileSource("bench.mpc", text);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.output === null) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  return { seconds, instructions: result.output.instructions.length };
}

/** Seconds since `started` (a process.hrtime.bigint() reading). */
function since(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * Sorting 10,000 × scale secret values (stdlib/sort.mpc) with three parties in this process:
 * compiled and dealt first, then the online phase timed over the in-process transport.
 */
async function sortWorkload(scale: number, bound: string): Promise<Omit<Measurement, "workload" | "scale" | "peakRssMb">> {
  const n = Math.round(10_000 * scale);
  const text = `from sort import sort\nx = input(sint[${n}], party=0)\noutput(sort(x${bound}), name="sorted")\n`;
  let started = process.hrtime.bigint();
  const result = compileSource("sort.mpc", text, { parties: 3 });
  if (result.output === null) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  const loaded = decodeProgram(result.output.bytes);
  const compileSeconds = since(started);
  const values = Array.from({ length: n }, () => randomInt(-(2 ** 30), 2 ** 30));
  const inputs = [0, 1, 2].map((p) => encodePartyInputs(loaded.program, p, tokenizeInput(p === 0 ? values.join("\n") : "", "bench.csv"), "bench.csv"));
  const ring = ringOf(loaded.program.domain);
  started = process.hrtime.bigint();
  const materials = deal(ring, loaded.program.preprocessing, 3);
  const dealSeconds = since(started);
  const network = memoryNetwork(3);
  started = process.hrtime.bigint();
  const results = await Promise.all(network.map((net, party) =>
    runParty({ loaded, party, inputs: inputs[party]!, material: new Material(ring, materials[party]!.items), network: net, print: () => {} })));
  const seconds = since(started);
  await Promise.all(network.map((t) => t.close()));
  const sorted = decodeOutputs(loaded.program, results[0]!.outputs).sorted as number[];
  if (sorted.some((v, i) => i > 0 && v < sorted[i - 1]!) || sorted.length !== n) throw new Error("the sort's output is not sorted");
  return {
    seconds, operations: n, rounds: results[0]!.stats.rounds, sentMbPerParty: Math.round(results[0]!.stats.bytesSent / 1e5) / 10,
    compileSeconds: Math.round(compileSeconds * 100) / 100, dealSeconds: Math.round(dealSeconds * 100) / 100,
  };
}

export const WORKLOADS: Record<string, Workload> = {
  compile_unrolled: async (scale) => {
    const n = Math.round(100_000 * scale);
    const { seconds, instructions } = timeCompile(unrolledProgram(n));
    return { seconds, operations: n, instructions };
  },
  compile_lines: async (scale) => {
    const n = Math.round(100_000 * scale);
    const { seconds, instructions } = timeCompile(writtenProgram(n));
    return { seconds, operations: n, instructions };
  },
  sort10k_stdlib: (scale) => sortWorkload(scale, ""),
  sort10k_bound31: (scale) => sortWorkload(scale, ", bound=2 ** 31"),
};

async function main(): Promise<void> {
  const [name, scaleText] = process.argv.slice(2);
  const workload = WORKLOADS[name ?? ""];
  if (workload === undefined) throw new Error(`unknown workload ${name}; known: ${Object.keys(WORKLOADS).join(", ")}`);
  const scale = Number(scaleText ?? "1");
  const result = await workload(scale);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ workload: name, scale, ...result, peakRssMb }) + "\n");
}

if (process.argv[1]?.endsWith("workloads.js")) {
  main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  });
}
