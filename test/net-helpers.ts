// Loopback helpers for tests that open sockets: free ports and a parties.json for them.

import { randomInt } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";

/**
 * Ports are drawn below the kernel's ephemeral range (32768 up on Linux), where neither a `listen(0)`
 * nor the source port of an outgoing connection of a test running in parallel can land on them, and
 * each test worker draws from its own slice so two workers never pick the same port.
 */
const FIRST = 20_000;
const SLICE = 1_200;
const WORKERS = 10;

/** `count` distinct free ports on 127.0.0.1, each checked by binding it; all held until all are found. */
export async function freePorts(count: number): Promise<number[]> {
  const worker = Number(process.env.VITEST_POOL_ID ?? process.pid) % WORKERS;
  const servers: Server[] = [];
  try {
    for (let attempts = 0; servers.length < count; attempts++) {
      if (attempts > 200) throw new Error("no free loopback port found for the test");
      const server = await bind(FIRST + worker * SLICE + randomInt(SLICE));
      if (server !== null) servers.push(server);
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

function bind(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(null));
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

export async function writePartiesFile(path: string, parties: number): Promise<number[]> {
  const ports = await freePorts(parties);
  writeFileSync(path, JSON.stringify({ parties: ports.map((port) => ({ host: "127.0.0.1", port })) }));
  return ports;
}
