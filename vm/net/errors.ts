// Network failures, each naming the peer (and round) so an operator knows where to look.
// Raised by transports and the handshake; the CLI turns them into a one-line error and exit code.

export class NetworkError extends Error {
  override readonly name: string = "NetworkError";
}

/**
 * A peer and this party will not compute together: a different program, deal, protocol version,
 * or a certificate that parties.json does not name. Retrying does not help; the operators must act.
 */
export class RefusedError extends NetworkError {
  override readonly name: string = "RefusedError";
}
