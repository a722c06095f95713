// Additive secret sharing for a client: each value splits into one share per party, all but one
// uniformly random from the platform CSPRNG (crypto.getRandomValues), so any n−1 shares are
// independent of the value; a client's output is the sum of every party's share. Browser-safe.

/** One party's shares of `values`: ring elements as little-endian 64-bit words, low word first. */
export function split(values: readonly bigint[], ringBits: 64 | 128, parties: number): Uint8Array[] {
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
