// AND of XOR-shared bit-sliced words with bit triples: Beaver's method over GF(2), 64 ANDs a
// word [Beaver, CRYPTO '91]. Open d = x ⊕ a and e = y ⊕ b; then x ∧ y = c ⊕ (d ∧ b) ⊕ (e ∧ a) ⊕ (d ∧ e).

import type { Vec } from "../../domain/ring64.js";

export function maskAndOperands(x: Vec, y: Vec, a: Vec, b: Vec): Vec {
  const n = x.length;
  const out = new BigUint64Array(2 * n);
  for (let i = 0; i < n; i++) out[i] = x[i]! ^ a[i]!;
  for (let i = 0; i < n; i++) out[n + i] = y[i]! ^ b[i]!;
  return out;
}

/** This party's share of x ∧ y from the opened d and e (party 0 adds the public d ∧ e). */
export function andShare(party: number, opened: Vec, a: Vec, b: Vec, c: Vec, out?: Vec): Vec {
  const n = a.length;
  const z = out ?? new BigUint64Array(n);
  // Simple loops, one expression each: V8 keeps BigUint64Array arithmetic unboxed in these.
  for (let i = 0; i < n; i++) z[i] = c[i]! ^ (opened[i]! & b[i]!) ^ (opened[n + i]! & a[i]!);
  if (party === 0) for (let i = 0; i < n; i++) z[i] = z[i]! ^ (opened[i]! & opened[n + i]!);
  return z;
}
