// A pseudorandom generator for shares two parties both derive: AES-128 in counter mode from a
// 16-byte seed they agreed at start-up. Both ends draw in program order, so their streams agree.

import { createCipheriv, createHash, type Cipher } from "node:crypto";

export const SEED_BYTES = 16;

export class Prg {
  private readonly cipher: Cipher;

  constructor(seed: Uint8Array) {
    if (seed.length !== SEED_BYTES) throw new Error(`a PRG seed has ${SEED_BYTES} bytes`);
    this.cipher = createCipheriv("aes-128-ctr", seed, new Uint8Array(16));
  }

  /** The next n pseudorandom 64-bit words of the stream. */
  words(n: number): BigUint64Array {
    const out = new BigUint64Array(n);
    const bytes = new Uint8Array(out.buffer);
    bytes.set(this.cipher.update(bytes));
    return out;
  }
}

/** A seed for another purpose from the same agreed seed: independent streams for independent uses (SHA-256 with a label). */
export function derivedSeed(seed: Uint8Array, label: string): Uint8Array {
  return createHash("sha256").update(seed).update(label).digest().subarray(0, SEED_BYTES);
}
