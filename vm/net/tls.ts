// This party's TLS identity (key and certificate) and the rule each peer's certificate must meet:
// a pinned fingerprint, or a private CA's signature plus the common name parties.json names.

import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import type { TLSSocket } from "node:tls";
import { ConfigError, type PartiesConfig } from "./config.js";
import { shortFingerprint } from "./fingerprint.js";
import { printable } from "./printable.js";

/** A certificate a peer presented on a TLS connection, as far as the checks need it. */
export interface PeerCertificate {
  readonly fingerprint: string;
  readonly commonName: string | null;
  readonly validTo: Date | null;
  /** The chain verifies against the configured CA (always false without one). */
  readonly authorized: boolean;
  readonly authorizationError: string | null;
}

export interface PeerRule {
  readonly fingerprint?: string;
  readonly commonName?: string;
}

export interface TlsIdentity {
  readonly key: string;
  readonly cert: string;
  readonly ca?: string;
  readonly fingerprint: string;
  readonly rules: readonly PeerRule[];
  /** Things an operator should fix but that do not stop the run (a key file others can read). */
  readonly warnings: readonly string[];
}

export interface TlsFiles {
  readonly key: string;
  /** This party's certificate; by default the one parties.json names for it. */
  readonly cert?: string;
}

export function loadTlsIdentity(config: PartiesConfig, party: number, files: TlsFiles): TlsIdentity {
  const warnings: string[] = [];
  const keyPem = readText(files.key, "private key");
  const key = parseKey(keyPem, files.key);
  const mode = statSync(files.key).mode;
  if ((mode & 0o077) !== 0) warnings.push(`the private key ${files.key} can be read by other users of this machine (chmod 600 it)`);
  const certPath = files.cert ?? config.parties[party]!.certificate;
  if (certPath === undefined)
    throw new ConfigError(`give this party's certificate with --cert, or name it as "certificate" in ${config.path}'s entry for party ${party}`);
  const certPem = readText(certPath, "certificate");
  const cert = parseCertificate(certPem, certPath);
  if (!cert.checkPrivateKey(key)) throw new ConfigError(`the certificate ${certPath} does not belong to the private key ${files.key}`);
  if (new Date(cert.validTo) < new Date()) throw new ConfigError(`the certificate ${certPath} expired on ${cert.validTo}; make a new one with mpcvm keys`);
  const caPem = config.ca === undefined ? undefined : readText(config.ca, "CA certificate");
  const ca = caPem === undefined ? undefined : parseCertificate(caPem, config.ca!);
  const rules = peerRules(config);
  const own = describeOwn(cert, ca);
  const problem = problemWith(rules[party]!, own);
  if (problem !== null) throw new ConfigError(`this party's certificate ${certPath} is not the one ${config.path} names for party ${party}: ${problem}`);
  return { key: keyPem, cert: certPem, fingerprint: cert.fingerprint256, rules, warnings, ...(caPem === undefined ? {} : { ca: caPem }) };
}

/** The rule each party's certificate must meet (a client, with no certificate of its own, needs only these). */
export function peerRules(config: PartiesConfig): PeerRule[] {
  return config.parties.map((entry, p) => ruleFor(entry, p, config));
}

function ruleFor(entry: PartiesConfig["parties"][number], party: number, config: PartiesConfig): PeerRule {
  if (entry.certificate === undefined) {
    return entry.fingerprint !== undefined ? { fingerprint: entry.fingerprint } : { commonName: entry.commonName! };
  }
  const fingerprint = parseCertificate(readText(entry.certificate, "certificate"), entry.certificate).fingerprint256;
  if (entry.fingerprint !== undefined && entry.fingerprint !== fingerprint) {
    throw new ConfigError(`${config.path}: parties[${party}] has a "fingerprint" that is not the fingerprint of its "certificate" ${entry.certificate}`);
  }
  return { fingerprint };
}

/** Why `cert` may not speak for the party whose rule this is, or null if it may. */
export function problemWith(rule: PeerRule, cert: PeerCertificate): string | null {
  if (cert.validTo !== null && cert.validTo < new Date()) return `its certificate expired on ${cert.validTo.toUTCString()}`;
  if (rule.fingerprint !== undefined) {
    if (cert.fingerprint === rule.fingerprint) return null;
    return `its certificate is sha256:${shortFingerprint(cert.fingerprint)}, not sha256:${shortFingerprint(rule.fingerprint)}`;
  }
  if (!cert.authorized) return `its certificate is not issued by the CA in parties.json (${cert.authorizationError ?? "unverified"})`;
  if (cert.commonName !== rule.commonName) return `its certificate is for "${printable(cert.commonName ?? "", 100)}", not "${rule.commonName}"`;
  return null;
}

/** The parties (other than `self`) whose rule this certificate meets. */
export function partiesFor(identity: TlsIdentity, cert: PeerCertificate, self: number): number[] {
  return identity.rules.flatMap((rule, p) => (p !== self && problemWith(rule, cert) === null ? [p] : []));
}

/** The certificate the other end of a TLS socket presented, or null if it presented none. */
export function peerCertificate(socket: TLSSocket): PeerCertificate | null {
  const cert = socket.getPeerCertificate();
  if (cert === null || typeof cert !== "object" || typeof cert.fingerprint256 !== "string") return null;
  const cn = cert.subject?.CN;
  const error = socket.authorizationError;
  return {
    fingerprint: cert.fingerprint256,
    commonName: typeof cn === "string" ? cn : null,
    validTo: cert.valid_to ? new Date(cert.valid_to) : null,
    authorized: socket.authorized,
    authorizationError: error === null || error === undefined ? null : String(error),
  };
}

function describeOwn(cert: X509Certificate, ca: X509Certificate | undefined): PeerCertificate {
  const authorized = ca !== undefined && cert.checkIssued(ca) && cert.verify(ca.publicKey);
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? null;
  return {
    fingerprint: cert.fingerprint256,
    commonName: cn,
    validTo: new Date(cert.validTo),
    authorized,
    authorizationError: authorized ? null : "not signed by it",
  };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read the ${what} ${path}${code === "ENOENT" ? ": it does not exist" : code === "EACCES" ? ": permission denied" : ""}`);
  }
}

function parseKey(pem: string, path: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    throw new ConfigError(`${path} is not a private key in PEM form (mpcvm keys makes one)`);
  }
}

function parseCertificate(pem: string, path: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new ConfigError(`${path} is not a certificate in PEM form`);
  }
}
