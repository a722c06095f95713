// The messages between a client (a data owner that is not a party) and a party's client port, and
// the text a client signs to prove its name. Pure: the client SDK, in Node or a browser, shares it.
//
// party → client: challenge { party, programHash, nonce }
// client → party: hello { client, intent: submit|fetch, submission, signature over helloText(...) }
// party → client: ready | accepted (a repeated submission) | refused { reason }
// submit: client → party one binary message, this party's shares of every input of the client, in
//         program order (little-endian 64-bit words); party → client: accepted
// fetch:  party → client one binary message, its shares of every output for the client, once the
//         run has made them (or failed { reason }); client → party: received

import { CLIENT_NAME } from "../bytecode/limits.js";
import { printable } from "./printable.js";

export const CLIENT_PROTOCOL = 1;

export type Intent = "submit" | "fetch";

export type PartyMessage =
  | { type: "challenge"; protocol: number; party: number; programHash: string; nonce: string }
  | { type: "ready" }
  | { type: "accepted"; repeated: boolean }
  | { type: "refused"; reason: string }
  | { type: "failed"; reason: string };

export type ClientMessage =
  | { type: "hello"; protocol: number; client: string; intent: Intent; submission: string | null; signature: string }
  | { type: "received" };

/** Everything a client's signature covers: a replayed or forwarded hello fails on another party or nonce. */
export interface HelloFields {
  readonly party: number;
  readonly programHash: string;
  readonly nonce: string;
  readonly client: string;
  readonly intent: Intent;
  readonly submission: string | null;
}

export function helloText(f: HelloFields): string {
  return [
    "mpc-client-hello/1",
    `party=${f.party}`,
    `program=${f.programHash}`,
    `nonce=${f.nonce}`,
    `client=${f.client}`,
    `intent=${f.intent}`,
    `submission=${f.submission ?? "-"}`,
  ].join("\n");
}

const HEX = /^[0-9a-f]{16,128}$/;
const BASE64 = /^[A-Za-z0-9+/]{1,200}={0,2}$/;

function record(text: string): Record<string, unknown> | null {
  try {
    const m: unknown = JSON.parse(text);
    return typeof m === "object" && m !== null && !Array.isArray(m) ? (m as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A party's message, or null for anything malformed: what a party says is checked, not trusted. */
export function parsePartyMessage(text: string): PartyMessage | null {
  const r = record(text);
  if (r === null) return null;
  switch (r.type) {
    case "challenge":
      if (!Number.isSafeInteger(r.protocol) || !Number.isSafeInteger(r.party) || typeof r.programHash !== "string" || !HEX.test(r.programHash)) return null;
      if (typeof r.nonce !== "string" || !HEX.test(r.nonce)) return null;
      return { type: "challenge", protocol: r.protocol as number, party: r.party as number, programHash: r.programHash, nonce: r.nonce };
    case "ready":
      return { type: "ready" };
    case "accepted":
      return { type: "accepted", repeated: r.repeated === true };
    case "refused":
    case "failed":
      return typeof r.reason === "string" ? { type: r.type, reason: printable(r.reason) } : null;
    default:
      return null;
  }
}

/** A client's message, or null for anything malformed (a stranger may send anything). */
export function parseClientMessage(text: string): ClientMessage | null {
  const r = record(text);
  if (r === null) return null;
  if (r.type === "received") return { type: "received" };
  if (r.type !== "hello" || !Number.isSafeInteger(r.protocol) || typeof r.client !== "string" || !CLIENT_NAME.test(r.client)) return null;
  if (r.intent !== "submit" && r.intent !== "fetch") return null;
  const submission = r.intent === "submit" ? r.submission : null;
  if (submission !== null && (typeof submission !== "string" || !HEX.test(submission))) return null;
  if (typeof r.signature !== "string" || !BASE64.test(r.signature)) return null;
  return { type: "hello", protocol: r.protocol as number, client: r.client, intent: r.intent, submission, signature: r.signature };
}

export function partyMessage(m: PartyMessage): string {
  return JSON.stringify(m);
}

export function clientMessage(m: ClientMessage): string {
  return JSON.stringify(m);
}
