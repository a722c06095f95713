// Newton's iterations for 1/c and 1/√c on a normalised c ∈ [0.5, 1), on raw fixed-point values:
// a quadratic first guess, then two steps, each truncated once (exactly) instead of after every product.

import type { Span } from "../diagnostics/source.js";
import type { Arithmetic } from "./arithmetic.js";
import { DIVISION_MARGIN_BITS } from "../../vm/bytecode/limits.js";

/** Minimax fits on [0.5, 1): 1/c with relative error 0.0101, 1/√c with 0.0032; two steps take either below 2^−26. */
const RECIPROCAL_START = [4.24242596, -5.81818362, 2.58585815];
const ROOT_START = [2.23394748, -2.06620703, 0.83544704];
const STEPS = 2;

export class Newton {
  constructor(
    private readonly arith: Arithmetic,
    private readonly f: number,
  ) {}

  /** Whether the ring holds the fused products: up to 2^(3f+3) before their one truncation. */
  static fits(ringBits: number, f: number): boolean {
    return 3 * f + 3 <= ringBits - DIVISION_MARGIN_BITS;
  }

  /** 1/c (raw, scale 2^f) for raw c: y ← y·(2 − c·y), the product at scale 2^3f truncated once. */
  reciprocal(c: number, len: number, span: Span): number {
    let y = this.start(RECIPROCAL_START, c, len, span);
    const two = this.constant(2n << BigInt(2 * this.f), len, span);
    for (let i = 0; i < STEPS; i++) {
      const error = this.gate("sub", two, this.mul(c, y, len, span), len, span);
      y = this.truncate(this.mul(y, error, len, span), 2 * this.f, len, span);
    }
    return y;
  }

  /** 1/√c (raw, scale 2^f) for raw c: y ← y·(1.5 − c·y²/2), truncated twice a step instead of three times. */
  inverseRoot(c: number, len: number, span: Span): number {
    let y = this.start(ROOT_START, c, len, span);
    const threeHalves = this.constant(3n << BigInt(this.f - 1), len, span);
    for (let i = 0; i < STEPS; i++) {
      const halfCY2 = this.truncate(this.mul(this.mul(y, y, len, span), c, len, span), 2 * this.f + 1, len, span);
      y = this.truncate(this.mul(y, this.gate("sub", threeHalves, halfCY2, len, span), len, span), this.f, len, span);
    }
    return y;
  }

  /** a0 + a1·c + a2·c² at scale 2^3f, truncated once to scale 2^f. */
  private start([a0, a1, a2]: number[], c: number, len: number, span: Span): number {
    const f = this.f;
    const scaled = (v: number, bits: number): bigint => BigInt(Math.round(v * 2 ** bits));
    const square = this.mul(c, c, len, span);
    let sum = this.constant(scaled(a0!, 3 * f), len, span);
    sum = this.gate("add", sum, this.mul(c, this.constant(scaled(a1!, 2 * f), len, span), len, span), len, span);
    sum = this.gate("add", sum, this.mul(square, this.constant(scaled(a2!, f), len, span), len, span), len, span);
    return this.truncate(sum, 2 * f, len, span);
  }

  private mul(a: number, b: number, len: number, span: Span): number {
    return this.gate("mul", a, b, len, span);
  }

  private gate(op: "add" | "sub" | "mul", a: number, b: number, len: number, span: Span): number {
    return this.arith.ir.gate({ op }, [a, b], len, this.arith.ir.get(a).secret || this.arith.ir.get(b).secret, span);
  }

  private constant(value: bigint, len: number, span: Span): number {
    return this.arith.constantGate(value, len, span);
  }

  /** x / 2^bits rounded to nearest: flooring would bias y low, and a quotient scales y's error up. */
  private truncate(x: number, bits: number, len: number, span: Span): number {
    const half = this.constant(1n << BigInt(bits - 1), len, span);
    return this.arith.exactDivide(this.gate("add", x, half, len, span), len, 1n << BigInt(bits), true, span);
  }
}
