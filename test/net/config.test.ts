import { describe, expect, it } from "vitest";
import { isLoopback, parsePartiesConfig } from "../../vm/net/config.js";
import { normalizeFingerprint } from "../../vm/net/fingerprint.js";

const FP = `${"AB:".repeat(31)}CD`;

describe("parties.json", () => {
  it("keeps the plain loopback form of the repository's parties.json, without TLS", () => {
    const config = parsePartiesConfig(
      {
        parties: [
          { host: "127.0.0.1", port: 9100, name: "a" },
          { host: "localhost", port: 9101 },
        ],
      },
      "parties.json",
    );
    expect(config.tls).toBe(false);
    expect(config.parties).toEqual([
      { host: "127.0.0.1", port: 9100, name: "a" },
      { host: "localhost", port: 9101 },
    ]);
  });

  it("turns TLS on when certificates are named, resolving files against the parties file's folder", () => {
    const config = parsePartiesConfig(
      {
        parties: [
          { host: "a.example.org", port: 9100, certificate: "certs/a.crt" },
          { host: "b.example.org", port: 9100, fingerprint: `sha256:${FP.toLowerCase()}` },
        ],
      },
      "/etc/mpc/parties.json",
    );
    expect(config.tls).toBe(true);
    expect(config.parties[0]!.certificate).toBe("/etc/mpc/certs/a.crt");
    expect(config.parties[1]!.fingerprint).toBe(FP);
  });

  it("takes a private CA with common names", () => {
    const config = parsePartiesConfig(
      {
        ca: "ca.crt",
        parties: [
          { host: "a", port: 1, commonName: "a" },
          { host: "b", port: 2, commonName: "b" },
        ],
      },
      "/x/p.json",
    );
    expect(config).toMatchObject({ tls: true, ca: "/x/ca.crt" });
  });

  it.each([
    [
      {
        parties: [
          { host: "a", port: 1, fingerprint: FP },
          { host: "b", port: 2 },
        ],
      },
      /parties\[1\] names no certificate while other entries do: it needs a "certificate" or a "fingerprint"/,
    ],
    [
      {
        parties: [
          { host: "a", port: 1, commonName: "a" },
          { host: "b", port: 2, commonName: "b" },
        ],
      },
      /a "commonName" works only with a top-level "ca"/,
    ],
    [
      {
        parties: [
          { host: "a", port: 1, fingerprint: "12:34" },
          { host: "b", port: 2 },
        ],
      },
      /"fingerprint" must be a SHA-256 fingerprint/,
    ],
    [
      {
        parties: [
          { host: "a", port: 1 },
          { host: "A", port: 1 },
        ],
      },
      /parties\[0\] and parties\[1\] both listen on A:1/,
    ],
    [{ parties: [{ host: "a", port: 1 }] }, /lists 1 party; at least 2 are needed/],
    [
      {
        parties: [
          { host: "a", port: 1 },
          { host: "b", port: 70000 },
        ],
      },
      /parties\[1\] needs a "port" between 1 and 65535/,
    ],
    [
      {
        ca: 5,
        parties: [
          { host: "a", port: 1 },
          { host: "b", port: 2 },
        ],
      },
      /"ca" must be the path of a certificate file/,
    ],
  ])("refuses %j with a message naming the entry", (json, message) => {
    expect(() => parsePartiesConfig(json, "parties.json")).toThrow(message);
  });

  it("knows which hosts are this machine", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopback(host)).toBe(true);
    for (const host of ["10.0.0.1", "0.0.0.0", "example.org", "127.0.0.1.example.org"]) expect(isLoopback(host)).toBe(false);
  });

  it("reads fingerprints the ways operators paste them", () => {
    const hex = FP.replace(/:/g, "");
    for (const text of [FP, `sha256:${FP}`, `SHA256 Fingerprint=${FP}`, hex.toLowerCase(), ` ${FP} `]) expect(normalizeFingerprint(text)).toBe(FP);
    for (const text of ["", "AB:CD", `${FP}:EF`, "zz".repeat(32)]) expect(normalizeFingerprint(text)).toBeNull();
  });
});
