// Loopback helpers for tests that open sockets: free ports and a parties.json for them.

import { writeFileSync } from "node:fs";
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function writePartiesFile(path: string, parties: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < parties; i++) ports.push(await freePort());
  writeFileSync(path, JSON.stringify({ parties: ports.map((port) => ({ host: "127.0.0.1", port })) }));
  return ports;
}
