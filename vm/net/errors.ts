// Network failures, each naming the peer (and round) so an operator knows where to look.
// Raised by transports and the handshake; the CLI turns them into a one-line error and exit code.

export class NetworkError extends Error {
  override readonly name = "NetworkError";
}
