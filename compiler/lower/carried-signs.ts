// Sign bits carried through a sorting network: a full-range comparison needs the sign bits of both
// keys, two of its three carry trees, and an exchange only swaps keys — so the signs are computed once and swapped along.

import type { Span } from "../diagnostics/source.js";
import type { IrBuilder } from "../ir/builder.js";
import { bitOps, signBit } from "./bit-circuits.js";

/** A layer's sign bits: of all keys (one position per key), and of the keys it compares. */
export interface Picked {
  readonly all: number;
  readonly lo: number;
  readonly hi: number;
}

export class CarriedSigns {
  /** Key vectors (by gate) that a compare_exchange produced, and the sign bits of their elements. */
  private readonly known = new Map<number, number>();

  constructor(private readonly ir: IrBuilder) {}

  /** The sign bits of the secret keys: carried from the layer that made them, or computed afresh. */
  private of(keys: number, span: Span): number {
    return this.known.get(keys) ?? signBit(this.ir, keys, this.ir.get(keys).len, span);
  }

  /** The sign bits of the keys, and of the keys at positions lo and hi. */
  pick(keys: number, lo: readonly number[], hi: readonly number[], span: Span): Picked {
    const all = this.of(keys, span);
    const at = (positions: readonly number[]): number => this.ir.gate({ op: "bgather", indices: positions }, [all], positions.length, true, span, 1);
    return { all, lo: at(lo), hi: at(hi) };
  }

  /**
   * Records the signs of the keys after an exchange: where `swapped` (a bit per pair) is set, the
   * pair's signs trade places, so each of lo and hi flips by swapped ∧ (s_lo ⊕ s_hi). One AND.
   */
  exchanged(result: number, signs: Picked, lo: readonly number[], hi: readonly number[], swapped: number, span: Span): void {
    const n = this.ir.get(signs.all).len;
    const bits = bitOps(this.ir, lo.length, span);
    const flip = bits.and(swapped, bits.xor(signs.lo, signs.hi));
    // Every position gets its pair's flip; positions in no pair get index lo.length: a 0 bit.
    const pairOf = new Array<number>(n).fill(lo.length);
    lo.forEach((p, j) => (pairOf[p] = j));
    hi.forEach((p, j) => (pairOf[p] = j));
    const scattered = this.ir.gate({ op: "bgather", indices: pairOf }, [flip], n, true, span, 1);
    this.known.set(result, bitOps(this.ir, n, span).xor(signs.all, scattered));
  }
}
