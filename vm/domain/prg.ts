// A pseudorandom generator for shares two parties both derive: AES-128 in counter mode from a
// 16-byte seed they agreed at start-up. Both ends draw in program order, so their streams agree.

import { createCipheriv, createHash, type Cipher } from "node:crypto";

export const SEED_BYTES = 16;

/** Zero bytes to encrypt: one buffer, grown as needed and never written, shared by every stream. */
let ZEROS = new Uint8Array(1 << 16);

function zeros(bytes: number): Uint8Array {
  if (ZEROS.length < bytes) ZEROS = new Uint8Array(Math.max(bytes, 2 * ZEROS.length));
  return ZEROS.subarray(0, bytes);
}

export class Prg {
  private readonly cipher: Cipher;

  constructor(seed: Uint8Array) {
    if (seed.length !== SEED_BYTES) throw new Error(`a PRG seed has ${SEED_BYTES} bytes`);
    this.cipher = createCipheriv("aes-128-ctr", seed, new Uint8Array(16));
  }

  /**
   * The next n pseudorandom 64-bit words of the stream: the cipher's output over zeros, used in
   * place when it is aligned (large outputs are), copied otherwise. The array is the caller's.
   */
  words(n: number): BigUint64Array {
    const stream = this.cipher.update(zeros(8 * n));
    if (stream.byteOffset % 8 === 0 && stream.byteLength === 8 * n) return new BigUint64Array(stream.buffer, stream.byteOffset, n);
    const out = new BigUint64Array(n);
    new Uint8Array(out.buffer).set(stream);
    return out;
  }
}

/** A seed for another purpose from the same agreed seed: independent streams for independent uses (SHA-256 with a label). */
export function derivedSeed(seed: Uint8Array, label: string): Uint8Array {
  return createHash("sha256").update(seed).update(label).digest().subarray(0, SEED_BYTES);
}
