// parties.json: where each party listens. Read and checked here so that a typo in an operator's
// file ends in a message naming the file and the entry, not a failed connection later.

import { readFileSync } from "node:fs";

export interface PartyAddress {
  readonly host: string;
  readonly port: number;
  readonly name?: string;
}

export class ConfigError extends Error {}

export function readPartiesConfig(path: string): PartyAddress[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new ConfigError(`cannot read the parties file ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parsePartiesConfig(json, path);
}

export function parsePartiesConfig(json: unknown, path: string): PartyAddress[] {
  const list = typeof json === "object" && json !== null && "parties" in json ? (json as { parties: unknown }).parties : undefined;
  if (!Array.isArray(list)) throw new ConfigError(`${path} must have a "parties" list`);
  if (list.length < 2) throw new ConfigError(`${path} lists ${list.length} part${list.length === 1 ? "y" : "ies"}; at least 2 are needed`);
  return list.map((entry: unknown, i) => {
    const where = `${path}: parties[${i}]`;
    if (typeof entry !== "object" || entry === null) throw new ConfigError(`${where} must be an object with "host" and "port"`);
    const { host, port, name } = entry as Record<string, unknown>;
    if (typeof host !== "string" || host === "") throw new ConfigError(`${where} needs a "host"`);
    if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ConfigError(`${where} needs a "port" between 1 and 65535`);
    }
    if (name !== undefined && typeof name !== "string") throw new ConfigError(`${where}: "name" must be a string`);
    return name === undefined ? { host, port } : { host, port, name };
  });
}

export function describeParty(party: number, address: PartyAddress | undefined): string {
  const label = address?.name ? `party ${party} (${address.name})` : `party ${party}`;
  return address ? `${label} at ${address.host}:${address.port}` : label;
}
