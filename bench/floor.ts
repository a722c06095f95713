// Rounds through the ws library alone, for reference: three processes exchanging 1,000 rounds of
// 32-byte messages all-to-all over loopback WebSockets, and nothing else (the VM frames its own).
// `node dist/bench/floor.js SCALE` prints one JSON line; each party is this script with a party number.

import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { optimiseForRounds } from "../vm/machine/tiering.js";
import { peakRssMb } from "./memory.js";

const PARTIES = 3;

async function party(me: number, ports: number[], rounds: number): Promise<number> {
  const sockets: Array<WebSocket | null> = ports.map(() => null);
  const received = ports.map(() => 0);
  let wake: (() => void) | null = null;
  const listen = (peer: number, ws: WebSocket): void => {
    sockets[peer] = ws;
    ws.on("message", () => {
      received[peer]!++;
      wake?.();
    });
    wake?.();
  };
  const server = new WebSocketServer({ port: ports[me], host: "127.0.0.1", perMessageDeflate: false });
  server.on("connection", (ws) => ws.once("message", (data: RawData) => listen(Number(data.toString()), ws)));
  await new Promise((resolve) => server.once("listening", resolve));
  process.send!("listening");
  await new Promise((resolve) => process.once("message", resolve));
  for (let p = 0; p < me; p++) {
    const ws = new WebSocket(`ws://127.0.0.1:${ports[p]}`, { perMessageDeflate: false });
    ws.once("open", () => {
      ws.send(String(me));
      listen(p, ws);
    });
  }
  const until = async (ready: () => boolean): Promise<void> => {
    while (!ready()) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  };
  await until(() => sockets.every((s, p) => s !== null || p === me));
  const message = new Uint8Array(32);
  const started = performance.now();
  for (let r = 1; r <= rounds; r++) {
    for (let p = 0; p < PARTIES; p++) if (p !== me) sockets[p]!.send(message);
    await until(() => received.every((n, p) => p === me || n >= r));
  }
  const seconds = (performance.now() - started) / 1000;
  for (const s of sockets) s?.terminate();
  server.close();
  return seconds;
}

async function main(): Promise<void> {
  const [first, second, third] = process.argv.slice(2);
  if (first === "party") {
    // The parties' own V8 settings, so that only the transport and the VM differ from a party.
    optimiseForRounds();
    const seconds = await party(Number(second), third!.split(",").map(Number), Number(process.argv[5]));
    process.send!({ seconds, peakRssMb: peakRssMb() });
    return;
  }
  const rounds = Math.max(1, Math.round(1000 * Number(first ?? "1")));
  const base = 20000 + Math.floor(Math.random() * 20000);
  const ports = Array.from({ length: PARTIES }, (_, p) => base + p).join(",");
  const script = fileURLToPath(import.meta.url);
  const children = Array.from({ length: PARTIES }, (_, p) => fork(script, ["party", String(p), ports, String(rounds)]));
  await Promise.all(children.map((c) => new Promise((resolve) => c.once("message", resolve))));
  const results = Promise.all(
    children.map(
      (c) => new Promise<{ seconds: number; peakRssMb: number }>((resolve) => c.once("message", (m) => resolve(m as { seconds: number; peakRssMb: number }))),
    ),
  );
  for (const c of children) c.send("go");
  const done = await results;
  const seconds = Math.max(...done.map((d) => d.seconds));
  process.stdout.write(
    `${JSON.stringify({ workload: "ws_rounds1000", seconds, operations: rounds, peakRssMb: Math.max(...done.map((d) => d.peakRssMb)), rounds })}\n`,
  );
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
});
