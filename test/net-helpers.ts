// Loopback helpers for tests that open sockets: free ports and a parties.json for them.

import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";

/**
 * `count` distinct free ports on 127.0.0.1. All are held open until all are found: a port
 * closed and asked for again can come straight back, and two parties on one port cannot run.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      servers.push(await new Promise<Server>((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve(server));
      }));
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

export async function writePartiesFile(path: string, parties: number): Promise<number[]> {
  const ports = await freePorts(parties);
  writeFileSync(path, JSON.stringify({ parties: ports.map((port) => ({ host: "127.0.0.1", port })) }));
  return ports;
}
