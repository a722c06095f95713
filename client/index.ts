// The client SDK for Node: a data owner that is not a compute party secret-shares its inputs to the
// parties (submitInputs) and later puts its outputs together from their shares (fetchOutputs).
// import { submitInputs, fetchOutputs } from "mpc-toolchain/client". Browsers get browser.ts.

import { readFileSync } from "node:fs";
import { ConfigError, parsePartiesConfig, readPartiesConfig, type PartiesConfig } from "../vm/net/config.js";
import { makeClientKey, type ClientKeyPair } from "../vm/net/client-keys.js";
import { fetchPrepared, submitPrepared, type CommonOptions, type Prepared } from "./api.js";
import { importSigningKey, type SigningKey } from "./auth.js";
import { ClientError } from "./errors.js";
import { nodeConnector } from "./node-connect.js";
import { endpointsFrom } from "./parties.js";
import type { SubmitReceipt } from "./session.js";
import type { InputValues, Outputs } from "./values.js";

export { ClientError, type ClientErrorKind } from "./errors.js";
export type { CommonOptions } from "./api.js";
export type { SubmitReceipt } from "./session.js";
export type { InputValues, Outputs } from "./values.js";
export type { OutputValue } from "../vm/machine/output-values.js";
export type { SigningKey } from "./auth.js";

export interface ConnectOptions extends CommonOptions {
  /** The bytecode file: its path, or its bytes. */
  readonly program: string | Uint8Array;
  /** parties.json: its path (certificate paths in it are relative to its folder), or its parsed content. */
  readonly parties: string | object;
  /** The client's private key: the path of its PEM file (mpcvm client-key), the PEM text, or a WebCrypto key. */
  readonly key: string | SigningKey;
}

export interface SubmitOptions extends ConnectOptions {
  /** The values, in program order: the path of a CSV file, CSV text ({ csv }), or a list. */
  readonly inputs: string | InputValues;
}

export type FetchOptions = ConnectOptions;

/** Splits the client's values into one additive share per party (CSPRNG) and gives each party its share. */
export async function submitInputs(o: SubmitOptions): Promise<SubmitReceipt> {
  const values: InputValues = typeof o.inputs === "string" ? { csv: readText(o.inputs, "input file"), name: o.inputs } : o.inputs;
  return submitPrepared(prepare(o), o, values);
}

/** Waits for every party's share of the client's outputs (until the run has made them) and adds them up. */
export async function fetchOutputs(o: FetchOptions): Promise<Outputs> {
  return fetchPrepared(prepare(o), o);
}

/** A new client key: the private key's PEM (keep it), and the public key for parties.json. */
export function createClientKey(): ClientKeyPair {
  return makeClientKey();
}

function prepare(o: ConnectOptions): Prepared {
  const config = partiesConfig(o.parties);
  const { key } = o;
  return {
    program: typeof o.program === "string" ? readBytes(o.program, "bytecode file") : o.program,
    programName: typeof o.program === "string" ? o.program : "the program",
    endpoints: endpointsFrom(config.json, config.config.path),
    key: async () =>
      typeof key !== "string"
        ? key
        : key.includes("-----BEGIN")
          ? importSigningKey(key)
          : importSigningKey(readText(key, "key file", " (mpcvm client-key makes one)"), key),
    connect: nodeConnector(config.config),
  };
}

function partiesConfig(parties: string | object): { config: PartiesConfig; json: unknown } {
  try {
    if (typeof parties !== "string") return { config: parsePartiesConfig(parties, "parties.json"), json: parties };
    const config = readPartiesConfig(parties);
    return { config, json: JSON.parse(readFileSync(parties, "utf8")) as unknown };
  } catch (e) {
    if (e instanceof ConfigError) throw new ClientError(e.message, "data");
    throw e;
  }
}

function readBytes(path: string, what: string, hint = ""): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ClientError(`the ${what} ${path} ${code === "ENOENT" ? `does not exist${hint}` : "cannot be read"}`, "data");
  }
}

function readText(path: string, what: string, hint = ""): string {
  return Buffer.from(readBytes(path, what, hint)).toString("utf8");
}
