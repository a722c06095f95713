// Reads and writes bytecode files: msgpack of { magic, version, hash, body }, where body is the
// msgpack of the program and hash its SHA-256. Typed arrays travel as little-endian bytes.

import { createHash } from "node:crypto";
import { pack, unpack } from "msgpackr";
import { PREP_KIND_NAMES, type PrepNeed } from "../preprocessing/kinds.js";
import { BytecodeError } from "./errors.js";
import { decodeInstructions } from "./instructions.js";
import { DOMAINS, type Domain } from "../domain/ring.js";
import { checkFracBits, checkParties, readClients, readInput, readOutput, readProtocol } from "./header.js";
import { FORMAT_VERSION, MAGIC, type LoadedProgram, type Program, type RevealSpec } from "./program.js";
import { validateProgram } from "./validate.js";
import { bytesOf, typedFrom, field, isRecord, listOf, nonNegativeInt, oneOf, string } from "./wire.js";

export function encodeProgram(program: Program): { bytes: Uint8Array; hash: string } {
  const body = pack({
    domain: program.domain,
    parties: program.parties,
    protocol: { name: program.protocol.name, threshold: program.protocol.threshold },
    fracBits: program.fracBits,
    source: program.source,
    inputs: program.inputs,
    outputs: program.outputs,
    reveals: program.reveals,
    // Left out when empty, so programs without clients keep the hashes they always had.
    ...(program.clients.length > 0 ? { clients: program.clients } : {}),
    preprocessing: program.preprocessing.map((n) => ({ kind: n.kind, param: n.param === null ? null : n.param.toString(), count: n.count })),
    registerKind: bytesOf(program.registerKind),
    registerLength: bytesOf(program.registerLength),
    registerWidth: bytesOf(program.registerWidth),
    constants: program.constants.map(bytesOf),
    strings: program.strings,
    code: bytesOf(program.code),
    lines: bytesOf(program.lines),
  });
  const hash = sha256(body);
  return { bytes: pack({ magic: MAGIC, version: FORMAT_VERSION, hash, body }), hash };
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Decodes and validates a bytecode file; a file that cannot be run raises BytecodeError. */
export function decodeProgram(bytes: Uint8Array): LoadedProgram {
  let outer: unknown;
  try {
    outer = unpack(bytes);
  } catch {
    throw new BytecodeError("not a bytecode file (it does not decode)");
  }
  if (!isRecord(outer) || outer.magic !== MAGIC) throw new BytecodeError("not a bytecode file (wrong magic)");
  if (outer.version !== FORMAT_VERSION) {
    throw new BytecodeError(`bytecode format version ${String(outer.version)} is not supported (this VM reads version ${FORMAT_VERSION})`);
  }
  const body = outer.body;
  if (!(body instanceof Uint8Array) || typeof outer.hash !== "string") throw new BytecodeError("the bytecode file is damaged (no body)");
  const hash = sha256(body);
  if (hash !== outer.hash) throw new BytecodeError("the bytecode file is damaged (its hash does not match its contents)");
  let wire: unknown;
  try {
    wire = unpack(body);
  } catch {
    throw new BytecodeError("the bytecode file is damaged (its body does not decode)");
  }
  const program = readBody(wire);
  const instructions = decodeInstructions(program.code, program.lines);
  validateProgram(program, instructions);
  return { program, hash, instructions };
}

function readBody(wire: unknown): Program {
  if (!isRecord(wire)) throw new BytecodeError("the program body is not a record");
  if (!DOMAINS.includes(wire.domain as Domain))
    throw new BytecodeError(`domain ${String(wire.domain)} is not supported (this VM runs ${DOMAINS.join(" and ")})`);
  return {
    domain: wire.domain as Domain,
    parties: checkParties(nonNegativeInt(field(wire, "parties"), "parties")),
    protocol: readProtocol(field(wire, "protocol"), nonNegativeInt(field(wire, "parties"), "parties")),
    fracBits: checkFracBits(nonNegativeInt(field(wire, "fracBits"), "fracBits")),
    source: string(field(wire, "source"), "source"),
    inputs: listOf(field(wire, "inputs"), "inputs", readInput),
    outputs: listOf(field(wire, "outputs"), "outputs", readOutput),
    // Files written before reveals were recorded have none listed.
    reveals: "reveals" in wire ? listOf(wire.reveals, "reveals", readReveal) : [],
    clients: readClients(wire.clients),
    preprocessing: listOf(field(wire, "preprocessing"), "preprocessing", readNeed),
    registerKind: typedFrom(field(wire, "registerKind"), Uint8Array, "registerKind"),
    registerLength: typedFrom(field(wire, "registerLength"), Uint32Array, "registerLength"),
    registerWidth: typedFrom(field(wire, "registerWidth"), Uint16Array, "registerWidth"),
    constants: listOf(field(wire, "constants"), "constants", (c, where) => typedFrom(c, BigUint64Array, where)),
    strings: listOf(field(wire, "strings"), "strings", string),
    code: typedFrom(field(wire, "code"), Int32Array, "code"),
    lines: typedFrom(field(wire, "lines"), Uint32Array, "lines"),
  };
}

const NUMBER_TYPES = ["sint", "sfix", "sbool"] as const;

function readReveal(v: unknown, where: string): RevealSpec {
  if (!isRecord(v)) throw new BytecodeError(`${where} is not a record`);
  return {
    name: string(field(v, "name"), `${where}.name`),
    type: oneOf(field(v, "type"), NUMBER_TYPES, `${where}.type`),
    shape: listOf(field(v, "shape"), `${where}.shape`, (d, w) => nonNegativeInt(d, w)),
    register: nonNegativeInt(field(v, "register"), `${where}.register`),
    line: nonNegativeInt(field(v, "line"), `${where}.line`),
  };
}

function readNeed(v: unknown, where: string): PrepNeed {
  if (!isRecord(v)) throw new BytecodeError(`${where} is not a record`);
  const kind = oneOf(field(v, "kind"), PREP_KIND_NAMES, `${where}.kind`);
  const param = field(v, "param");
  if (param !== null && (typeof param !== "string" || !/^\d+$/.test(param))) throw new BytecodeError(`${where}.param is not a number`);
  return { kind, param: param === null ? null : BigInt(param), count: nonNegativeInt(field(v, "count"), `${where}.count`) };
}
