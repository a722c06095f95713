// Secret sharing for a client, in the form the program's protocol holds shares: additive, replicated
// (pairs of additive shares) or Shamir (points of a random polynomial over a Galois ring). Randomness
// from the platform CSPRNG (crypto.getRandomValues). A client's output is the sum of every party's share. Browser-safe.

import type { ProtocolParams } from "./protocol.js";
import { GaloisConstants } from "./shamir/elements.js";

/**
 * Each party's shares of `values` as its VM holds them: ring elements as little-endian 64-bit
 * words, low word first, share component after share component.
 */
export function split(
  values: readonly bigint[],
  ringBits: 64 | 128,
  parties: number,
  protocol: ProtocolParams = { name: "additive", threshold: parties - 1 },
): Uint8Array[] {
  if (protocol.name === "replicated") {
    const [s0, s1, s2] = splitAdditive(values, ringBits, 3);
    return [join(s0!, s1!), join(s1!, s2!), join(s2!, s0!)];
  }
  if (protocol.name === "shamir") return splitShamir(values, ringBits, parties, protocol.threshold);
  return splitAdditive(values, ringBits, parties);
}

/**
 * The same for several inputs back to back (`lengths` values each): each input is shared on its
 * own, so every party's message holds its shares of one input after another, each in its full layout.
 */
export function splitInputs(
  values: readonly bigint[],
  lengths: readonly number[],
  ringBits: 64 | 128,
  parties: number,
  protocol: ProtocolParams,
): Uint8Array[] {
  const pieces: Uint8Array[][] = [];
  let at = 0;
  for (const len of lengths) {
    pieces.push(split(values.slice(at, at + len), ringBits, parties, protocol));
    at += len;
  }
  return Array.from({ length: parties }, (_, p) => concat(pieces.map((piece) => piece[p]!)));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * A random polynomial of degree t through each value (its other coefficients uniform in the Galois
 * ring), evaluated at every party's point: d ring elements a share, coefficient by coefficient.
 */
function splitShamir(values: readonly bigint[], ringBits: 64 | 128, parties: number, t: number): Uint8Array[] {
  const gr = new GaloisConstants(ringBits, parties);
  const bytesPer = ringBits / 8;
  const n = values.length;
  const messages = Array.from({ length: parties }, () => new Uint8Array(gr.d * n * bytesPer));
  const views = messages.map((m) => new DataView(m.buffer));
  const random = randomElements(n * t * gr.d, ringBits);
  const powers = Array.from({ length: parties }, (_, p) => Array.from({ length: t }, (_, j) => gr.power(gr.point(p), j + 1)));
  values.forEach((value, i) => {
    const coefficients = Array.from({ length: t }, (_, j) => random.slice((i * t + j) * gr.d, (i * t + j + 1) * gr.d));
    for (let p = 0; p < parties; p++) {
      let share = gr.constant(value);
      coefficients.forEach((c, j) => (share = gr.add(share, gr.mul(c, powers[p]![j]!))));
      share.forEach((coefficient, k) => put(views[p]!, k * n + i, coefficient, ringBits));
    }
  });
  return messages;
}

/** Additive shares: all but the last uniformly random, so any n − 1 are independent of the value. */
function splitAdditive(values: readonly bigint[], ringBits: 64 | 128, parties: number): Uint8Array[] {
  const modulus = 1n << BigInt(ringBits);
  const bytesPer = ringBits / 8;
  const messages = Array.from({ length: parties }, () => new Uint8Array(values.length * bytesPer));
  const views = messages.map((m) => new DataView(m.buffer));
  const random = randomElements(values.length * (parties - 1), ringBits);
  values.forEach((value, i) => {
    let last = ((value % modulus) + modulus) % modulus;
    for (let p = 0; p < parties - 1; p++) {
      const r = random[i * (parties - 1) + p]!;
      last = (last - r + modulus) % modulus;
      put(views[p]!, i, r, ringBits);
    }
    put(views[parties - 1]!, i, last, ringBits);
  });
  return messages;
}

/** The values whose shares the messages (one per party) hold: their sum, as signed integers. */
export function combine(messages: readonly Uint8Array[], ringBits: 64 | 128): bigint[] {
  const bytesPer = ringBits / 8;
  const count = messages[0]!.byteLength / bytesPer;
  const views = messages.map((m) => new DataView(m.buffer, m.byteOffset, m.byteLength));
  return Array.from({ length: count }, (_, i) =>
    BigInt.asIntN(
      ringBits,
      views.reduce((sum, v) => sum + get(v, i, ringBits), 0n),
    ),
  );
}

function put(view: DataView, i: number, v: bigint, ringBits: number): void {
  for (let w = 0; w < ringBits / 64; w++) view.setBigUint64((i * ringBits) / 8 + 8 * w, BigInt.asUintN(64, v >> BigInt(64 * w)), true);
}

function get(view: DataView, i: number, ringBits: number): bigint {
  let v = 0n;
  for (let w = 0; w < ringBits / 64; w++) v |= view.getBigUint64((i * ringBits) / 8 + 8 * w, true) << BigInt(64 * w);
  return v;
}

/** getRandomValues fills at most 65,536 bytes a call. */
const CHUNK = 65_536;

function randomElements(count: number, ringBits: number): bigint[] {
  const bytes = new Uint8Array(count * (ringBits / 8));
  for (let at = 0; at < bytes.length; at += CHUNK) crypto.getRandomValues(bytes.subarray(at, Math.min(at + CHUNK, bytes.length)));
  const view = new DataView(bytes.buffer);
  return Array.from({ length: count }, (_, i) => get(view, i, ringBits));
}
