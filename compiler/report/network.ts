// Online time from rounds and bytes for named networks: each round costs one one-way latency
// plus the time the busiest party needs to push (or take in) its messages through its link.

import { FRAME_HEADER } from "../../vm/net/frame.js";
import type { Round } from "./segments.js";

export interface NetworkProfile {
  readonly name: string;
  /** Round-trip time in milliseconds. */
  readonly rttMs: number;
  /** Each party's link, in bits per second (both directions). */
  readonly bitsPerSecond: number;
}

export const PROFILES: readonly NetworkProfile[] = [
  { name: "LAN", rttMs: 0.2, bitsPerSecond: 1e9 },
  { name: "WAN", rttMs: 50, bitsPerSecond: 100e6 },
];

/**
 * Every party sends each peer one message per round and waits for one from each, so a round
 * takes half a round trip once the messages are on the wire; the busiest party's bytes (with a
 * frame header per message) set how long they take to get there. Local computation is not counted.
 */
export function roundSeconds(profile: NetworkProfile, round: Round): number {
  const parties = round.sent.length;
  const headers = FRAME_HEADER * (parties - 1);
  let busiest = 0;
  for (let p = 0; p < parties; p++) busiest = Math.max(busiest, round.sent[p]! + headers, round.received[p]! + headers);
  return profile.rttMs / 2000 + (busiest * 8) / profile.bitsPerSecond;
}
