// Binary circuits on shared bit matrices: the sum of several numbers (carry-save adders, then a
// Kogge–Stone prefix adder: depth log2 of the width) and a comparison with a public bound.

import { andPublic, type BitMatrix, constantRows, rows, shiftUp, stack, widen, xor, xorPublic } from "./bit-matrix.js";
import type { Session } from "./session.js";

/**
 * The bits of the sum of `numbers` modulo 2^width. Carry-save adders take three numbers to two in
 * one round (the majority is ((x ⊕ z) ∧ (y ⊕ z)) ⊕ z: one AND a bit), all groups of a layer in the same round.
 */
export async function sumBits(s: Session, numbers: readonly BitMatrix[], width: number): Promise<BitMatrix> {
  let list = numbers.map((n) => widen(rows(n, 0, Math.min(n.rows, width)), width));
  while (list.length > 2) {
    const groups: Array<[BitMatrix, BitMatrix, BitMatrix]> = [];
    const next: BitMatrix[] = [];
    for (let i = 0; i < list.length; i += 3) {
      if (i + 2 < list.length) groups.push([list[i]!, list[i + 1]!, list[i + 2]!]);
      else next.push(...list.slice(i));
    }
    const majorities = await s.and(groups.map(([x, y, z]) => [xor(x, z), xor(y, z)] as const));
    groups.forEach(([x, y, z], i) => {
      next.push(xor(xor(x, y), z));
      next.push(shiftUp(xor(majorities[i]!, z), 1));
    });
    list = next;
  }
  return list.length === 1 ? list[0]! : add(s, list[0]!, list[1]!);
}

/** a + b modulo 2^rows, with carries by a parallel prefix of depth ⌈log2 rows⌉. */
export async function add(s: Session, a: BitMatrix, b: BitMatrix): Promise<BitMatrix> {
  const [generate] = await s.and([[a, b]]);
  const propagate = xor(a, b);
  const carries = await prefix(s, generate!, propagate);
  return xor(propagate, shiftUp(carries, 1));
}

/**
 * Row j of the result is the carry out of positions 0…j, by Sklansky's prefix [Sklansky, IRE
 * Trans. Electronic Computers, 1960]: at level l every position in the upper half of a block of
 * 2^(l+1) takes (G, P) of the lower half's last position: (G, P)_j := (G_j ⊕ P_j·G_src, P_j·P_src).
 * Half the positions a level, so about half the ANDs of Kogge–Stone for the same depth. G and P of
 * one span never both hold, so ⊕ stands for ∨.
 */
async function prefix(s: Session, g: BitMatrix, p: BitMatrix): Promise<BitMatrix> {
  const n = g.rows;
  let G = g;
  let P = p;
  for (let half = 1; half < n; half *= 2) {
    const targets: number[] = [];
    const sources: number[] = [];
    for (let j = 0; j < n; j++) {
      if ((j & half) === 0) continue;
      targets.push(j);
      sources.push((j & ~(2 * half - 1)) + half - 1);
    }
    const needP = 2 * half < n;
    const pairs: Array<readonly [BitMatrix, BitMatrix]> = [[pick(P, targets), pick(G, sources)]];
    if (needP) pairs.push([pick(P, targets), pick(P, sources)]);
    const [carried, spans] = await s.and(pairs);
    G = replaced(G, targets, xor(pick(G, targets), carried!));
    if (needP) P = replaced(P, targets, spans!);
  }
  return G;
}

/** The rows at `indices`, in that order. */
function pick(m: BitMatrix, indices: readonly number[]): BitMatrix {
  return stack(indices.map((i) => rows(m, i, i + 1)));
}

/** m with its rows at `indices` replaced by the rows of `by`, in order. */
function replaced(m: BitMatrix, indices: readonly number[], by: BitMatrix): BitMatrix {
  const out = { ...m, v: m.v.slice() };
  indices.forEach((row, k) => {
    for (let c = 0; c < m.components; c++) {
      out.v.set(by.v.subarray((c * by.rows + k) * by.words, (c * by.rows + k + 1) * by.words), (c * m.rows + row) * m.words);
    }
  });
  return out;
}

/**
 * One row: whether the number in x's rows is below the public `bound`, as the borrow out of
 * x − bound: a position generates a borrow where x has 0 and the bound 1, passes one on where they agree.
 */
export async function lessThanPublic(s: Session, x: BitMatrix, bound: bigint): Promise<BitMatrix> {
  const slot = s.proto.publicSlot;
  const ones = constantRows((1n << BigInt(x.rows)) - 1n, x.rows, x.words);
  const boundRows = constantRows(bound, x.rows, x.words);
  const notBound = constantRows(~bound & ((1n << BigInt(x.rows)) - 1n), x.rows, x.words);
  let G = andPublic(xorPublic(x, ones, slot), boundRows);
  let P = xorPublic(x, notBound, slot);
  while (G.rows > 1) {
    const pairs = Math.floor(G.rows / 2);
    const low = (m: BitMatrix): BitMatrix => stack(Array.from({ length: pairs }, (_, i) => rows(m, 2 * i, 2 * i + 1)));
    const high = (m: BitMatrix): BitMatrix => stack(Array.from({ length: pairs }, (_, i) => rows(m, 2 * i + 1, 2 * i + 2)));
    const [carried, spans] = await s.and([
      [high(P), low(G)],
      [high(P), low(P)],
    ]);
    const odd = G.rows % 2 === 1;
    G = odd ? stack([xor(high(G), carried!), rows(G, G.rows - 1, G.rows)]) : xor(high(G), carried!);
    P = odd ? stack([spans!, rows(P, P.rows - 1, P.rows)]) : spans!;
  }
  return G;
}
