// The benchmark workloads, each run in a process of its own so its time and peak memory are its
// own: `node dist/bench/workloads.js NAME SCALE` prints one JSON line of measurements.

import { compileSource } from "../compiler/compile.js";
import { peakRssMb } from "./memory.js";

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
};

async function main(): Promise<void> {
  const [name, scaleText] = process.argv.slice(2);
  const workload = WORKLOADS[name ?? ""];
  if (workload === undefined) throw new Error(`unknown workload ${name}; known: ${Object.keys(WORKLOADS).join(", ")}`);
  const scale = Number(scaleText ?? "1");
  const result = await workload(scale);
  process.stdout.write(`${JSON.stringify({ workload: name, scale, ...result, peakRssMb: peakRssMb() })}\n`);
}

if (process.argv[1]?.endsWith("workloads.js")) {
  main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  });
}
