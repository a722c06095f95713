// In-process parties over real sockets on 127.0.0.1: a small multi-round program, its inputs,
// one dealing, and a way to start the honest parties of a test (with or without TLS).

import { connect } from "node:net";
import type { LoadedProgram } from "../../vm/bytecode/program.js";
import type { Vec } from "../../vm/domain/ring64.js";
import type { LogEvent } from "../../vm/log.js";
import { decodeOutputs } from "../../vm/machine/outputs.js";
import type { PartyResult } from "../../vm/machine/party.js";
import { parsePartiesConfig, type PartiesConfig } from "../../vm/net/config.js";
import { loadTlsIdentity, type TlsIdentity } from "../../vm/net/tls.js";
import { ringOf } from "../../vm/domain/ring.js";
import { deal } from "../../vm/preprocessing/dealer.js";
import { Material } from "../../vm/preprocessing/material.js";
import { newDealId } from "../../vm/preprocessing/store.js";
import { runOverNetwork } from "../../vm/session.js";
import { compile, encodeInputs } from "../helpers.js";
import type { PartyPki } from "./pki.js";

/** x·y + z, ROUNDS times: one round per multiplication, so failures can strike mid-run. */
export const CHAIN = `ROUNDS = 5
x = input(sint, party=0)
y = input(sint, party=1)
z = input(sint, party=2)
for i in range(ROUNDS):
    x = x * y + z
output(x, name="x")
`;

export function chainProgram(rounds = 5): LoadedProgram {
  return compile(CHAIN, { defines: new Map([["ROUNDS", String(rounds)]]) }, "chain.mpc");
}

export function chainResult(x: bigint, y: bigint, z: bigint, rounds: number): bigint {
  for (let i = 0; i < rounds; i++) x = BigInt.asIntN(64, x * y + z);
  return x;
}

export interface Deal {
  readonly loaded: LoadedProgram;
  readonly inputs: Array<Map<number, Vec>>;
  readonly materials: Material[];
  readonly dealId: string;
}

export function dealChain(rounds: number, values: readonly number[] = [2, 3, 1]): Deal {
  const loaded = chainProgram(rounds);
  const ring = ringOf(loaded.program.domain);
  const dealt = deal(ring, loaded.program.preprocessing, 3);
  return {
    loaded,
    inputs: encodeInputs(
      loaded,
      values.map((v) => [v]),
    ),
    materials: dealt.map((m) => new Material(ring, m.items)),
    dealId: newDealId(),
  };
}

export function configFor(ports: readonly number[], pki?: readonly PartyPki[]): PartiesConfig {
  const parties = ports.map((port, i) => ({ host: "127.0.0.1", port, ...(pki ? { fingerprint: pki[i]!.fingerprint } : {}) }));
  return parsePartiesConfig({ parties }, "parties.json");
}

export function identityFor(config: PartiesConfig, party: number, pki: PartyPki): TlsIdentity {
  return loadTlsIdentity(config, party, { key: pki.keyPath, cert: pki.certPath });
}

export interface PartyOptions {
  readonly tls?: TlsIdentity | null;
  readonly connectTimeoutMs?: number;
  readonly roundTimeoutMs?: number;
  readonly events?: LogEvent[];
  readonly dealId?: string;
}

export function startParty(d: Deal, party: number, config: PartiesConfig, o: PartyOptions = {}): Promise<PartyResult> {
  return runOverNetwork({
    loaded: d.loaded,
    party,
    addresses: config.parties,
    inputs: d.inputs[party]!,
    material: d.materials[party]!,
    dealId: o.dealId ?? d.dealId,
    network: {
      connectTimeoutMs: o.connectTimeoutMs ?? 5000,
      roundTimeoutMs: o.roundTimeoutMs ?? 5000,
      tls: o.tls ?? null,
      ...(o.events ? { log: (e: LogEvent) => void o.events!.push(e) } : {}),
    },
  });
}

export function outputOf(d: Deal, result: PartyResult): unknown {
  return decodeOutputs(d.loaded.program, result.outputs).x;
}

/** The promise's error (failing the test if it resolved) and how long it took to arrive. */
export async function failureOf(promise: Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  try {
    await promise;
  } catch (e) {
    return { error: e as Error, ms: Date.now() - started };
  }
  throw new Error("expected the run to fail, but it succeeded");
}

/** True if nothing listens on the port any more. */
export function portClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}
