// The online-phase workloads: three parties over real loopback WebSockets, each its own process
// (bench/party.ts), or all three in this process over the in-process transport to separate compute from network.

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pack } from "msgpackr";
import { compileSource } from "../compiler/compile.js";
import { decodeProgram } from "../vm/bytecode/codec.js";
import type { LoadedProgram } from "../vm/bytecode/program.js";
import { ringOf } from "../vm/domain/ring.js";
import type { Vec } from "../vm/domain/ring64.js";
import { writePrep } from "../vm/files.js";
import { planExecution } from "../vm/machine/interpreter.js";
import { runParty } from "../vm/machine/party.js";
import { memoryNetwork } from "../vm/net/memory.js";
import { dealForRun, usesDealer } from "../vm/preprocessing/dealer.js";
import type { ProtocolName } from "../vm/protocol/protocol.js";
import { peakRssMb } from "./memory.js";

export interface OnlineWorkload {
  /** The program, for a size scaled by `scale`. */
  program(scale: number): string;
  /** Each party's input values. */
  inputs(scale: number): number[][];
  /** What ops/s counts. */
  operations(scale: number): number;
}

const n = (base: number, scale: number): number => Math.max(1, Math.round(base * scale));
const values = (count: number, seed: number): number[] => Array.from({ length: count }, (_, i) => ((i * 7919 + seed * 104729) % 2000) - 1000);

export const ONLINE: Record<string, OnlineWorkload> = {
  mul1m: {
    program: (s) => `N = ${n(1e6, s)}\nx = input(sint[N], party=0)\ny = input(sint[N], party=1)\noutput(sum(x * y), name="dot")\n`,
    inputs: (s) => [values(n(1e6, s), 1), values(n(1e6, s), 2), []],
    operations: (s) => n(1e6, s),
  },
  avg_salary: {
    program: (s) =>
      `N = ${n(1e5, s)}\ntotal = sfix(0)\nfor p in range(3):\n    total = total + sum(input(sfix[N], party=p))\noutput(total / (3 * N), name="average")\n`,
    inputs: (s) => [0, 1, 2].map((p) => values(n(1e5, s), p).map((v) => 50000 + 20 * v)),
    operations: (s) => 3 * n(1e5, s),
  },
  cmp100k: {
    program: (s) => `N = ${n(1e5, s)}\nx = input(sint[N], party=0)\ny = input(sint[N], party=1)\noutput(sum(x < y), name="count")\n`,
    inputs: (s) => [values(n(1e5, s), 3), values(n(1e5, s), 4), []],
    operations: (s) => n(1e5, s),
  },
  sort10k: {
    program: (s) =>
      `N = ${n(1e4, s)}\nv = input(sint[N], party=0)\nfor lo, hi in sorting_network(N):\n    v = compare_exchange(v, lo, hi)\noutput(v[0], name="least")\noutput(v[N - 1], name="most")\n`,
    inputs: (s) => [values(n(1e4, s), 5), [], []],
    operations: (s) => n(1e4, s),
  },
  sort10k_bound31: {
    program: (s) =>
      `from sort import sort\nN = ${n(1e4, s)}\nv = sort(input(sint[N], party=0), bound=2 ** 31)\noutput(v[0], name="least")\noutput(v[N - 1], name="most")\n`,
    inputs: (s) => [values(n(1e4, s), 5), [], []],
    operations: (s) => n(1e4, s),
  },
  fixdiv10k: {
    program: (s) =>
      `N = ${n(1e4, s)}\nx = input(sfix[N], party=0)\ny = input(sfix[N], party=1)\noutput(sum(x / y), name="quotients")\noutput(sum(sqrt(y)), name="roots")\n`,
    inputs: (s) => [values(n(1e4, s), 6).map((v) => v / 7), values(n(1e4, s), 7).map((v) => Math.abs(v) + 1), []],
    operations: (s) => 2 * n(1e4, s),
  },
  mul_chain1000: {
    // x·y + 1 each time: the additions keep the optimiser from rebalancing the chain into a tree.
    program: (s) => `x = input(sint, party=0)\ny = input(sint, party=1)\nfor i in range(${n(1000, s)}):\n    x = x * y + 1\noutput(x, name="chain")\n`,
    inputs: () => [[3], [1], []],
    operations: (s) => n(1000, s),
  },
};

export interface OnlineMeasurement {
  readonly seconds: number;
  readonly rounds: number;
  readonly bytesPerParty: number;
  readonly peakRssMb: number;
}

export function compileWorkload(
  w: OnlineWorkload,
  scale: number,
  protocol: ProtocolName = "additive",
): { loaded: LoadedProgram; bytes: Uint8Array; inputs: Array<Map<number, Vec>> } {
  const result = compileSource("bench.mpc", w.program(scale), { parties: 3, protocol });
  if (result.output === null) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  const loaded = decodeProgram(result.output.bytes);
  const ring = ringOf(loaded.program.domain);
  const perParty = w.inputs(scale);
  const inputs = [0, 1, 2].map((party) => {
    const owned = new Map<number, Vec>();
    let at = 0;
    loaded.program.inputs.forEach((spec, index) => {
      if (spec.party !== party) return;
      const v = ring.alloc(spec.len);
      const scale = spec.type === "sfix" ? 2 ** loaded.program.fracBits : 1;
      for (let i = 0; i < spec.len; i++) ring.set(v, i, BigInt(Math.round(perParty[party]![at++]! * scale)));
      owned.set(index, v);
    });
    return owned;
  });
  return { loaded, bytes: result.output.bytes, inputs };
}

/** All three parties (and the dealer) in this process over the in-process transport: compute without the network. */
export async function measureInProcess(w: OnlineWorkload, scale: number, protocol: ProtocolName = "additive"): Promise<OnlineMeasurement> {
  const { loaded, inputs } = compileWorkload(w, scale, protocol);
  const network = memoryNetwork(3);
  // As a networked party does, the program is analysed and the preprocessing loaded before the clock
  // starts. Under replicated and Shamir sharing the parties make their material in the run: it is timed.
  const plan = planExecution(loaded);
  const material = dealForRun(loaded.program);
  const started = performance.now();
  const results = await Promise.all(
    [0, 1, 2].map((party) => runParty({ loaded, party, inputs: inputs[party]!, material: material[party]!, network: network[party]!, print: () => {}, plan })),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(network.map((t) => t.close()));
  return { seconds, rounds: results[0]!.stats.rounds, bytesPerParty: Math.max(...results.map((r) => r.stats.bytesSent)), peakRssMb: peakRssMb() };
}

/** Three processes over loopback WebSockets; the online phase runs from the last party connected to the last one done. */
export async function measureOverSockets(
  w: OnlineWorkload,
  scale: number,
  partyScript: string,
  protocol: ProtocolName = "additive",
): Promise<OnlineMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), "mpc-bench-"));
  try {
    const { loaded, bytes, inputs } = compileWorkload(w, scale, protocol);
    writeFileSync(join(dir, "prog.bc"), bytes);
    if (usesDealer(loaded.program)) writePrep(loaded, join(dir, "prep"));
    inputs.forEach((m, p) =>
      writeFileSync(join(dir, `inputs${p}.bin`), pack([...m.entries()].map(([k, v]) => [k, new Uint8Array(v.buffer, v.byteOffset, v.byteLength)]))),
    );
    const ports = await freePorts(3);
    const addresses = ports.map((port) => ({ host: "127.0.0.1", port }));
    writeFileSync(join(dir, "parties.json"), JSON.stringify({ parties: addresses }));
    const reports = await Promise.all([0, 1, 2].map((p) => runChild(partyScript, [dir, String(p)])));
    const parsed = reports.map((r) => JSON.parse(r) as { readyAt: number; endedAt: number; rounds: number; bytesSent: number; peakRssMb: number });
    // From the moment the last party is connected: a party connected earlier waits in its first
    // round for the others to finish connecting, which is not the online phase.
    const onlineMs = Math.max(...parsed.map((r) => r.endedAt)) - Math.max(...parsed.map((r) => r.readyAt));
    return {
      seconds: onlineMs / 1000,
      rounds: parsed[0]!.rounds,
      bytesPerParty: Math.max(...parsed.map((r) => r.bytesSent)),
      peakRssMb: Math.max(...parsed.map((r) => r.peakRssMb)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, ...args], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`party ${args[1]} failed: ${stderr || error.message}`));
      else resolve(stdout.trim().split("\n").pop()!);
    });
  });
}

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
