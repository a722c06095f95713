// Where a client reaches each party: the "clientPort" of each entry of parties.json, over TLS
// (wss://) when the file names certificates, else plain ws:// (loopback only). Browser-safe.

import { ClientError } from "./errors.js";

export interface PartyEndpoint {
  readonly party: number;
  readonly host: string;
  readonly clientPort: number;
  readonly name?: string;
  /** The file names certificates: connect with TLS and check the party's certificate. */
  readonly tls: boolean;
}

/** The endpoints of parties.json's content (already parsed); `where` names it in errors. */
export function endpointsFrom(json: unknown, where = "parties.json"): PartyEndpoint[] {
  const record = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const list = record.parties;
  if (!Array.isArray(list) || list.length < 2) throw new ClientError(`${where} must have a "parties" list of at least 2 parties`, "data");
  const tls =
    record.ca !== undefined || list.some((e) => typeof e === "object" && e !== null && ("fingerprint" in e || "certificate" in e || "commonName" in e));
  return list.map((entry: unknown, party) => {
    const { host, clientPort, name } = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof host !== "string" || host === "") throw new ClientError(`${where}: parties[${party}] needs a "host"`, "data");
    if (typeof clientPort !== "number" || !Number.isInteger(clientPort) || clientPort < 1 || clientPort > 65535) {
      throw new ClientError(`${where}: parties[${party}] needs a "clientPort", where clients reach it`, "data");
    }
    return { party, host, clientPort, tls, ...(typeof name === "string" && name !== "" ? { name } : {}) };
  });
}

export function urlOf(e: PartyEndpoint): string {
  const host = e.host.includes(":") && !e.host.startsWith("[") ? `[${e.host}]` : e.host;
  return `${e.tls ? "wss" : "ws"}://${host}:${e.clientPort}/`;
}

export function describeEndpoint(e: PartyEndpoint): string {
  return `party ${e.party}${e.name ? ` (${e.name.replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, 80)})` : ""} at ${e.host}:${e.clientPort}`;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** Plain ws:// carries shares unencrypted: only to this machine, unless the caller insists. */
export function checkTransport(endpoints: readonly PartyEndpoint[], insecure: boolean): void {
  const remote = endpoints.find((e) => !e.tls && !LOOPBACK.test(e.host));
  if (remote !== undefined && !insecure) {
    throw new ClientError(
      `parties.json names no certificates, and ${remote.host} is not this machine: shares would cross the network unencrypted. Use a parties.json with certificates (docs/clients.md) or, on a network you trust, allow it with --insecure`,
      "usage",
    );
  }
}
