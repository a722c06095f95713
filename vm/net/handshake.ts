// The first message on every connection: who the sender is and what it is about to run.
// Two parties proceed only if protocol version, program hash and preprocessing deal all agree.

export const PROTOCOL_VERSION = 1;

export interface Identity {
  readonly protocol: number;
  readonly party: number;
  readonly programHash: string;
  readonly dealId: string;
}

export type HandshakeMessage =
  | ({ type: "hello" } & Identity)
  | { type: "welcome"; party: number }
  | { type: "refused"; reason: string };

export function parseHandshake(text: string): HandshakeMessage | null {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof m !== "object" || m === null) return null;
  const r = m as Record<string, unknown>;
  if (r.type === "hello" && typeof r.protocol === "number" && isParty(r.party) && typeof r.programHash === "string" && typeof r.dealId === "string") {
    return { type: "hello", protocol: r.protocol, party: r.party, programHash: r.programHash, dealId: r.dealId };
  }
  if (r.type === "welcome" && isParty(r.party)) return { type: "welcome", party: r.party };
  if (r.type === "refused" && typeof r.reason === "string") return { type: "refused", reason: r.reason.slice(0, 500) };
  return null;
}

function isParty(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 64;
}

/** Why `theirs` may not join `mine`'s computation, or null if it may. */
export function mismatch(mine: Identity, theirs: Identity): string | null {
  if (theirs.protocol !== mine.protocol) return `protocol version ${theirs.protocol} differs from ${mine.protocol}`;
  if (theirs.programHash !== mine.programHash) {
    return `a different program (hash ${short(theirs.programHash)}… vs ${short(mine.programHash)}…)`;
  }
  if (theirs.dealId !== mine.dealId) return `preprocessing from a different deal (${short(theirs.dealId)}… vs ${short(mine.dealId)}…)`;
  return null;
}

function short(hash: string): string {
  return hash.slice(0, 12);
}
