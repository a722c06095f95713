// The clients part of parties.json: each client's name and public key, and each party's
// "clientPort", where clients reach it. Checked against the program before a party starts.

import type { KeyObject } from "node:crypto";
import type { Program } from "../bytecode/program.js";
import { CLIENT_NAME } from "../bytecode/limits.js";
import { ConfigError, type PartiesConfig } from "./config.js";
import { parseClientPublicKey } from "./client-keys.js";

export interface ClientEntry {
  readonly name: string;
  /** Base64 of the client's ECDSA P-256 public key (SubjectPublicKeyInfo, DER). */
  readonly publicKey: string;
}

/** The "clients" list of parties.json (absent: no clients). */
export function parseClientEntries(v: unknown, path: string): ClientEntry[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ConfigError(`${path}: "clients" must be a list of {"name", "publicKey"}`);
  const seen = new Set<string>();
  return v.map((entry: unknown, i) => {
    const where = `${path}: clients[${i}]`;
    const { name, publicKey } = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof name !== "string" || !CLIENT_NAME.test(name)) throw new ConfigError(`${where} needs a "name" of letters, digits, '_', '.' or '-'`);
    if (seen.has(name)) throw new ConfigError(`${where}: the client ${name} is listed twice`);
    seen.add(name);
    if (typeof publicKey !== "string" || publicKey === "") throw new ConfigError(`${where} needs a "publicKey" (mpcvm client-key prints it)`);
    parseClientPublicKey(publicKey, `${where}: "publicKey"`);
    return { name, publicKey };
  });
}

/** The public key of every client the program names; a party refuses to start without them. */
export function clientKeysFor(program: Program, config: PartiesConfig): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const client of program.clients) {
    const entry = (config.clients ?? []).find((c) => c.name === client.name);
    if (entry === undefined) {
      throw new ConfigError(
        `${config.path} names no key for client ${client.name}, which the program names: add {"name": "${client.name}", "publicKey": …} to its "clients" (mpcvm client-key makes one)`,
      );
    }
    keys.set(client.name, parseClientPublicKey(entry.publicKey, `${config.path}: the key of client ${client.name}`));
  }
  config.parties.forEach((p, i) => {
    if (p.clientPort === undefined) throw new ConfigError(`${config.path}: parties[${i}] needs a "clientPort", where the program's clients reach it`);
  });
  return keys;
}
