// What the optimiser may assume about each IR op: one table of which chains may be rebalanced
// and how gates batch, and which gates may merge or move. An op missing here is left as it is.

import { isSink, type Gate, type OpName } from "./ir.js";

export interface OpTraits {
  /** a∘(b∘c) = (a∘b)∘c and a∘b = b∘a exactly (in Z_2^64 or on bits): chains may be rebalanced. */
  readonly associative?: boolean;
  /** a∘b = b∘a: common-subexpression elimination treats the operands as a set. */
  readonly commutative?: boolean;
  /** How interactive gates of one round merge into one: by elements (concat/slice) or by bit positions (bconcat/bslice). */
  readonly batch?: "elements" | "bits";
  /** Two equal gates must stay two although they have arguments (randomness, effects): CSE leaves them. */
  readonly distinct?: boolean;
}

/**
 * Sums and products in Z_2^64 are exact, so any bracketing gives the same ring element; XOR and
 * AND on bits likewise. Fixed-point products are not listed: they are `mul` followed by a
 * truncation (`divpub`), which breaks the chain, so sfix products keep their order (see
 * docs/report.md). New ops (min, max, or) join by adding a row.
 */
export const OP_TRAITS: Partial<Record<OpName, OpTraits>> = {
  add: { associative: true, commutative: true },
  mul: { associative: true, commutative: true, batch: "elements" },
  bxor: { associative: true, commutative: true },
  band: { associative: true, commutative: true, batch: "bits" },
  divpub: { batch: "elements" },
  // Fresh random shares for a client: two re-randomisations of one value are two draws.
  rerand: { distinct: true },
};

export function traitsOf(op: OpName): OpTraits {
  return OP_TRAITS[op] ?? {};
}

/**
 * Gates without arguments other than constants are sources — inputs, loads of cells, random
 * masks — so two of them are never the same value. Gates with arguments compute a function of
 * them, unless they are sinks or marked distinct.
 */
export function isMergeable(gate: Gate, sink: boolean): boolean {
  if (sink) return false;
  if (gate.args.length === 0) return gate.kind.op === "const";
  return !traitsOf(gate.kind.op).distinct;
}

/**
 * Gates whose place in the program matters beyond their operands: sinks, and loads of cells
 * (which see the stores before them). The scheduler keeps them in order; hoisting leaves them.
 */
export function isEffect(gate: Gate): boolean {
  return isSink(gate) || gate.kind.op === "load";
}
