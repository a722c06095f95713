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
  xorWords(out.v, a.v, b.v);
  return out;
}

/** out := a ⊕ b on 32-bit halves: plain integer XOR, no BigInt in the loop. */
export function xorWords(out: Vec, a: Vec, b: Vec): void {
  const o = new Uint32Array(out.buffer, out.byteOffset, 2 * out.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, 2 * out.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, 2 * out.length);
  for (let i = 0; i < o.length; i++) o[i] = x[i]! ^ y[i]!;
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
  const out = zeros(a.rows, a.words, a.components);
  for (let c = 0; c < a.components; c++) out.v.set(a.v.subarray(at(a, c, 0), at(a, c, a.rows - count)), at(out, c, count));
  return out;
}

/** a with `total` rows: cut, or widened with zeros on top. */
export function widen(a: BitMatrix, total: number): BitMatrix {
  if (total === a.rows) return a;
  const out = zeros(total, a.words, a.components);
  const keep = Math.min(total, a.rows);
  for (let c = 0; c < a.components; c++) out.v.set(a.v.subarray(at(a, c, 0), at(a, c, keep)), at(out, c, 0));
  return out;
}

/** Public rows for a constant: row r is all ones where bit r of `value` is set. */
export function constantRows(value: bigint, rowCount: number, words: number): Vec {
  const out = new BigUint64Array(rowCount * words);
  for (let r = 0; r < rowCount; r++) if ((value >> BigInt(r)) & 1n) out.fill(0xffffffffffffffffn, r * words, (r + 1) * words);
  return out;
}

/** The rows at `indices`, in that order: one copy per row, straight into a new matrix. */
export function gatherRows(m: BitMatrix, indices: readonly number[]): BitMatrix {
  const out = zeros(indices.length, m.words, m.components);
  for (let c = 0; c < m.components; c++) {
    indices.forEach((row, k) => out.v.set(m.v.subarray(at(m, c, row), at(m, c, row) + m.words), at(out, c, k)));
  }
  return out;
}

/** In place: row indices[k] of m := (row indices[k] of m) ⊕ (row k of by) when `xorInto`, else := row k of by. */
export function scatterRows(m: BitMatrix, indices: readonly number[], by: BitMatrix, xorInto: boolean): void {
  for (let c = 0; c < m.components; c++) {
    indices.forEach((row, k) => {
      const to = at(m, c, row);
      const from = at(by, c, k);
      const target = m.v.subarray(to, to + m.words);
      if (!xorInto) return void target.set(by.v.subarray(from, from + m.words));
      xorWords(target, target, by.v.subarray(from, from + m.words));
    });
  }
}
