import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogEvent } from "../../vm/log.js";
import { parsePartiesConfig } from "../../vm/net/config.js";
import { RefusedError } from "../../vm/net/errors.js";
import { loadTlsIdentity } from "../../vm/net/tls.js";
import { freePorts } from "../net-helpers.js";
import { chainResult, configFor, dealChain, failureOf, identityFor, outputOf, portClosed, startParty } from "./mesh-helpers.js";
import { makeCa, makeSelfSigned, type PartyPki } from "./pki.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-tls-"));
let pki: PartyPki[] = [];
let stranger: PartyPki;

beforeAll(() => {
  pki = [0, 1, 2].map((p) => makeSelfSigned(dir, `party${p}`));
  stranger = makeSelfSigned(dir, "stranger");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ports(): Promise<number[]> {
  return await freePorts(3);
}

describe("three parties over TLS with pinned certificates", () => {
  it("compute the right result, and leave no port open", async () => {
    const d = dealChain(5);
    const p = await ports();
    const config = configFor(p, pki);
    const results = await Promise.all([0, 1, 2].map((party) => startParty(d, party, config, { tls: identityFor(config, party, pki[party]!) })));
    for (const r of results) expect(outputOf(d, r)).toBe(Number(chainResult(2n, 3n, 1n, 5)));
    for (const port of p) expect(await portClosed(port)).toBe(true);
  });

  it("accept certificates named by file as well as by fingerprint", async () => {
    const d = dealChain(1);
    const p = await ports();
    const config = parsePartiesConfig({ parties: p.map((port, i) => ({ host: "127.0.0.1", port, certificate: pki[i]!.certPath })) }, join(dir, "parties.json"));
    const results = await Promise.all([0, 1, 2].map((party) => startParty(d, party, config, { tls: identityFor(config, party, pki[party]!) })));
    expect(results.map((r) => outputOf(d, r))).toEqual([7, 7, 7]);
  });
});

describe("a party with the wrong certificate is refused at the handshake", () => {
  it("a dialing party whose certificate is not the one named for it gets nothing, and both sides say why", async () => {
    const d = dealChain(1);
    const p = await ports();
    const config = configFor(p, pki);
    // Party 1 holds a stranger's key but claims party 1's certificate is its own: it must bring the stranger's.
    const impostor = { ...identityFor(configFor(p, [pki[0]!, stranger, pki[2]!]), 1, stranger), rules: identityFor(config, 1, pki[1]!).rules };
    const events: LogEvent[] = [];
    const p0 = startParty(d, 0, config, { tls: identityFor(config, 0, pki[0]!), connectTimeoutMs: 1500, events });
    const p1 = startParty(d, 1, config, { tls: impostor, connectTimeoutMs: 1500 });
    const [f0, f1] = await Promise.all([failureOf(p0), failureOf(p1)]);
    expect(f1.error).toBeInstanceOf(RefusedError);
    expect(f1.error.message).toMatch(
      /could not connect within 1\.5 s to party 0 at 127\.0\.0\.1:\d+ \(it closed the connection after the TLS handshake: it may not accept this party's certificate\)/,
    );
    expect(f0.error.message).toMatch(/refused \d+ connection\(s\) presenting a certificate parties\.json does not name/);
    expect(events.some((e) => /refused a connection from 127\.0\.0\.1:\d+: it presented certificate sha256:/.test(e.message))).toBe(true);
  });

  it("a listening party whose certificate is not the one named for it is dropped by the party dialing it", async () => {
    const d = dealChain(1);
    const p = await ports();
    const config = configFor(p, pki);
    const impostor0 = { ...identityFor(configFor(p, [stranger, pki[1]!, pki[2]!]), 0, stranger), rules: identityFor(config, 0, pki[0]!).rules };
    const p0 = startParty(d, 0, config, { tls: impostor0, connectTimeoutMs: 1500 });
    const p1 = startParty(d, 1, config, { tls: identityFor(config, 1, pki[1]!), connectTimeoutMs: 1500 });
    const f1 = await failureOf(p1);
    expect(f1.error).toBeInstanceOf(RefusedError);
    expect(f1.error.message).toMatch(/^party 0 at 127\.0\.0\.1:\d+ is not the party parties\.json names: its certificate is sha256:[0-9A-F:]+…, not sha256:/);
    await failureOf(p0);
  });

  it("this party's own certificate must be the one parties.json names for it", async () => {
    const config = configFor(await ports(), pki);
    expect(() => loadTlsIdentity(config, 0, { key: pki[1]!.keyPath, cert: pki[1]!.certPath })).toThrow(/is not the one parties\.json names for party 0/);
    expect(() => loadTlsIdentity(config, 0, { key: pki[1]!.keyPath, cert: pki[0]!.certPath })).toThrow(/does not belong to the private key/);
  });
});

describe("a private CA", () => {
  it("lets parties whose certificates it issued, with the common names parties.json gives, compute", async () => {
    const ca = makeCa(dir);
    const certs = [0, 1, 2].map((i) => ca.issue(dir, `ca-party${i}`, `party${i}.example.org`));
    const d = dealChain(2);
    const p = await ports();
    const config = parsePartiesConfig(
      { ca: ca.certPath, parties: p.map((port, i) => ({ host: "127.0.0.1", port, commonName: `party${i}.example.org` })) },
      join(dir, "ca.json"),
    );
    const results = await Promise.all([0, 1, 2].map((party) => startParty(d, party, config, { tls: identityFor(config, party, certs[party]!) })));
    expect(results.map((r) => outputOf(d, r))).toEqual([22, 22, 22]);
  });

  it("refuses a certificate from another CA, and one it issued for another name", async () => {
    const ca = makeCa(dir, "ca2");
    const other = makeCa(dir, "other");
    const d = dealChain(1);
    const p = await ports();
    const config = parsePartiesConfig(
      { ca: ca.certPath, parties: p.map((port, i) => ({ host: "127.0.0.1", port, commonName: `p${i}` })) },
      join(dir, "ca2.json"),
    );
    const good0 = ca.issue(dir, "ca2-p0", "p0");
    expect(() => identityFor(config, 1, other.issue(dir, "other-p1", "p1"))).toThrow(/not issued by the CA/);
    expect(() => identityFor(config, 1, ca.issue(dir, "ca2-wrong", "p2"))).toThrow(/is for "p2", not "p1"/);
    // An impostor for party 1 with a certificate the CA issued to party 2.
    const wrongName = ca.issue(dir, "ca2-p2", "p2");
    const impostor = { ...loadTlsIdentity(config, 2, { key: wrongName.keyPath, cert: wrongName.certPath }) };
    const p0 = startParty(d, 0, config, { tls: identityFor(config, 0, good0), connectTimeoutMs: 1500 });
    const p1 = startParty(d, 1, config, { tls: impostor, connectTimeoutMs: 1500 });
    const [f0, f1] = await Promise.all([failureOf(p0), failureOf(p1)]);
    expect(f1.error.message).toMatch(/refused the connection: the connection claims to be party 1, but its certificate is for "p2", not "p1"/);
    expect(f0.error).toBeInstanceOf(RefusedError);
  });
});
