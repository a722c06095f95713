// Shared bit matrices for the circuits the parties run to make their own material: `rows` bit
// positions of `words`·64 values, bit-sliced, one block per share component. Local operations only.

import type { Vec } from "../../domain/ring64.js";

/** Row r of component c is words [(c·rows + r)·words, … + words). */
export interface BitMatrix {
  readonly v: Vec;
  readonly rows: number;
  readonly words: number;
  readonly components: number;
}

export function zeros(rows: number, words: number, components: number): BitMatrix {
  return { v: new BigUint64Array(components * rows * words), rows, words, components };
}

/** A matrix from a share in the register layout (component after component, each `rows`·`words` words). */
export function matrix(v: Vec, rows: number, words: number, components: number): BitMatrix {
  return { v, rows, words, components };
}

function at(m: BitMatrix, c: number, row: number): number {
  return (c * m.rows + row) * m.words;
}

export function xor(a: BitMatrix, b: BitMatrix): BitMatrix {
  const out = zeros(a.rows, a.words, a.components);
  for (let i = 0; i < out.v.length; i++) out.v[i] = a.v[i]! ^ b.v[i]!;
  return out;
}

/** a ⊕ public rows: the public slot's component takes them (-1: none does). */
export function xorPublic(a: BitMatrix, pub: Vec, slot: number): BitMatrix {
  const out = { ...a, v: a.v.slice() };
  if (slot < 0) return out;
  const base = at(a, slot, 0);
  for (let i = 0; i < a.rows * a.words; i++) out.v[base + i] = out.v[base + i]! ^ pub[i]!;
  return out;
}

/** a ∧ public rows, component by component. */
export function andPublic(a: BitMatrix, pub: Vec): BitMatrix {
  const out = zeros(a.rows, a.words, a.components);
  const size = a.rows * a.words;
  for (let c = 0; c < a.components; c++) for (let i = 0; i < size; i++) out.v[c * size + i] = a.v[c * size + i]! & pub[i]!;
  return out;
}

/** Rows [from, to) of a. */
export function rows(a: BitMatrix, from: number, to: number): BitMatrix {
  const out = zeros(to - from, a.words, a.components);
  for (let c = 0; c < a.components; c++) out.v.set(a.v.subarray(at(a, c, from), at(a, c, to)), at(out, c, 0));
  return out;
}

/** The rows of each matrix, stacked in order. */
export function stack(parts: readonly BitMatrix[]): BitMatrix {
  const first = parts[0]!;
  const out = zeros(
    parts.reduce((n, p) => n + p.rows, 0),
    first.words,
    first.components,
  );
  let row = 0;
  for (const p of parts) {
    for (let c = 0; c < p.components; c++) out.v.set(p.v.subarray(at(p, c, 0), at(p, c, p.rows)), at(out, c, row));
    row += p.rows;
  }
  return out;
}

/** a with `count` zero rows below (a value times 2^count, the top rows dropped to keep `a.rows`). */
export function shiftUp(a: BitMatrix, count: number): BitMatrix {
  return stack([zeros(count, a.words, a.components), rows(a, 0, a.rows - count)]);
}

/** a widened to `total` rows with zeros on top. */
export function widen(a: BitMatrix, total: number): BitMatrix {
  return total === a.rows ? a : stack([a, zeros(total - a.rows, a.words, a.components)]);
}

/** Public rows for a constant: row r is all ones where bit r of `value` is set. */
export function constantRows(value: bigint, rowCount: number, words: number): Vec {
  const out = new BigUint64Array(rowCount * words);
  for (let r = 0; r < rowCount; r++) if ((value >> BigInt(r)) & 1n) out.fill(0xffffffffffffffffn, r * words, (r + 1) * words);
  return out;
}
