// Binary circuits on shared bit matrices: the sum of several numbers (carry-save adders, then a
// Kogge–Stone prefix adder: depth log2 of the width) and a comparison with a public bound.

import { andPublic, type BitMatrix, constantRows, gatherRows, rows, scatterRows, shiftUp, stack, widen, xor, xorPublic, zeros } from "./bit-matrix.js";
import type { Session } from "./session.js";

/**
 * The bits of the sum of `numbers` modulo 2^width. Carry-save adders take three numbers to two in
 * one round (the majority is ((x ⊕ z) ∧ (y ⊕ z)) ⊕ z: one AND a bit), all groups of a layer in the same round.
 */
export async function sumBits(s: Session, numbers: readonly BitMatrix[], width: number): Promise<BitMatrix> {
  let list = numbers.map((n) => widen(n, width));
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
 * Row j of the result is the carry out of positions 0…j, by the Brent–Kung prefix [Brent and
 * Kung, IEEE Trans. Computers, 1982]: an up-sweep combines spans of 2, 4, 8, … positions, a
 * down-sweep fills in the rest; about 3 ANDs a position (Kogge–Stone needs 2·log2 of the width)
 * for 2·log2 of the width rounds. Material is made in bulk, so ANDs weigh more than rounds.
 * (G, P)_j ∘ (G, P)_i = (G_j ⊕ P_j·G_i, P_j·P_i); G and P of one span never both hold, so ⊕ stands for ∨.
 */
async function prefix(s: Session, g: BitMatrix, p: BitMatrix): Promise<BitMatrix> {
  const n = g.rows;
  // Owned copies, updated in place level by level.
  const G = { ...g, v: g.v.slice() };
  const P = { ...p, v: p.v.slice() };
  const step = async (targets: number[], distance: number, withP: boolean): Promise<void> => {
    if (targets.length === 0) return;
    const sources = targets.map((j) => j - distance);
    const spansOf = gatherRows(P, targets);
    const pairs: Array<readonly [BitMatrix, BitMatrix]> = [[spansOf, gatherRows(G, sources)]];
    if (withP) pairs.push([spansOf, gatherRows(P, sources)]);
    const [carried, spans] = await s.and(pairs);
    scatterRows(G, targets, carried!, true);
    if (withP) scatterRows(P, targets, spans!, false);
  };
  let top = 1;
  for (let d = 1; d < n; d *= 2, top = d) {
    const targets: number[] = [];
    for (let j = 2 * d - 1; j < n; j += 2 * d) targets.push(j);
    // A span's P is needed only if a longer span will be built on it.
    await step(targets, d, 4 * d <= n);
  }
  for (let d = top / 2; d >= 1; d /= 2) {
    const targets: number[] = [];
    for (let j = 3 * d - 1; j < n; j += 2 * d) if ((j + 1) % (2 * d) !== 0) targets.push(j);
    await step(targets, d, false);
  }
  return G;
}

/**
 * One row: whether the number in x's rows is below the public `bound`, as the borrow out of
 * x − bound: a position generates a borrow where x has 0 and the bound 1, passes one on where they agree.
 */
export async function lessThanPublic(s: Session, x: BitMatrix, bound: bigint): Promise<BitMatrix> {
  const slot = s.proto.publicSlot;
  // Every number of x.rows bits is below a bound of 2^rows or more, none below 0: a public answer, no circuit.
  if (bound <= 0n || bound >= 1n << BigInt(x.rows)) {
    return xorPublic(zeros(1, x.words, x.components), constantRows(bound > 0n ? 1n : 0n, 1, x.words), slot);
  }
  const ones = constantRows((1n << BigInt(x.rows)) - 1n, x.rows, x.words);
  const boundRows = constantRows(bound, x.rows, x.words);
  const notBound = constantRows(~bound & ((1n << BigInt(x.rows)) - 1n), x.rows, x.words);
  let G = andPublic(xorPublic(x, ones, slot), boundRows);
  let P = xorPublic(x, notBound, slot);
  while (G.rows > 1) {
    const pairs = Math.floor(G.rows / 2);
    const evens = Array.from({ length: pairs }, (_, i) => 2 * i);
    const odds = evens.map((i) => i + 1);
    const low = (m: BitMatrix): BitMatrix => gatherRows(m, evens);
    const high = (m: BitMatrix): BitMatrix => gatherRows(m, odds);
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
