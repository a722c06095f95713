// Sign bits carried through a sorting network: a full-range comparison needs the sign bits of both
// keys, two of its three carry trees, and an exchange only swaps keys — so the signs are computed once and swapped along.

import type { Span } from "../diagnostics/source.js";
import type { IrBuilder } from "../ir/builder.js";
import { bitOps, signBit } from "./bit-circuits.js";

export class CarriedSigns {
  /** Key vectors (by gate) that a compare_exchange produced, and the sign bits of their elements. */
  private readonly known = new Map<number, number>();

  constructor(private readonly ir: IrBuilder) {}

  /** The sign bits of the secret keys: carried from the layer that made them, or computed afresh. */
  of(keys: number, span: Span): number {
    return this.known.get(keys) ?? signBit(this.ir, keys, this.ir.get(keys).len, span);
  }

  /** Elements `positions` of a bit vector of signs (one position each). */
  pick(signs: number, positions: readonly number[], span: Span): number {
    return this.ir.gate({ op: "bgather", indices: positions }, [signs], positions.length, true, span, 1);
  }

  /**
   * Records the signs of the keys after an exchange: where `swapped` (a bit per pair) is set, the
   * pair's signs trade places, so each of lo and hi flips by swapped ∧ (s_lo ⊕ s_hi). One AND.
   */
  exchanged(result: number, signs: number, lo: readonly number[], hi: readonly number[], swapped: number, span: Span): void {
    const n = this.ir.get(signs).len;
    const bits = bitOps(this.ir, lo.length, span);
    const flip = bits.and(swapped, bits.xor(this.pick(signs, lo, span), this.pick(signs, hi, span)));
    // Every position gets its pair's flip; positions in no pair get index lo.length: a 0 bit.
    const pairOf = new Array<number>(n).fill(lo.length);
    lo.forEach((p, j) => (pairOf[p] = j));
    hi.forEach((p, j) => (pairOf[p] = j));
    const scattered = this.ir.gate({ op: "bgather", indices: pairOf }, [flip], n, true, span, 1);
    this.known.set(result, bitOps(this.ir, n, span).xor(signs, scattered));
  }
}
