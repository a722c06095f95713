// The fixed-point range check: propagates intervals of every gate's integer value from declared
// input bounds and constants, and warns, at the source line, where a value can leave the ring.

import { warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Gate, IrProgram } from "../ir/ir.js";
import { DIVISION_MARGIN_BITS, divisionRange } from "../../vm/bytecode/limits.js";

interface Interval {
  readonly lo: bigint;
  readonly hi: bigint;
}

const HINT = "scale the values down (amounts in thousands, say), use fewer fractional bits (--fractional-bits 8), or compile for the 128-bit ring (--ring 128)";

export function checkRanges(program: IrProgram, ringBits: number): Diagnostic[] {
  const ring = { min: -(1n << BigInt(ringBits - 1)), max: (1n << BigInt(ringBits - 1)) - 1n };
  // A division masks its input with a bound of 2^(k−3) below the top bit (docs/protocol.md).
  const divisionLimit = divisionRange(ringBits);
  const intervals: Array<Interval | null> = new Array(program.gates.length).fill(null);
  const reported = new Map<string, Diagnostic>();
  const report = (gate: Gate, what: string, value: Interval, limitBits: number): void => {
    if (program.unchecked.has(gate.id)) return;
    const key = `${gate.span?.file}:${gate.span?.line}:${what}`;
    const bits = bitsOf(value);
    const previous = reported.get(key);
    if (previous !== undefined && Number(/(\d+) bits/.exec(previous.message)![1]) >= bits) return;
    reported.set(key, warning("outOfRange", gate.span, { what, bits, ring: ringBits, limit: limitBits }, HINT));
  };
  for (const gate of program.gates) {
    const value = intervalOf(program, gate, intervals);
    if (value === null) continue;
    const arg = gate.args[0] === undefined ? null : (intervals[gate.args[0]] ?? null);
    if (gate.kind.op === "divpub" && gate.secret && arg !== null && (arg.lo < -divisionLimit || arg.hi >= divisionLimit)) {
      const product = program.gates[gate.args[0]!]!.kind.op === "mul";
      report(gate, product ? "this fixed-point product, before its truncation," : "this division's input", arg, ringBits - DIVISION_MARGIN_BITS);
    }
    if (value.lo < ring.min || value.hi > ring.max) {
      report(gate, gate.kind.op === "mul" ? "this product" : gate.kind.op === "sum" ? "this sum" : "this value", value, ringBits);
      intervals[gate.id] = null; // it wrapped: nothing is known of it any more
      continue;
    }
    intervals[gate.id] = value;
  }
  return [...reported.values()];
}

function intervalOf(program: IrProgram, gate: Gate, known: ReadonlyArray<Interval | null>): Interval | null {
  const args = gate.args.map((a) => known[a] ?? null);
  if (gate.width > 0) return null;
  const k = gate.kind;
  switch (k.op) {
    case "const": {
      const values = k.values.map((v) => BigInt.asIntN(program.ringBits, v));
      return { lo: values.reduce(min), hi: values.reduce(max) };
    }
    case "input":
    case "clientinput": {
      const decl = program.inputs[k.input]!;
      if (decl.bounds === null) return decl.type === "sbool" ? { lo: 0n, hi: 1n } : null;
      const scale = decl.type === "sfix" ? 2 ** program.fracBits : 1;
      return { lo: BigInt(Math.floor(decl.bounds[0] * scale)), hi: BigInt(Math.ceil(decl.bounds[1] * scale)) };
    }
    case "lift":
    case "open":
    case "rerand":
    case "gather":
    case "slice":
      return args[0] ?? null;
    case "concat":
      return args[0] && args[1] ? { lo: min(args[0].lo, args[1].lo), hi: max(args[0].hi, args[1].hi) } : null;
    case "add":
      return args[0] && args[1] ? { lo: args[0].lo + args[1].lo, hi: args[0].hi + args[1].hi } : null;
    case "sub":
      return args[0] && args[1] ? { lo: args[0].lo - args[1].hi, hi: args[0].hi - args[1].lo } : null;
    case "neg":
      return args[0] ? { lo: -args[0].hi, hi: -args[0].lo } : null;
    case "mul": {
      if (!args[0] || !args[1]) return null;
      const products = [args[0].lo * args[1].lo, args[0].lo * args[1].hi, args[0].hi * args[1].lo, args[0].hi * args[1].hi];
      return { lo: products.reduce(min), hi: products.reduce(max) };
    }
    case "bmul":
      return args[1] ? { lo: min(0n, args[1].lo), hi: max(0n, args[1].hi) } : null;
    case "sum": {
      const n = BigInt(k.group);
      return args[0] ? { lo: min(args[0].lo * n, args[0].lo), hi: max(args[0].hi * n, args[0].hi) } : null;
    }
    case "divpub":
      // The masked division may round either way by one.
      return args[0] ? { lo: floorDiv(args[0].lo, k.divisor) - 1n, hi: floorDiv(args[0].hi, k.divisor) + 1n } : null;
    case "compare":
    case "b2a":
      return { lo: 0n, hi: 1n };
    default:
      return null;
  }
}

function bitsOf(v: Interval): number {
  const magnitude = max(v.hi, -v.lo - 1n);
  return magnitude.toString(2).length + 1;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function floorDiv(a: bigint, d: bigint): bigint {
  const q = a / d;
  return a % d !== 0n && a < 0n ? q - 1n : q;
}
