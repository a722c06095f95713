// `mpcvm keys` and `mpcvm fingerprint`: make a party's private key and certificate, and print
// what to send the other parties (the certificate or its fingerprint, and a parties.json entry).

import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeAtomically } from "../vm/files.js";
import { outputDirectory } from "../vm/output-file.js";
import { ConfigError } from "../vm/net/config.js";
import { showFingerprint } from "../vm/net/fingerprint.js";
import { makePartyKeys } from "../vm/net/keys.js";
import { UsageError } from "./exit.js";
import { integerOption } from "./options.js";
import { MAX_PARTIES } from "../vm/bytecode/limits.js";

export interface KeysFlags {
  party: string;
  out: string;
  name?: string;
  host?: string;
  port?: string;
  days: string;
  force?: boolean;
}

export function keysCommand(flags: KeysFlags): void {
  const party = integerOption("--party", flags.party, 0, MAX_PARTIES - 1);
  const days = integerOption("--days", flags.days, 1, 3650);
  const port = flags.port === undefined ? undefined : integerOption("--port", flags.port, 1, 65535);
  if (flags.out === "-") throw new UsageError("--out -: the key and certificate are written to files, so --out names a directory");
  const keyPath = join(flags.out, `party${party}.key`);
  const certPath = join(flags.out, `party${party}.crt`);
  if (existsSync(keyPath) && !flags.force) {
    throw new UsageError(`${keyPath} already exists; the other parties may have pinned its certificate. Pass --force to replace it`);
  }
  outputDirectory(flags.out);
  const keys = makePartyKeys({ commonName: `mpc party ${party}`, ...(flags.name ? { organization: flags.name } : {}), days });
  writeAtomically(keyPath, keys.keyPem, 0o600);
  writeAtomically(certPath, keys.certPem);
  const entry = {
    host: flags.host ?? "HOST-OR-IP",
    port: port ?? 9100,
    ...(flags.name ? { name: flags.name } : {}),
    fingerprint: showFingerprint(keys.fingerprint),
  };
  process.stdout.write(
    [
      `wrote ${keyPath}: this party's private key. Keep it on this machine; never send it to anyone.`,
      `wrote ${certPath}: this party's certificate (valid for ${days} days).`,
      "",
      `Send ${certPath}, or just its fingerprint, to every other party:`,
      `  ${showFingerprint(keys.fingerprint)}`,
      "Read the fingerprint out to them over a second channel (a call) so no one can swap it in transit.",
      `Every party's parties.json needs this entry as parties[${party}]:`,
      `  ${JSON.stringify(entry)}`,
      `Run with: mpcvm run PROGRAM.bc --party ${party} --config parties.json --key ${keyPath} --cert ${certPath} ...`,
      "",
    ].join("\n"),
  );
}

export function fingerprintCommand(path: string): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(readFileSync(path));
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    throw new ConfigError(missing ? `the certificate ${path} does not exist` : `${path} is not a certificate in PEM form`);
  }
  process.stdout.write(`${showFingerprint(cert.fingerprint256)}  ${path}  (${cert.subject.replace(/\n/g, ", ")}; valid until ${cert.validTo})\n`);
}
