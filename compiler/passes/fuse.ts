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

/** bmul(bits, z) for a product of a converted bit and a secret value, or null. */
function bitProduct(g: Gate, rw: Rewriter): number | null {
  const [x, y] = g.args.map((a) => rw.get(rw.map(a)));
  for (const [bit, value] of [[x!, y!], [y!, x!]] as const) {
    if (!value.secret || bit.kind.op !== "b2a") continue;
    const bits = rw.get(bit.args[0]!);
    if (bits.width !== 1 || bits.len !== g.len) continue;
    return rw.add({ op: "bmul" }, [bits.id, value.id], g.len, true, g.span);
  }
  return null;
}
