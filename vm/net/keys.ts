// Makes a party's private key and self-signed certificate for `mpcvm keys`. Node makes the key;
// node-forge only assembles and signs the certificate, which Node's TLS then checks by fingerprint.

import { generateKeyPairSync, randomBytes, X509Certificate } from "node:crypto";
import forge from "node-forge";

export interface PartyKeys {
  /** PKCS#8 PEM: stays on this party's machine. */
  readonly keyPem: string;
  /** PEM: sent to the other parties (or just its fingerprint). */
  readonly certPem: string;
  readonly fingerprint: string;
}

export interface KeyRequest {
  readonly commonName: string;
  readonly organization?: string;
  readonly days: number;
  /** RSA modulus size; 3072 bits is NIST's level for use beyond 2030. Tests use less to be quick. */
  readonly bits?: number;
}

export function makePartyKeys(request: KeyRequest): PartyKeys {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: request.bits ?? 3072,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive 128-bit serial: random, so two certificates never share one.
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + request.days * 24 * 60 * 60 * 1000);
  const subject = [{ name: "commonName", value: request.commonName }];
  if (request.organization) subject.push({ name: "organizationName", value: request.organization });
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true, clientAuth: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return { keyPem: privateKey, certPem, fingerprint: new X509Certificate(certPem).fingerprint256 };
}
