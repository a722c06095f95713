// What a failed connection's system error code says about the peer, in words an operator can act
// on. Pure, so the VM's dialer and the client SDK (also in a browser bundle) share it.

/** The reason for a code that means the peer could not be reached at all, or null for any other code. */
export function unreachableBecause(code: string | undefined): string | null {
  switch (code) {
    case "ECONNREFUSED":
      return "nothing is listening there yet";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "its host name does not resolve";
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "its host cannot be reached (check firewalls)";
    default:
      return null;
  }
}
