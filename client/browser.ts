// The client SDK in a browser: the same submitInputs and fetchOutputs as in Node, over the browser's
// WebSocket. A browser cannot pin a party's certificate: wss:// relies on the browser's trust store
// (party certificates from a CA it trusts), or ws:// to this machine. See docs/clients.md.

import { fetchPrepared, submitPrepared, type CommonOptions, type Prepared } from "./api.js";
import { importSigningKey, type SigningKey } from "./auth.js";
import { ClientError } from "./errors.js";
import { describeEndpoint, endpointsFrom } from "./parties.js";
import type { Connector, SubmitReceipt } from "./session.js";
import { ClientSocket, type WebSocketLike } from "./socket.js";
import type { InputValues, Outputs } from "./values.js";

export { ClientError, type ClientErrorKind } from "./errors.js";
export type { CommonOptions } from "./api.js";
export type { SubmitReceipt } from "./session.js";
export type { InputValues, Outputs } from "./values.js";
export type { SigningKey } from "./auth.js";

export interface BrowserConnectOptions extends CommonOptions {
  /** The bytecode file's bytes (fetched, or read from a file the user chose). */
  readonly program: Uint8Array | ArrayBuffer;
  /** parties.json's parsed content. */
  readonly parties: object;
  /** The client's private key: its PKCS#8 PEM text, or a WebCrypto key. */
  readonly key: string | SigningKey;
}

export interface BrowserSubmitOptions extends BrowserConnectOptions {
  /** The values in program order: CSV text ({ csv, name }) or a list. */
  readonly inputs: InputValues;
}

export async function submitInputs(o: BrowserSubmitOptions): Promise<SubmitReceipt> {
  return submitPrepared(prepare(o), o, o.inputs);
}

export async function fetchOutputs(o: BrowserConnectOptions): Promise<Outputs> {
  return fetchPrepared(prepare(o), o);
}

function prepare(o: BrowserConnectOptions): Prepared {
  return {
    program: o.program instanceof Uint8Array ? o.program : new Uint8Array(o.program),
    programName: "the program",
    endpoints: endpointsFrom(o.parties),
    key: async () => (typeof o.key === "string" ? importSigningKey(o.key) : o.key),
    connect: browserConnector,
  };
}

/** A browser gives no reason for a failed connection and may take long to give up: the deadline cuts it short. */
const browserConnector: Connector = async (endpoint, url, timeoutMs) => {
  const WebSocketClass = (globalThis as unknown as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (WebSocketClass === undefined) throw new ClientError("this JavaScript environment has no WebSocket (in Node, import the package's Node entry)", "usage");
  const socket = new ClientSocket(new WebSocketClass(url), describeEndpoint(endpoint));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ClientError(`${describeEndpoint(endpoint)}: the connection was not established in time`, "network")),
      Math.max(0, timeoutMs),
    );
  });
  try {
    await Promise.race([socket.opened, timeout]);
  } catch (e) {
    socket.close();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return socket;
};
