// The one error the client SDK throws: a message for people, and a kind that says what to do
// (the mpcvm submit and fetch commands turn the kind into an exit code).

export type ClientErrorKind =
  /** A wrong argument: a client the program does not name, a party count that does not match. */
  | "usage"
  /** A bad file: the bytecode, the input values, parties.json or the key. */
  | "data"
  /** A party could not be reached in time, or the connection broke. */
  | "network"
  /** A party refused: another program, an unknown client, a second submission, a bad signature. */
  | "refused"
  /** The computation failed, so there are no outputs to fetch. */
  | "failed";

export class ClientError extends Error {
  override readonly name = "ClientError";

  constructor(
    message: string,
    readonly kind: ClientErrorKind,
    /** For a party's refusal or failure: the party and its reason, so equal answers can be told once. */
    readonly from?: { readonly party: string; readonly reason: string },
  ) {
    super(message);
  }
}
