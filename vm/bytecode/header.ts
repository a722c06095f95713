// Reading the header (party count, fixed point, inputs, outputs, clients) from decoded msgpack,
// defensively and within the limits, and deriving the clients list. Pure: the client SDK reads headers too.

import { BytecodeError } from "./errors.js";
import { CLIENT_NAME, MAX_FRAC_BITS, MAX_PARTIES, MAX_REGISTER_LENGTH, MIN_PARTIES } from "./limits.js";
import { FROM_CLIENT, TO_CLIENT, type ClientSpec, type InputSpec, type NumberType, type OutputSpec } from "./program.js";
import { field, isRecord, listOf, nonNegativeInt, oneOf, string } from "./wire.js";
import { protocolProblem } from "../protocol/params.js";
import { PROTOCOL_NAMES, type ProtocolParams } from "../protocol/protocol.js";

const NUMBER_TYPES: readonly NumberType[] = ["sint", "sfix", "sbool"];

export function checkParties(parties: number): number {
  if (parties < MIN_PARTIES || parties > MAX_PARTIES) {
    throw new BytecodeError(`the program is for ${parties} parties; ${MIN_PARTIES} to ${MAX_PARTIES} are supported`);
  }
  return parties;
}

export function checkFracBits(fracBits: number): number {
  if (fracBits > MAX_FRAC_BITS) throw new BytecodeError(`the program has ${fracBits} fractional bits; at most ${MAX_FRAC_BITS} are supported`);
  return fracBits;
}

/** A vector's element count from the header: an input's length or an output's shape. */
function checkElements(n: number, where: string): void {
  if (n > MAX_REGISTER_LENGTH) throw new BytecodeError(`${where} has ${n} elements; at most ${MAX_REGISTER_LENGTH} are supported`);
}

export function readInput(v: unknown, where: string): InputSpec {
  if (!isRecord(v)) throw new BytecodeError(`${where} is not a record`);
  const client = readClientName(v, where);
  const party = field(v, "party");
  const spec = {
    party: client !== undefined && party === FROM_CLIENT ? FROM_CLIENT : nonNegativeInt(party, `${where}.party`),
    len: nonNegativeInt(field(v, "len"), `${where}.len`),
    type: oneOf(field(v, "type"), NUMBER_TYPES, `${where}.type`),
    line: nonNegativeInt(field(v, "line"), `${where}.line`),
    bounds: readBounds(field(v, "bounds"), `${where}.bounds`),
  };
  checkElements(spec.len, where);
  if (client === undefined) return spec;
  if (spec.party !== FROM_CLIENT) throw new BytecodeError(`${where} names both a party and a client`);
  return { ...spec, client };
}

function readBounds(v: unknown, where: string): readonly [number, number] | null {
  if (v === null) return null;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === "number" && Number.isFinite(x)) || v[0] > v[1]) {
    throw new BytecodeError(`${where} must be null or two numbers, the lower first`);
  }
  return [v[0], v[1]];
}

export function readOutput(v: unknown, where: string): OutputSpec {
  if (!isRecord(v)) throw new BytecodeError(`${where} is not a record`);
  const client = readClientName(v, where);
  const to = field(v, "to");
  const spec = {
    name: string(field(v, "name"), `${where}.name`),
    type: oneOf(field(v, "type"), NUMBER_TYPES, `${where}.type`),
    shape: listOf(field(v, "shape"), `${where}.shape`, (d, w) => nonNegativeInt(d, w)),
    to: to === -1 || (client !== undefined && to === TO_CLIENT) ? to : nonNegativeInt(to, `${where}.to`),
  };
  checkElements(
    spec.shape.reduce((a, b) => a * b, 1),
    where,
  );
  if (client === undefined) return spec;
  if (spec.to !== TO_CLIENT) throw new BytecodeError(`${where} is for a client and a party at once`);
  return { ...spec, client };
}

function readClientName(v: Record<string, unknown>, where: string): string | undefined {
  if (!("client" in v)) return undefined;
  const name = v.client;
  if (typeof name !== "string" || !CLIENT_NAME.test(name)) throw new BytecodeError(`${where}.client is not a client name`);
  return name;
}

/** The body's `clients` list; programs without clients leave it out. */
export function readClients(v: unknown): ClientSpec[] {
  if (v === undefined) return [];
  return listOf(v, "clients", (c, where) => {
    if (!isRecord(c)) throw new BytecodeError(`${where} is not a record`);
    const name = string(field(c, "name"), `${where}.name`);
    if (!CLIENT_NAME.test(name)) throw new BytecodeError(`${where}.name is not a client name`);
    return {
      name,
      inputs: listOf(field(c, "inputs"), `${where}.inputs`, nonNegativeInt),
      outputs: listOf(field(c, "outputs"), `${where}.outputs`, nonNegativeInt),
    };
  });
}

/** The clients the inputs (then the outputs) name, in order of first mention, with what each provides and receives. */
export function clientsOf(inputs: readonly InputSpec[], outputs: readonly OutputSpec[]): ClientSpec[] {
  const byName = new Map<string, { name: string; inputs: number[]; outputs: number[] }>();
  const entry = (name: string) => byName.get(name) ?? byName.set(name, { name, inputs: [], outputs: [] }).get(name)!;
  const order: Array<[string, "inputs" | "outputs", number]> = [];
  inputs.forEach((spec, i) => spec.client !== undefined && order.push([spec.client, "inputs", i]));
  outputs.forEach((spec, i) => spec.client !== undefined && order.push([spec.client, "outputs", i]));
  for (const [name, list, index] of order) entry(name)[list].push(index);
  return [...byName.values()];
}

/** The header's protocol, checked against its party count. */
export function readProtocol(v: unknown, parties: number): ProtocolParams {
  if (!isRecord(v)) throw new BytecodeError("protocol is not a record");
  const params = { name: oneOf(field(v, "name"), PROTOCOL_NAMES, "protocol.name"), threshold: nonNegativeInt(field(v, "threshold"), "protocol.threshold") };
  const problem = protocolProblem(params, parties);
  if (problem !== null) throw new BytecodeError(`the header's protocol does not fit: ${problem}`);
  return params;
}
