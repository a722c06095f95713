// Fusion of a bit's conversion into its product: b2a(b) · z for a secret bit b and a secret z
// becomes bmul(b, z), one round instead of two (vm/protocol/bit-product.ts). Selects and swaps are such products.

import type { Gate, IrProgram } from "../ir/ir.js";
import { gateByGate, Rewriter } from "./rewrite.js";

export function fuse(program: IrProgram): IrProgram {
  return new Rewriter(program).run(
    gateByGate((g, rw) => {
      const fused = g.kind.op === "mul" && g.secret ? bitProduct(g, rw) : null;
      if (fused === null) rw.copy(g);
      else rw.set(g.id, fused);
    }),
  );
}

/**
 * bmul(bits, z) for a product of a converted bit and a secret value z, or null. A converted bit
 * times a public k (as in x − 2·[x < 0]·x) counts too: then the bit multiplies k·z, a local product.
 */
function bitProduct(g: Gate, rw: Rewriter): number | null {
  const [x, y] = g.args.map((a) => rw.get(rw.map(a)));
  for (const [factor, value] of [
    [x!, y!],
    [y!, x!],
  ] as const) {
    if (!value.secret) continue;
    const scaled = scaledBit(factor, rw);
    if (scaled === null || rw.get(scaled.bits).len !== g.len) continue;
    const z = scaled.by === null ? value.id : rw.add({ op: "mul" }, [value.id, scaled.by], g.len, true, g.span);
    return rw.add({ op: "bmul" }, [scaled.bits, z], g.len, true, g.span);
  }
  return null;
}

/** For b2a(bits) of one bit position, or such a gate times a public gate: the bits and the public factor. */
function scaledBit(gate: Gate, rw: Rewriter): { bits: number; by: number | null } | null {
  if (gate.kind.op === "b2a") return rw.get(gate.args[0]!).width === 1 ? { bits: gate.args[0]!, by: null } : null;
  if (gate.kind.op !== "mul") return null;
  const [a, b] = gate.args.map((id) => rw.get(id));
  for (const [bit, k] of [
    [a!, b!],
    [b!, a!],
  ] as const) {
    if (k.secret || bit.kind.op !== "b2a" || k.len !== gate.len) continue;
    const inner = scaledBit(bit, rw);
    if (inner !== null) return { bits: inner.bits, by: k.id };
  }
  return null;
}
