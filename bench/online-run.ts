// One online workload in a process of its own, so that its peak memory is its own:
// `node dist/bench/online-run.js NAME SCALE websocket|in-process [PROTOCOL]` prints one JSON line.

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { optimiseForRounds } from "../vm/machine/tiering.js";
import type { ProtocolName } from "../vm/protocol/protocol.js";
import { measureInProcess, measureOverSockets, ONLINE } from "./online.js";

async function main(): Promise<void> {
  optimiseForRounds();
  const [name, scaleText, transport, protocolText] = process.argv.slice(2);
  const protocol = (protocolText ?? "additive") as ProtocolName;
  const workload = ONLINE[name ?? ""];
  if (workload === undefined) throw new Error(`unknown workload ${name}; known: ${Object.keys(ONLINE).join(", ")}`);
  const scale = Number(scaleText ?? "1");
  const partyScript = join(dirname(fileURLToPath(import.meta.url)), "party.js");
  const m = transport === "in-process" ? await measureInProcess(workload, scale, protocol) : await measureOverSockets(workload, scale, partyScript, protocol);
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
});
