// The text messages of a connection: the hello/welcome/refused exchange that opens it (two parties
// proceed only if protocol version, program hash and deal agree) and the abort notice that ends it.

import { CLIENT_NAME, MAX_CLIENTS, MAX_PARTIES } from "../bytecode/limits.js";
import { printable } from "./printable.js";

export const PROTOCOL_VERSION = 3;

export interface Identity {
  readonly protocol: number;
  readonly party: number;
  readonly programHash: string;
  readonly dealId: string;
  /** For programs with clients: each client's submission id, which every party must hold the same of. */
  readonly clients?: Readonly<Record<string, string>>;
}

export type HandshakeMessage =
  | ({ type: "hello" } & Identity)
  /** `seed`: 16 random bytes (hex) the two parties derive their shared pseudorandom stream from. */
  | { type: "welcome"; party: number; seed: string }
  | { type: "refused"; reason: string }
  /** Sent by a party that stops mid-run, so its peers report the cause rather than a disconnect. */
  | { type: "abort"; reason: string };

/** Hashes and deal ids are hex; a looser token still keeps a hostile hello out of our messages. */
const TOKEN = /^[0-9A-Za-z_-]{1,128}$/;

/** The message, or null for anything else: text from a peer is never trusted to be well formed. */
export function parseHandshake(text: string): HandshakeMessage | null {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof m !== "object" || m === null) return null;
  const r = m as Record<string, unknown>;
  if (r.type === "hello" && Number.isSafeInteger(r.protocol) && isParty(r.party) && isToken(r.programHash) && isToken(r.dealId)) {
    const hello = { type: "hello" as const, protocol: r.protocol as number, party: r.party, programHash: r.programHash, dealId: r.dealId };
    if (r.clients === undefined) return hello;
    return isSubmissions(r.clients) ? { ...hello, clients: r.clients } : null;
  }
  if (r.type === "welcome" && isParty(r.party) && typeof r.seed === "string" && /^[0-9a-f]{32}$/.test(r.seed)) {
    return { type: "welcome", party: r.party, seed: r.seed };
  }
  if ((r.type === "refused" || r.type === "abort") && typeof r.reason === "string") return { type: r.type, reason: printable(r.reason) };
  return null;
}

export function helloMessage(identity: Identity): string {
  return JSON.stringify({ type: "hello", ...identity });
}

export function welcomeMessage(party: number, seed: string): string {
  return JSON.stringify({ type: "welcome", party, seed });
}

export function refusedMessage(reason: string): string {
  return JSON.stringify({ type: "refused", reason });
}

export function abortMessage(reason: string): string {
  return JSON.stringify({ type: "abort", reason });
}

function isParty(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v < MAX_PARTIES;
}

function isToken(v: unknown): v is string {
  return typeof v === "string" && TOKEN.test(v);
}

function isSubmissions(v: unknown): v is Record<string, string> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const entries = Object.entries(v);
  return entries.length <= MAX_CLIENTS && entries.every(([name, id]) => CLIENT_NAME.test(name) && isToken(id));
}

/** Why `theirs` may not join `mine`'s computation, naming what differs, or null if it may. */
export function mismatch(mine: Identity, theirs: Identity): string | null {
  if (theirs.protocol !== mine.protocol) return `protocol version ${theirs.protocol}, but this party speaks version ${mine.protocol} (upgrade the older mpcvm)`;
  if (theirs.programHash !== mine.programHash) {
    return `a different program (hash ${short(theirs.programHash)}… vs ${short(mine.programHash)}…)`;
  }
  if (theirs.dealId !== mine.dealId) return dealMismatch(theirs.dealId, mine.dealId);
  return clientsMismatch(mine.clients ?? {}, theirs.clients ?? {});
}

/** A deal read from files is its id, '_', and the digest of the dealer's record of every party's file (vm/preprocessing/format.ts). */
function dealMismatch(theirs: string, mine: string): string {
  if (theirs.split("_")[0] !== mine.split("_")[0]) return `preprocessing from a different deal (${short(theirs)}… vs ${short(mine)}…)`;
  return "preprocessing of the same deal, but the dealer's record of the parties' files differs from this party's: a file was altered or replaced since it was dealt";
}

/** Every party must compute on the same submission of each client: a client that submitted twice, or to some parties only, stops the run. */
function clientsMismatch(mine: Readonly<Record<string, string>>, theirs: Readonly<Record<string, string>>): string | null {
  for (const name of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    const [a, b] = [theirs[name], mine[name]];
    if (a === b) continue;
    const show = (id: string | undefined) => (id === undefined ? "none" : `${short(id)}…`);
    return `with a different submission from client ${name} (${show(a)} vs ${show(b)}): the client submitted more than once, or not to every party; restart every party and submit again`;
  }
  return null;
}

function short(hash: string): string {
  return hash.slice(0, 12);
}
