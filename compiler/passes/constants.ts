// Evaluates a public gate whose arguments are all constants, exactly as the VM would (Z_2^k,
// signed division and comparison). Only the ops listed here; anything else is left to run.

import type { GateOp } from "../ir/ir.js";

/** Longer constant vectors are not built: they would bloat the bytecode more than they save. */
const MAX_FOLDED = 1 << 16;

/** A constant's values: one value repeated to `len`, or `len` values. */
export interface ConstVec {
  readonly values: readonly bigint[];
  readonly len: number;
}

type Elementwise = (xs: readonly bigint[]) => bigint;

function elementwise(kind: GateOp, bits: number): Elementwise | null {
  const wrap = (x: bigint): bigint => BigInt.asUintN(bits, x);
  const signed = (x: bigint): bigint => BigInt.asIntN(bits, x);
  switch (kind.op) {
    case "add":
      return ([a, b]) => wrap(a! + b!);
    case "sub":
      return ([a, b]) => wrap(a! - b!);
    case "mul":
      return ([a, b]) => wrap(a! * b!);
    case "neg":
      return ([a]) => wrap(-a!);
    case "divpub": {
      const d = kind.divisor;
      return ([a]) => {
        const x = signed(a!);
        const q = x / d;
        return wrap(x < 0n && q * d !== x ? q - 1n : q);
      };
    }
    case "compare":
      return kind.cmp === "lt" ? ([a, b]) => (signed(a!) < signed(b!) ? 1n : 0n) : ([a, b]) => (a === b ? 1n : 0n);
    default:
      return null;
  }
}

function valueAt(c: ConstVec, i: number): bigint {
  return c.values.length === 1 ? c.values[0]! : c.values[i]!;
}

/** The gate's values in the ring of `bits`-bit integers, or null if the op is not folded here or the result would be too long. */
export function evaluate(kind: GateOp, args: readonly ConstVec[], len: number, bits: number): bigint[] | null {
  const wrap = (x: bigint): bigint => BigInt.asUintN(bits, x);
  const f = elementwise(kind, bits);
  if (f !== null) {
    if (args.every((a) => a.values.length === 1)) return [f(args.map((a) => a.values[0]!))];
    if (len > MAX_FOLDED) return null;
    return Array.from({ length: len }, (_, i) => f(args.map((a) => valueAt(a, i))));
  }
  const [x, y] = args;
  switch (kind.op) {
    case "sum": {
      if (x!.values.length === 1) return [wrap(x!.values[0]! * BigInt(kind.group))];
      return Array.from({ length: len }, (_, i) => {
        let total = 0n;
        for (let j = 0; j < kind.group; j++) total += x!.values[i * kind.group + j]!;
        return wrap(total);
      });
    }
    case "slice":
      if (x!.values.length === 1) return [x!.values[0]!];
      return len > MAX_FOLDED ? null : Array.from({ length: len }, (_, j) => x!.values[kind.start + j * kind.step]!);
    case "gather":
      if (x!.values.length === 1) return [x!.values[0]!];
      return len > MAX_FOLDED ? null : kind.indices.map((i) => x!.values[i]!);
    case "concat":
      if (len > MAX_FOLDED) return null;
      return Array.from({ length: len }, (_, i) => (i < x!.len ? valueAt(x!, i) : valueAt(y!, i - x!.len)));
    default:
      return null;
  }
}

/** One value when every element is the same (the const gate's short form). */
export function compact(values: readonly bigint[]): bigint[] {
  return values.every((v) => v === values[0]) ? [values[0]!] : [...values];
}
