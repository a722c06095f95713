// Clients prove their name with an ECDSA P-256 key: the private key stays with the client (a file,
// or a browser's WebCrypto), parties.json holds the public key, and a party verifies a signed hello.

import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from "node:crypto";
import { ConfigError } from "./config.js";

export interface ClientKeyPair {
  /** PKCS#8 PEM: stays with the client. */
  readonly privatePem: string;
  /** The public key for parties.json: base64 of its SubjectPublicKeyInfo (DER). */
  readonly publicKey: string;
}

export function makeClientKey(): ClientKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ec", {
    namedCurve: "P-256",
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "der" },
  });
  return { privatePem: privateKey, publicKey: publicKey.toString("base64") };
}

/** A public key from parties.json, which must be an ECDSA P-256 key. */
export function parseClientPublicKey(text: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(text, "base64"), format: "der", type: "spki" });
  } catch {
    throw new ConfigError(`${where} is not a public key (base64 of its DER form, as mpcvm client-key prints it)`);
  }
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new ConfigError(`${where} is not an ECDSA P-256 key (mpcvm client-key makes one)`);
  }
  return key;
}

/** The signature (base64, r‖s as WebCrypto makes it) is the key's over `text`. */
export function verifyClientSignature(key: KeyObject, text: string, signature: string): boolean {
  const bytes = Buffer.from(signature, "base64");
  if (bytes.length !== 64) return false;
  return verify("sha256", Buffer.from(text, "utf8"), { key, dsaEncoding: "ieee-p1363" }, bytes);
}
