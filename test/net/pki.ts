// Keys and certificates for socket tests: self-signed ones as `mpcvm keys` makes them (smaller
// RSA keys, to be quick), a private CA issuing certificates, and parties.json files naming them.

import { generateKeyPairSync, randomBytes, X509Certificate } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import forge from "node-forge";
import { makePartyKeys } from "../../vm/net/keys.js";

export interface PartyPki {
  readonly keyPath: string;
  readonly certPath: string;
  readonly fingerprint: string;
}

const BITS = 1024;

export function makeSelfSigned(dir: string, label: string): PartyPki {
  const keys = makePartyKeys({ commonName: label, days: 1, bits: BITS });
  return save(dir, label, keys.keyPem, keys.certPem);
}

export interface Ca {
  readonly certPath: string;
  issue(dir: string, label: string, commonName: string): PartyPki;
}

/** A private CA, as an organisation's PKI would run one (here with node-forge, as a test fixture). */
export function makeCa(dir: string, label = "ca"): Ca {
  const caKeys = generateKeyPairSync("rsa", {
    modulusLength: BITS,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const caName = [{ name: "commonName", value: `test CA ${label}` }];
  const ca = certificate(caKeys.publicKey, caName, caName, true);
  ca.sign(forge.pki.privateKeyFromPem(caKeys.privateKey), forge.md.sha256.create());
  const certPath = join(dir, `${label}.crt`);
  writeFileSync(certPath, forge.pki.certificateToPem(ca));
  return {
    certPath,
    issue(into, partyLabel, commonName) {
      const keys = generateKeyPairSync("rsa", {
        modulusLength: BITS,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
      });
      const cert = certificate(keys.publicKey, [{ name: "commonName", value: commonName }], caName, false);
      cert.sign(forge.pki.privateKeyFromPem(caKeys.privateKey), forge.md.sha256.create());
      return save(into, partyLabel, keys.privateKey, forge.pki.certificateToPem(cert));
    },
  };
}

function certificate(publicKeyPem: string, subject: forge.pki.CertificateField[], issuer: forge.pki.CertificateField[], isCa: boolean): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = `01${randomBytes(8).toString("hex")}`;
  cert.validity.notBefore = new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(
    isCa
      ? [
          { name: "basicConstraints", cA: true, critical: true },
          { name: "keyUsage", keyCertSign: true, critical: true },
        ]
      : [{ name: "basicConstraints", cA: false }],
  );
  return cert;
}

function save(dir: string, label: string, keyPem: string, certPem: string): PartyPki {
  const keyPath = join(dir, `${label}.key`);
  const certPath = join(dir, `${label}.crt`);
  writeFileSync(keyPath, keyPem, { mode: 0o600 });
  writeFileSync(certPath, certPem);
  return { keyPath, certPath, fingerprint: new X509Certificate(certPem).fingerprint256 };
}

export type Pin = "fingerprint" | "certificate";

/** A parties.json on 127.0.0.1 naming each party's certificate (by fingerprint or by file). */
export function writeTlsParties(path: string, ports: readonly number[], pki: readonly PartyPki[], pin: Pin = "fingerprint"): void {
  const parties = ports.map((port, i) => ({
    host: "127.0.0.1",
    port,
    name: `org ${i}`,
    ...(pin === "fingerprint" ? { fingerprint: `sha256:${pki[i]!.fingerprint}` } : { certificate: pki[i]!.certPath }),
  }));
  writeFileSync(path, JSON.stringify({ parties }, null, 2));
}
