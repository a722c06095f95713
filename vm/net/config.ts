// parties.json: where each party listens and which certificate it must present. Read and checked
// here so that a typo in an operator's file ends in a message naming the file and the entry.

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseClientEntries, type ClientEntry } from "./client-config.js";
import { normalizeFingerprint } from "./fingerprint.js";

export interface PartyAddress {
  readonly host: string;
  readonly port: number;
  /** Where clients (data owners that are not parties) reach this party: see docs/clients.md. */
  readonly clientPort?: number;
  readonly name?: string;
  /** The party's certificate file (PEM), resolved against the parties file's folder. */
  readonly certificate?: string;
  /** The SHA-256 fingerprint of the party's certificate, as `AB:CD:…` in upper case. */
  readonly fingerprint?: string;
  /** With a private CA: the common name the CA put in this party's certificate. */
  readonly commonName?: string;
}

export interface PartiesConfig {
  readonly path: string;
  readonly parties: readonly PartyAddress[];
  /** A private CA's certificate file (PEM), if the parties' certificates are issued by one. */
  readonly ca?: string;
  /** True when the file names certificates: every connection is then TLS with both sides pinned. */
  readonly tls: boolean;
  /** The clients' names and public keys, for programs with clients. */
  readonly clients?: readonly ClientEntry[];
}

export class ConfigError extends Error {}

export function readPartiesConfig(path: string): PartiesConfig {
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

export function parsePartiesConfig(json: unknown, path: string): PartiesConfig {
  const record = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const list = record.parties;
  if (!Array.isArray(list)) throw new ConfigError(`${path} must have a "parties" list`);
  if (list.length < 2) throw new ConfigError(`${path} lists ${list.length} part${list.length === 1 ? "y" : "ies"}; at least 2 are needed`);
  const base = dirname(path);
  const ca = record.ca;
  if (ca !== undefined && (typeof ca !== "string" || ca === "")) throw new ConfigError(`${path}: "ca" must be the path of a certificate file`);
  const parties = list.map((entry: unknown, i) => parseEntry(entry, `${path}: parties[${i}]`, base));
  checkUnique(parties, path);
  const tls = ca !== undefined || parties.some(hasIdentity);
  if (tls) {
    parties.forEach((p, i) => {
      if (hasIdentity(p) && (p.commonName === undefined || ca !== undefined)) return;
      const what = p.commonName !== undefined ? `a "commonName" works only with a top-level "ca"` : `it needs a "certificate" or a "fingerprint"`;
      throw new ConfigError(`${path}: parties[${i}] names no certificate while other entries do: ${what} (see docs/operating.md)`);
    });
  }
  const clients = parseClientEntries(record.clients, path);
  return { path, parties, tls, ...(typeof ca === "string" ? { ca: resolve(base, ca) } : {}), ...(clients.length > 0 ? { clients } : {}) };
}

function parseEntry(entry: unknown, where: string, base: string): PartyAddress {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new ConfigError(`${where} must be an object with "host" and "port"`);
  const { host, port, clientPort, name, certificate, fingerprint, commonName } = entry as Record<string, unknown>;
  if (typeof host !== "string" || host === "") throw new ConfigError(`${where} needs a "host"`);
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`${where} needs a "port" between 1 and 65535`);
  }
  const out: { -readonly [K in keyof PartyAddress]: PartyAddress[K] } = { host, port };
  if (clientPort !== undefined) {
    if (typeof clientPort !== "number" || !Number.isInteger(clientPort) || clientPort < 1 || clientPort > 65535 || clientPort === port) {
      throw new ConfigError(`${where}: "clientPort" must be a port between 1 and 65535, other than "port"`);
    }
    out.clientPort = clientPort;
  }
  if (name !== undefined) out.name = text(name, `${where}: "name"`);
  if (certificate !== undefined) out.certificate = resolve(base, text(certificate, `${where}: "certificate"`));
  if (commonName !== undefined) out.commonName = text(commonName, `${where}: "commonName"`);
  if (fingerprint !== undefined) {
    const normal = normalizeFingerprint(text(fingerprint, `${where}: "fingerprint"`));
    if (normal === null) throw new ConfigError(`${where}: "fingerprint" must be a SHA-256 fingerprint, 32 hex bytes as printed by mpcvm keys`);
    out.fingerprint = normal;
  }
  return out;
}

function text(v: unknown, where: string): string {
  if (typeof v !== "string" || v === "") throw new ConfigError(`${where} must be a non-empty string`);
  return v;
}

function hasIdentity(p: PartyAddress): boolean {
  return p.certificate !== undefined || p.fingerprint !== undefined || p.commonName !== undefined;
}

/** Two entries with one address would make a party dial itself; say so instead (client ports included). */
function checkUnique(parties: readonly PartyAddress[], path: string): void {
  const seen = new Map<string, string>();
  const claim = (host: string, port: number, what: string): void => {
    const key = `${host.toLowerCase()}:${port}`;
    const first = seen.get(key);
    if (first !== undefined) throw new ConfigError(`${path}: ${first} and ${what} both listen on ${host}:${port}`);
    seen.set(key, what);
  };
  parties.forEach((p, i) => {
    claim(p.host, p.port, `parties[${i}]`);
    if (p.clientPort !== undefined) claim(p.host, p.clientPort, `the client port of parties[${i}]`);
  });
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

export function describeParty(party: number, address: PartyAddress | undefined): string {
  const label = address?.name ? `party ${party} (${address.name})` : `party ${party}`;
  return address ? `${label} at ${address.host}:${address.port}` : label;
}
