// What a well-formed gate of each IR op looks like: its arguments (arithmetic or bits, secret or
// public), its own form and secrecy, and its lengths, widths and attributes. The verifier checks these.

import { divisionRange } from "../../vm/bytecode/limits.js";
import { PRINT_FORMAT } from "../../vm/isa.js";
import type { Gate, GateOp, IrProgram, OpName } from "./ir.js";

/** Arithmetic vectors have width 0; bit-sliced vectors have 1 or more bit positions. */
export type Form = "value" | "bits";
export type Secrecy = "secret" | "public" | "any";

/**
 * The gate's own secrecy: always secret or public, `args` (secret exactly when an argument is:
 * public operands mix into secret ones), or `alike` (every argument as secret as the gate: the
 * instruction has no mixed form), or `cell` (its cell's). No rule lets a secret become public but `open`'s.
 */
export type SecretRule = "secret" | "public" | "args" | "alike" | "cell";

type KindOf<O extends OpName> = Extract<GateOp, { op: O }>;

export interface Signature<O extends OpName> {
  /** Each argument's form and secrecy, or null where the op's attributes decide (checked by `check`). */
  readonly args: ReadonlyArray<readonly [Form, Secrecy]> | null;
  /** The gate's own form; a cell's gates have their cell's. */
  readonly form: Form | "cell";
  readonly secret: SecretRule;
  /** Lengths, widths and attributes, given the arguments: a problem, or null. */
  readonly check?: (kind: KindOf<O>, g: Gate, args: readonly Gate[], p: IrProgram) => string | null;
}

const value = (s: Secrecy) => ["value", s] as const;
const bits = (s: Secrecy) => ["bits", s] as const;

/** Every argument has the gate's length (and, for bits, its width). */
function elementwise(_: unknown, g: Gate, args: readonly Gate[]): string | null {
  return args.every((a) => a.len === g.len && a.width === g.width) ? null : "its arguments differ in length or width from it";
}

function sameLength(_: unknown, g: Gate, args: readonly Gate[]): string | null {
  return args.every((a) => a.len === g.len) ? null : "its arguments differ in length from it";
}

function indices(list: readonly number[], g: Gate, limit: number): string | null {
  if (list.length !== g.len) return `it lists ${list.length} indices for ${g.len} elements`;
  return list.every((i) => Number.isInteger(i) && i >= 0 && i < limit) ? null : "an index is out of range";
}

function inRange(start: number, step: number, count: number, size: number): boolean {
  const last = start + (count - 1) * step;
  return Number.isInteger(start) && Number.isInteger(step) && start >= 0 && start < size && last >= 0 && last < size;
}

const elements = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export const SIGNATURES: { readonly [O in OpName]: Signature<O> } = {
  const: {
    args: [],
    form: "value",
    secret: "public",
    check: (k, g) => (k.values.length === 1 || k.values.length === g.len ? null : `it has ${k.values.length} values for ${g.len} elements`),
  },
  input: {
    args: [],
    form: "value",
    secret: "secret",
    check: (k, g, _, p) => {
      const decl = p.inputs[k.input];
      if (decl === undefined || decl.client !== undefined) return `input ${k.input} is not a party's input`;
      return decl.party === k.party && decl.len === g.len ? null : `it does not match input ${k.input} (party ${decl.party}, ${decl.len} elements)`;
    },
  },
  clientinput: {
    args: [],
    form: "value",
    secret: "secret",
    check: (k, g, _, p) => (p.inputs[k.input]?.client !== undefined && p.inputs[k.input]!.len === g.len ? null : `it does not match client input ${k.input}`),
  },
  rerand: { args: [value("secret")], form: "value", secret: "secret", check: elementwise },
  lift: { args: [value("public")], form: "value", secret: "secret", check: elementwise },
  randbits: { args: [], form: "value", secret: "secret" },
  add: { args: [value("any"), value("any")], form: "value", secret: "args", check: elementwise },
  sub: { args: [value("any"), value("any")], form: "value", secret: "args", check: elementwise },
  mul: { args: [value("any"), value("any")], form: "value", secret: "args", check: elementwise },
  neg: { args: [value("any")], form: "value", secret: "args", check: elementwise },
  sum: {
    args: [value("any")],
    form: "value",
    secret: "args",
    check: (k, g, [a]) =>
      Number.isInteger(k.group) && k.group >= 1 && a!.len === g.len * k.group ? null : `${a!.len} elements do not make ${g.len} groups of ${k.group}`,
  },
  gather: { args: [value("any")], form: "value", secret: "args", check: (k, g, [a]) => indices(k.indices, g, a!.len) },
  slice: {
    args: [value("any")],
    form: "value",
    secret: "args",
    check: (k, g, [a]) => (inRange(k.start, k.step, g.len, a!.len) ? null : "the slice runs past its argument"),
  },
  concat: {
    args: [value("any"), value("any")],
    form: "value",
    secret: "alike",
    check: (_, g, [a, b]) => (a!.len + b!.len === g.len ? null : "its length is not the sum of its arguments'"),
  },
  divpub: {
    args: [value("any")],
    form: "value",
    secret: "args",
    check: (k, g, args, p) =>
      elementwise(k, g, args) ?? (k.divisor >= 1n && k.divisor < divisionRange(p.ringBits) ? null : `the divisor ${k.divisor} is out of range`),
  },
  divide: { args: [value("public"), value("public")], form: "value", secret: "public", check: elementwise },
  compare: { args: [value("public"), value("public")], form: "value", secret: "public", check: elementwise },
  open: {
    args: [value("secret")],
    form: "value",
    secret: "public",
    check: (k, g, args, p) =>
      elementwise(k, g, args) ?? (k.to === null || (Number.isInteger(k.to) && k.to >= 0 && k.to < p.parties) ? null : `party ${k.to} does not exist`),
  },
  edabit: { args: [], form: "value", secret: "secret" },
  edabitBits: {
    args: [value("secret")],
    form: "bits",
    secret: "secret",
    check: (_, g, [a], p) => (a!.kind.op === "edabit" && a!.len === g.len && g.width === p.ringBits ? null : "it is not the ring-wide bits of an edabit gate"),
  },
  edabitProducts: {
    args: [value("secret")],
    form: "bits",
    secret: "secret",
    check: (_, g, [a], p) =>
      a!.kind.op === "edabit" && a!.len === g.len && g.width === p.ringBits - 1 ? null : "it is not the products of an edabit gate's bits",
  },
  bxor: { args: [bits("any"), bits("any")], form: "bits", secret: "args", check: elementwise },
  band: { args: [bits("any"), bits("any")], form: "bits", secret: "args", check: elementwise },
  bnot: { args: [bits("any")], form: "bits", secret: "args", check: elementwise },
  bslice: {
    args: [bits("any")],
    form: "bits",
    secret: "args",
    check: (k, g, args) =>
      sameLength(k, g, args) ?? (k.step >= 1 && inRange(k.start, k.step, g.width, args[0]!.width) ? null : "the bit positions run past its argument"),
  },
  bconcat: {
    args: [bits("any"), bits("any")],
    form: "bits",
    secret: "alike",
    check: (k, g, args) => sameLength(k, g, args) ?? (args[0]!.width + args[1]!.width === g.width ? null : "its width is not the sum of its arguments'"),
  },
  bgather: {
    args: [bits("secret")],
    form: "bits",
    secret: "secret",
    check: (k, g, [a]) => (a!.width === g.width ? indices(k.indices, g, a!.len + 1) : "its width differs from its argument's"),
  },
  bits: {
    args: [value("public")],
    form: "bits",
    secret: "public",
    check: (k, g, args, p) => sameLength(k, g, args) ?? (g.width <= p.ringBits ? null : `a value has at most ${p.ringBits} bits`),
  },
  b2a: {
    args: [bits("secret")],
    form: "value",
    secret: "secret",
    check: (_, g, [a]) => (g.len === a!.len * a!.width ? null : "it does not have one element for each bit of its argument"),
  },
  bmul: {
    args: [bits("secret"), value("secret")],
    form: "value",
    secret: "secret",
    check: (_, g, [b, v]) =>
      b!.width === 1 && b!.len === g.len && v!.len === g.len ? null : "it does not multiply one bit per element by one value per element",
  },
  output: {
    args: [value("public")],
    form: "value",
    secret: "public",
    check: (k, g, args, p) => {
      const decl = p.outputs[k.output];
      if (decl === undefined || decl.client !== undefined) return `output ${k.output} is not a party's output`;
      if (decl.to !== null && !(decl.to >= 0 && decl.to < p.parties)) return `output ${k.output} is for party ${decl.to}, which does not exist`;
      return elementwise(k, g, args) ?? (elements(decl.shape) === g.len ? null : `it does not match the shape of output ${k.output}`);
    },
  },
  clientoutput: {
    args: [value("secret")],
    form: "value",
    secret: "public",
    check: (k, g, args, p) =>
      p.outputs[k.output]?.client !== undefined && elements(p.outputs[k.output]!.shape) === g.len
        ? sameLength(k, g, args)
        : `it does not match client output ${k.output}`,
  },
  print: {
    args: null,
    form: "value",
    secret: "public",
    check: (k, g, args, p) => {
      if (k.text !== null)
        return args.length === 0 && p.strings[k.text] !== undefined ? null : `it prints string ${k.text}, which does not exist, or has arguments`;
      const [a] = args;
      if (args.length !== 1 || a!.secret || a!.width !== 0) return "it does not print one public value";
      return Object.values(PRINT_FORMAT).includes(k.format as 0) ? elementwise(k, g, args) : `${k.format} is not a print format`;
    },
  },
  load: {
    args: [],
    form: "cell",
    secret: "cell",
    check: (k, g, _, p) => cellMatches(k.cell, g, p),
  },
  store: {
    args: null,
    form: "cell",
    secret: "cell",
    check: (k, g, args, p) =>
      cellMatches(k.cell, g, p) ??
      (args.length === 1 && cellMatches(k.cell, args[0]!, p) === null ? null : `it does not store one value of cell ${k.cell}'s kind`),
  },
  abort: {
    args: [value("public")],
    form: "value",
    secret: "public",
    check: (k, g, args, p) => (p.strings[k.message] === undefined ? `string ${k.message} does not exist` : elementwise(k, g, args)),
  },
};

/** A gate that loads or stores a cell has the cell's length, width and secrecy. */
function cellMatches(cell: number, g: Gate, p: IrProgram): string | null {
  const c = p.cells[cell];
  if (c === undefined) return `cell ${cell} does not exist`;
  return c.len === g.len && c.width === g.width && c.secret === g.secret ? null : `it differs from cell ${cell} in length, width or secrecy`;
}
