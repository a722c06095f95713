// One party of an online benchmark: loads what the harness prepared, connects over loopback
// WebSockets, and prints one JSON line: when it was connected and done, rounds, bytes, peak memory.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unpack } from "msgpackr";
import { loadPrep, loadProgram } from "../vm/files.js";
import type { Vec } from "../vm/domain/ring64.js";
import { readPartiesConfig } from "../vm/net/config.js";
import { optimiseForRounds } from "../vm/machine/tiering.js";
import { NO_DEAL, runOverNetwork } from "../vm/session.js";
import { usesDealer } from "../vm/preprocessing/dealer.js";
import { peakRssMb } from "./memory.js";

async function main(): Promise<void> {
  optimiseForRounds();
  const [dir, partyText] = process.argv.slice(2) as [string, string];
  const party = Number(partyText);
  const loaded = loadProgram(join(dir, "prog.bc"));
  const prep = usesDealer(loaded.program) ? loadPrep(loaded, party, join(dir, "prep")) : null;
  const entries = unpack(readFileSync(join(dir, `inputs${party}.bin`))) as Array<[number, Uint8Array]>;
  const inputs = new Map<number, Vec>(
    entries.map(([k, bytes]) => {
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      return [k, new BigUint64Array(copy.buffer)];
    }),
  );
  const addresses = readPartiesConfig(join(dir, "parties.json")).parties;
  // Times on the machine's clock (milliseconds since the epoch): the harness compares parties.
  const now = (): number => performance.timeOrigin + performance.now();
  let readyAt = 0;
  const result = await runOverNetwork({
    loaded,
    party,
    addresses,
    inputs,
    material: prep?.material ?? null,
    dealId: prep?.handshakeDeal ?? NO_DEAL,
    network: { connectTimeoutMs: 60_000, roundTimeoutMs: 300_000 },
    onReady: () => void (readyAt = now()),
  });
  const endedAt = now();
  process.stdout.write(`${JSON.stringify({ readyAt, endedAt, rounds: result.stats.rounds, bytesSent: result.stats.bytesSent, peakRssMb: peakRssMb() })}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exitCode = 1;
});
