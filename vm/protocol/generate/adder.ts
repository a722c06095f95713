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

/** a + b modulo 2^rows, with carries by the Kogge–Stone parallel prefix [Kogge and Stone, 1973]. */
export async function add(s: Session, a: BitMatrix, b: BitMatrix): Promise<BitMatrix> {
  const [generate] = await s.and([[a, b]]);
  const propagate = xor(a, b);
  const carries = await prefix(s, generate!, propagate);
  return xor(propagate, shiftUp(carries, 1));
}

/**
 * Row j of the result is the carry out of positions 0…j: (G, P)_j ∘ (G, P)_(j−d) for d = 1, 2, 4, …
 * G and P of one span never both hold, so ⊕ stands for ∨.
 */
async function prefix(s: Session, g: BitMatrix, p: BitMatrix): Promise<BitMatrix> {
  const n = g.rows;
  let G = g;
  let P = p;
  for (let d = 1; d < n; d *= 2) {
    const highP = rows(P, d, n);
    const needP = 2 * d < n;
    const pairs: Array<readonly [BitMatrix, BitMatrix]> = [[highP, rows(G, 0, n - d)]];
    if (needP) pairs.push([highP, rows(P, 0, n - d)]);
    const [carried, spans] = await s.and(pairs);
    G = stack([rows(G, 0, d), xor(rows(G, d, n), carried!)]);
    if (needP) P = stack([rows(P, 0, d), spans!]);
  }
  return G;
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
