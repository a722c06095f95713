// A client's conversation with every party: connect (retrying until the deadline while a party is
// not up yet), answer its challenge with a signed hello, then send the shares or wait for them.

import { CLIENT_PROTOCOL, clientMessage, helloText, parsePartyMessage, type Intent, type PartyMessage } from "../vm/net/client-protocol.js";
import { randomHex, sign, type SigningKey } from "./auth.js";
import { ClientError } from "./errors.js";
import { describeEndpoint, urlOf, type PartyEndpoint } from "./parties.js";
import type { ClientProgram } from "./program.js";
import { combine, splitInputs } from "../vm/protocol/client-shares.js";
import type { ClientSocket, Message } from "./socket.js";
import { decodeOutputs, outputElements, type Outputs } from "./values.js";
import type { ClientSpec } from "../vm/bytecode/program.js";

/** Opens a connection to a party's client port; a ClientError of kind "refused" is not retried. */
export type Connector = (endpoint: PartyEndpoint, url: string, timeoutMs: number) => Promise<ClientSocket>;

export interface Conversation {
  readonly program: ClientProgram;
  /** The program file's name, for messages. */
  readonly programName: string;
  readonly client: ClientSpec;
  readonly endpoints: readonly PartyEndpoint[];
  readonly key: SigningKey;
  readonly connect: Connector;
  /** Everything must be done by then (milliseconds since the epoch). */
  readonly deadline: number;
  readonly log?: (message: string) => void;
}

export interface SubmitReceipt {
  readonly client: string;
  /** The id every party recorded for this submission; the parties compare it before they run. */
  readonly submission: string;
  /** Parties that already had this very submission (a retry after a lost answer). */
  readonly repeated: readonly number[];
}

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2000;

/**
 * Splits the values into one share per party and gives each party its share — only once every
 * party has been reached, has proved it is the party parties.json names, runs this program and has
 * admitted the client: a refusal or an unreachable party then costs nothing, no share is out.
 */
export async function submitTo(c: Conversation, values: readonly bigint[]): Promise<SubmitReceipt> {
  const lengths = c.client.inputs.map((i) => c.program.inputs[i]!.len);
  const shares = splitInputs(values, lengths, c.program.ringBits, c.program.parties, c.program.protocol);
  const submission = randomHex(16);
  const admit = async (e: PartyEndpoint) => {
    const socket = await greet(c, e, "submit", submission);
    try {
      const answer = await expect(c, e, socket, "an answer to its hello", ["ready", "accepted"]);
      return { socket, repeated: answer.type === "accepted" };
    } catch (err) {
      socket.close();
      throw err;
    }
  };
  const give = async (e: PartyEndpoint, admitted: { socket: ClientSocket; repeated: boolean }) => {
    const { socket } = admitted;
    try {
      if (admitted.repeated) return true;
      socket.send(shares[e.party]!);
      await expect(c, e, socket, "the receipt of its shares", ["accepted"]);
      c.log?.(`${describeEndpoint(e)} accepted the submission`);
      return false;
    } finally {
      socket.close();
    }
  };
  const admitted = await everyParty(
    c,
    (e) => retrying(c, e, () => admit(e)),
    (open) => open.forEach((a) => a.socket.close()),
  );
  // A connection lost now is retried whole, with the same submission: a party that got it says so.
  const repeated = await everyParty(
    c,
    (e, i) =>
      give(e, admitted[i]!).catch((err: unknown) => {
        if (asClientError(err).kind !== "network") throw err;
        return retrying(c, e, async () => give(e, await admit(e)));
      }),
    undefined,
    "submit",
  );
  return { client: c.client.name, submission, repeated: c.endpoints.filter((_, i) => repeated[i]).map((e) => e.party) };
}

/** Waits for every party's share of the client's outputs and adds them up. */
export async function fetchFrom(c: Conversation): Promise<Outputs> {
  const expected = outputElements(c.program, c.client) * (c.program.ringBits / 8);
  const receive = async (e: PartyEndpoint): Promise<Uint8Array> => {
    const socket = await greet(c, e, "fetch", null);
    try {
      await expect(c, e, socket, "an answer to its hello", ["ready"]);
      const reply = await socket.next(c.deadline - Date.now(), "the outputs");
      if (typeof reply === "string") {
        const m = parsePartyMessage(reply);
        if (m?.type === "failed") throw failed(e, m.reason);
        throw new ClientError(`${describeEndpoint(e)} sent something other than the outputs`, "network");
      }
      if (reply.byteLength !== expected)
        throw new ClientError(`${describeEndpoint(e)} sent ${reply.byteLength} bytes of outputs, but ${expected} were expected`, "network");
      socket.send(clientMessage({ type: "received" }));
      c.log?.(`${describeEndpoint(e)} sent its shares of the outputs`);
      return reply;
    } finally {
      socket.close();
    }
  };
  const messages = await everyParty(c, (e) => retrying(c, e, () => receive(e)));
  return decodeOutputs(c.program, c.client, combine(messages, c.program.ringBits));
}

/**
 * Runs `talk` with every party at once and returns each party's result. Any failure fails the
 * whole, naming each party that failed and why (after `cleanUp` of the results that did come); in
 * the submit phase, a message says which parties have the submission and the others do not.
 */
async function everyParty<T>(
  c: Conversation,
  talk: (e: PartyEndpoint, i: number) => Promise<T>,
  cleanUp?: (done: T[]) => void,
  phase?: "submit",
): Promise<T[]> {
  const results = await Promise.allSettled(c.endpoints.map(talk));
  const failures = results.flatMap((r, party) => (r.status === "rejected" ? [{ party, error: asClientError(r.reason) }] : []));
  const done = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  if (failures.length === 0) return done;
  cleanUp?.(done);
  const message = describeFailures(
    failures.map((f) => f.error),
    c.endpoints.length,
  );
  const succeeded = c.endpoints.filter((e) => !failures.some((f) => f.party === e.party)).map((e) => e.party);
  const partial =
    phase === "submit" && succeeded.length > 0
      ? `. Part${succeeded.length === 1 ? "y" : "ies"} ${succeeded.join(", ")} accepted this submission and the other${failures.length === 1 ? "" : "s"} did not: the parties will refuse to compute with different submissions, so ask the operators to restart every party before submitting again`
      : "";
  throw new ClientError(message + partial, failures[0]!.error.kind);
}

async function retrying<T>(c: Conversation, e: PartyEndpoint, attempt: () => Promise<T>): Promise<T> {
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(2 * delay, MAX_DELAY_MS)) {
    try {
      return await attempt();
    } catch (err) {
      const error = asClientError(err);
      if (error.kind !== "network") throw error;
      const who = describeEndpoint(e);
      const why = error.message.startsWith(`${who}: `) ? error.message.slice(who.length + 2) : error.message;
      if (Date.now() + delay >= c.deadline) throw new ClientError(`could not reach ${who} in time: ${why}`, "network", { party: who, reason: why });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Connects, checks the party's challenge, and sends the signed hello. */
async function greet(c: Conversation, e: PartyEndpoint, intent: Intent, submission: string | null): Promise<ClientSocket> {
  const socket = await c.connect(e, urlOf(e), c.deadline - Date.now());
  try {
    const challenge = await expect(c, e, socket, "its challenge", ["challenge"]);
    if (challenge.type !== "challenge") throw new Error("unreachable");
    checkChallenge(c, e, challenge);
    const fields = { party: e.party, programHash: c.program.hash, nonce: challenge.nonce, client: c.client.name, intent, submission };
    const signature = await sign(c.key, helloText(fields));
    socket.send(clientMessage({ type: "hello", protocol: CLIENT_PROTOCOL, client: c.client.name, intent, submission, signature }));
    return socket;
  } catch (err) {
    socket.close();
    throw err;
  }
}

function checkChallenge(c: Conversation, e: PartyEndpoint, m: Extract<PartyMessage, { type: "challenge" }>): void {
  const who = describeEndpoint(e);
  if (m.protocol !== CLIENT_PROTOCOL)
    throw new ClientError(`${who} speaks client protocol version ${m.protocol}, but this client speaks version ${CLIENT_PROTOCOL}`, "refused");
  if (m.party !== e.party) throw new ClientError(`${who} says it is party ${m.party}: parties.json and that party disagree`, "refused");
  if (m.programHash !== c.program.hash) {
    throw new ClientError(
      `${who} runs a different program (hash ${m.programHash.slice(0, 12)}…, but ${c.programName} is ${c.program.hash.slice(0, 12)}…)`,
      "refused",
    );
  }
}

/** The next message, which must be one of `types`; a refusal becomes the error it explains. */
async function expect(
  c: Conversation,
  e: PartyEndpoint,
  socket: ClientSocket,
  what: string,
  types: ReadonlyArray<PartyMessage["type"]>,
): Promise<PartyMessage> {
  const raw: Message = await socket.next(c.deadline - Date.now(), what);
  const m = typeof raw === "string" ? parsePartyMessage(raw) : null;
  if (m?.type === "refused") throw new ClientError(`${describeEndpoint(e)} refused: ${m.reason}`, "refused", { party: describeEndpoint(e), reason: m.reason });
  if (m?.type === "failed") throw failed(e, m.reason);
  if (m === null || !types.includes(m.type)) throw new ClientError(`${describeEndpoint(e)} sent something other than ${what}`, "refused");
  return m;
}

function failed(e: PartyEndpoint, reason: string): ClientError {
  return new ClientError(`${describeEndpoint(e)} says ${reason}`, "failed", { party: describeEndpoint(e), reason });
}

/** One line for several parties' answers, each reason told once: "every party refused: …". */
function describeFailures(errors: readonly ClientError[], parties: number): string {
  const groups = new Map<string, ClientError[]>();
  for (const e of errors) {
    const key = e.from ? `${e.kind}\n${e.from.reason}` : e.message;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()]
    .map((group) => {
      const first = group[0]!;
      if (first.from === undefined) return first.message;
      const who = group.length === parties ? "every party" : group.map((e) => e.from!.party).join(", ");
      if (first.kind === "refused") return `${who} refused: ${first.from.reason}`;
      if (first.kind === "network") return `could not reach ${group.map((e) => e.from!.party).join(", ")} in time: ${first.from.reason}`;
      return `${who} says ${first.from.reason}`;
    })
    .join("; ");
}

function asClientError(e: unknown): ClientError {
  return e instanceof ClientError ? e : new ClientError(e instanceof Error ? e.message : String(e), "network");
}
