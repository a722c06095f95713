// What submitInputs and fetchOutputs do once their platform (Node or a browser) has read the files
// and chosen how to connect: check the program and the parties, then talk to every party.

import type { SigningKey } from "./auth.js";
import { ClientError } from "./errors.js";
import { checkTransport, type PartyEndpoint } from "./parties.js";
import { clientOf, readClientProgram } from "./program.js";
import { fetchFrom, submitTo, type Connector, type Conversation, type SubmitReceipt } from "./session.js";
import { encodeInputs, type InputValues, type Outputs } from "./values.js";

/** Options both operations take, whatever the platform. */
export interface CommonOptions {
  /** The client's name, as the program's input(..., client=) and output(..., to_client=) give it. */
  readonly client: string;
  /** Give up after this long (default: 60 s to submit, 600 s to fetch, which waits for the computation). */
  readonly timeoutMs?: number;
  /** Allow plain ws:// to parties on other machines: shares then cross the network unencrypted. */
  readonly insecure?: boolean;
  /** Progress lines (which party accepted, which sent its shares); never a value or a share. */
  readonly log?: (message: string) => void;
}

export const DEFAULT_SUBMIT_TIMEOUT_MS = 60_000;
export const DEFAULT_FETCH_TIMEOUT_MS = 600_000;

/** The platform's reading of the options: file contents, parsed parties.json, imported key. */
export interface Prepared {
  readonly program: Uint8Array;
  readonly programName: string;
  readonly endpoints: readonly PartyEndpoint[];
  /** Read once the program and the client's name are known to be right (their errors say more). */
  readonly key: () => Promise<SigningKey>;
  readonly connect: Connector;
}

export async function submitPrepared(p: Prepared, o: CommonOptions, values: InputValues): Promise<SubmitReceipt> {
  const c = await conversation(p, o, DEFAULT_SUBMIT_TIMEOUT_MS);
  if (c.client.inputs.length === 0) throw new ClientError(`client ${o.client} provides no inputs to ${p.programName}: it only fetches outputs`, "usage");
  return submitTo(c, encodeInputs(c.program, c.client, values));
}

export async function fetchPrepared(p: Prepared, o: CommonOptions): Promise<Outputs> {
  const c = await conversation(p, o, DEFAULT_FETCH_TIMEOUT_MS);
  if (c.client.outputs.length === 0) throw new ClientError(`client ${o.client} receives no outputs from ${p.programName}`, "usage");
  return fetchFrom(c);
}

async function conversation(p: Prepared, o: CommonOptions, defaultTimeoutMs: number): Promise<Conversation> {
  const program = await readClientProgram(p.program, p.programName);
  const client = clientOf(program, o.client, p.programName);
  if (p.endpoints.length !== program.parties) {
    throw new ClientError(`parties.json lists ${p.endpoints.length} parties, but ${p.programName} runs with ${program.parties}`, "usage");
  }
  checkTransport(p.endpoints, o.insecure === true);
  return {
    program,
    programName: p.programName,
    client,
    endpoints: p.endpoints,
    key: await p.key(),
    connect: p.connect,
    deadline: Date.now() + (o.timeoutMs ?? defaultTimeoutMs),
    ...(o.log ? { log: o.log } : {}),
  };
}
