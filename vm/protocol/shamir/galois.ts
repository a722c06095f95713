// The Galois ring GR(2^k, d) = Z_2^k[X]/(X^d + X + 1) that Shamir shares live in, on vectors stored
// coefficient by coefficient; and GF(2^d), the same for shared bits, on bit-sliced words.

import type { Ring } from "../../domain/ring.js";
import type { Vec } from "../../domain/ring64.js";

import { type Element, GaloisConstants } from "./elements.js";

export { type Element, modTwo, shamirDegree } from "./elements.js";

export class GaloisRing extends GaloisConstants {
  constructor(
    readonly ring: Ring,
    parties: number,
  ) {
    super(ring.bits, parties);
  }

  // ---- vectors: `count` elements, coefficient j of all of them in words [j·count·w, (j+1)·count·w)

  /** out := a·b element by element. `out` must not be a or b. */
  mulVec(out: Vec, a: Vec, b: Vec): Vec {
    const d = this.d;
    const size = out.length / d;
    const wide = Array.from({ length: 2 * d - 1 }, () => new BigUint64Array(size));
    const t = new BigUint64Array(size);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        this.ring.mul(t, a.subarray(i * size, (i + 1) * size), b.subarray(j * size, (j + 1) * size));
        this.ring.add(wide[i + j]!, wide[i + j]!, t);
      }
    }
    reduceVec(this.ring, wide, d);
    for (let j = 0; j < d; j++) out.set(wide[j]!, j * size);
    return out;
  }

  /** out += a·c for a constant c (out may not be a). */
  addScaled(out: Vec, a: Vec, c: Element): Vec {
    const d = this.d;
    const size = out.length / d;
    const wide = Array.from({ length: 2 * d - 1 }, () => new BigUint64Array(size));
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (c[j] !== 0n) scaleAdd(this.ring, wide[i + j]!, a.subarray(i * size, (i + 1) * size), c[j]!);
    reduceVec(this.ring, wide, d);
    for (let j = 0; j < d; j++) this.ring.add(out.subarray(j * size, (j + 1) * size), out.subarray(j * size, (j + 1) * size), wide[j]!);
    return out;
  }
}

function reduceVec(ring: Ring, wide: Vec[], d: number): void {
  for (let k = wide.length - 1; k >= d; k--) {
    ring.sub(wide[k - d + 1]!, wide[k - d + 1]!, wide[k]!);
    ring.sub(wide[k - d]!, wide[k - d]!, wide[k]!);
  }
}

/** out += a·c for a public scalar c of the ring. */
export function scaleAdd(ring: Ring, out: Vec, a: Vec, c: bigint): void {
  if (ring.words === 1) {
    // The scalar in a typed array: V8 keeps the loop's BigInt arithmetic unboxed (not for a BigInt parameter).
    const k = BigUint64Array.of(BigInt.asUintN(64, c));
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + a[i]! * k[0]!;
    return;
  }
  const n = out.length / ring.words;
  for (let i = 0; i < n; i++) ring.set(out, i, ring.get(out, i) + ring.get(a, i) * c);
}

// ---- GF(2^d) = GF(2)[X]/(X^d + X + 1) on bit-sliced words: the ring for shared bits

/** out := a·b, each of d bit-planes of `words` words. */
export function gf2MulVec(out: Vec, a: Vec, b: Vec, d: number): Vec {
  const words = out.length / d;
  const wide = Array.from({ length: 2 * d - 1 }, () => new BigUint64Array(words));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const w = wide[i + j]!;
      const ai = i * words;
      const bj = j * words;
      for (let t = 0; t < words; t++) w[t] = w[t]! ^ (a[ai + t]! & b[bj + t]!);
    }
  }
  gf2Reduce(wide, d);
  for (let j = 0; j < d; j++) out.set(wide[j]!, j * words);
  return out;
}

/** out ^= a·c for a constant c of GF(2^d) (its bits as a number). */
export function gf2AddScaled(out: Vec, a: Vec, c: number, d: number): Vec {
  const words = out.length / d;
  const wide = Array.from({ length: 2 * d - 1 }, () => new BigUint64Array(words));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      if (((c >> j) & 1) === 0) continue;
      const w = wide[i + j]!;
      for (let t = 0; t < words; t++) w[t] = w[t]! ^ a[i * words + t]!;
    }
  }
  gf2Reduce(wide, d);
  for (let j = 0; j < d; j++) for (let t = 0; t < words; t++) out[j * words + t] = out[j * words + t]! ^ wide[j]![t]!;
  return out;
}

function gf2Reduce(wide: Vec[], d: number): void {
  for (let k = wide.length - 1; k >= d; k--) {
    const top = wide[k]!;
    const a = wide[k - d + 1]!;
    const b = wide[k - d]!;
    for (let t = 0; t < top.length; t++) {
      a[t] = a[t]! ^ top[t]!;
      b[t] = b[t]! ^ top[t]!;
    }
  }
}
