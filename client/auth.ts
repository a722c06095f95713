// A client proves its name by signing each party's challenge with its ECDSA P-256 key, through
// WebCrypto (in Node and in browsers alike): the private key never leaves the client.

import type { webcrypto } from "node:crypto";
import { ClientError } from "./errors.js";

/** WebCrypto's key type (the global CryptoKey of browsers; node:crypto's webcrypto.CryptoKey in Node). */
export type SigningKey = webcrypto.CryptoKey;

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256" } as const;

/** A private key from its PKCS#8 PEM text (the file mpcvm client-key writes). */
export async function importSigningKey(pem: string, name = "the key"): Promise<SigningKey> {
  const match = /-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----/.exec(pem);
  if (match === null) throw new ClientError(`${name} is not a private key in PKCS#8 PEM form (mpcvm client-key makes one)`, "data");
  try {
    return await crypto.subtle.importKey("pkcs8", fromBase64(match[1]!.replace(/\s+/g, "")), ALGORITHM, false, ["sign"]);
  } catch {
    throw new ClientError(`${name} is not an ECDSA P-256 private key (mpcvm client-key makes one)`, "data");
  }
}

/** The signature of `text` (UTF-8), base64 of r‖s: what a party checks against parties.json. */
export async function sign(key: SigningKey, text: string): Promise<string> {
  const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, new TextEncoder().encode(text));
  return toBase64(new Uint8Array(signature));
}

/** A fresh random hex string of `bytes` bytes (nonces, submission ids). */
export function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}
