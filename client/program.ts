// What a client needs of a bytecode file: its hash (the parties must run the same program), the
// ring, and the inputs and outputs of each client. Browser-safe: msgpackr and WebCrypto only.

import { unpack } from "msgpackr";
import { BytecodeError } from "../vm/bytecode/errors.js";
import { checkFracBits, checkParties, readClients, readInput, readOutput, readProtocol } from "../vm/bytecode/header.js";
import type { ProtocolParams } from "../vm/protocol/protocol.js";
import { FORMAT_VERSION, MAGIC, type ClientSpec, type InputSpec, type OutputSpec } from "../vm/bytecode/program.js";
import { field, isRecord, listOf, nonNegativeInt, string } from "../vm/bytecode/wire.js";
import { ClientError } from "./errors.js";

export interface ClientProgram {
  /** The program hash: SHA-256 (hex) of the file's body, as the parties announce it. */
  readonly hash: string;
  readonly source: string;
  readonly parties: number;
  /** The protocol the parties run: it decides the form of an input's shares. */
  readonly protocol: ProtocolParams;
  readonly ringBits: 64 | 128;
  readonly fracBits: number;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
  readonly clients: readonly ClientSpec[];
}

/** Reads and checks the header of a bytecode file; `name` (its path) goes into error messages. */
export async function readClientProgram(bytes: Uint8Array, name = "the program"): Promise<ClientProgram> {
  try {
    const outer = decode(bytes, "not a bytecode file (it does not decode)");
    if (!isRecord(outer) || outer.magic !== MAGIC) throw new BytecodeError("not a bytecode file (wrong magic)");
    if (outer.version !== FORMAT_VERSION)
      throw new BytecodeError(`bytecode format version ${String(outer.version)} is not supported (this client reads version ${FORMAT_VERSION})`);
    const body = outer.body;
    if (!(body instanceof Uint8Array) || typeof outer.hash !== "string") throw new BytecodeError("the bytecode file is damaged (no body)");
    const hash = await sha256Hex(body);
    if (hash !== outer.hash) throw new BytecodeError("the bytecode file is damaged (its hash does not match its contents)");
    const wire = decode(body, "the bytecode file is damaged (its body does not decode)");
    if (!isRecord(wire)) throw new BytecodeError("the program body is not a record");
    const domain = field(wire, "domain");
    if (domain !== "Z2^64" && domain !== "Z2^128") throw new BytecodeError(`domain ${String(domain)} is not supported`);
    return {
      hash,
      source: string(field(wire, "source"), "source"),
      parties: checkParties(nonNegativeInt(field(wire, "parties"), "parties")),
      protocol: readProtocol(field(wire, "protocol"), nonNegativeInt(field(wire, "parties"), "parties")),
      ringBits: domain === "Z2^128" ? 128 : 64,
      fracBits: checkFracBits(nonNegativeInt(field(wire, "fracBits"), "fracBits")),
      inputs: listOf(field(wire, "inputs"), "inputs", readInput),
      outputs: listOf(field(wire, "outputs"), "outputs", readOutput),
      clients: readClients(wire.clients),
    };
  } catch (e) {
    if (e instanceof BytecodeError) throw new ClientError(`${name}: ${e.message}`, "data");
    throw e;
  }
}

/** The named client of the program: what it provides and receives. */
export function clientOf(program: ClientProgram, client: string, name = "the program"): ClientSpec {
  const spec = program.clients.find((c) => c.name === client);
  if (spec !== undefined) return spec;
  const known = program.clients.map((c) => c.name);
  const list = known.length === 0 ? "it has no clients (its inputs come from parties)" : `its clients are ${known.join(", ")}`;
  throw new ClientError(`${name} (${program.source}) has no client named '${client}': ${list}`, "usage");
}

function decode(bytes: Uint8Array, message: string): unknown {
  try {
    return unpack(bytes);
  } catch {
    throw new BytecodeError(message);
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
