// Certificate fingerprints as operators read them out to each other: SHA-256, upper-case hex
// bytes joined by colons (Node's `fingerprint256` form). Accepts the ways people paste them.

/** `AB:CD:…` from `sha256:ab:cd…`, `SHA256 Fingerprint=AB:CD…` or bare hex; null if it is not 32 bytes. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text
    .trim()
    .replace(/^(sha-?256)(\s+fingerprint)?\s*[:=]?\s*/i, "")
    .replace(/[:\s]/g, "");
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  return hex.toUpperCase().match(/../g)!.join(":");
}

/** The form mpcvm prints and parties.json holds. */
export function showFingerprint(fingerprint: string): string {
  return `sha256:${fingerprint}`;
}

/** The first bytes, enough to tell two certificates apart in a message. */
export function shortFingerprint(fingerprint: string): string {
  return `${fingerprint.slice(0, 23)}…`;
}
