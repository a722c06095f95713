// Privacy of each protocol's sharings, tested statistically: what any t parties hold (one party's
// pair of components under replicated sharing; any t points under Shamir) has the same distribution
// whatever the secret — after an input and after a product. A control shows the test can see a leak.

import { describe, expect, it } from "vitest";
import { ringOf } from "../../../vm/domain/ring.js";
import type { Vec } from "../../../vm/domain/ring64.js";
import { GaloisRing } from "../../../vm/protocol/shamir/galois.js";
import type { PartyProtocol, ProtocolName } from "../../../vm/protocol/protocol.js";
import { openAll, protocolParties, round, shareFrom } from "./parties.js";

const SAMPLES = 12_000;
/** χ² with 255 degrees of freedom exceeds this with probability below 10^-8: a failure is not bad luck. */
const CRITICAL = 410;

/** Two-sample χ² statistic of byte histograms. */
function chiSquare(a: Uint8Array, b: Uint8Array): number {
  const ha = new Float64Array(256);
  const hb = new Float64Array(256);
  for (const v of a) ha[v]!++;
  for (const v of b) hb[v]!++;
  let chi = 0;
  for (let i = 0; i < 256; i++) {
    const total = ha[i]! + hb[i]!;
    if (total > 0) chi += (ha[i]! - hb[i]!) ** 2 / total;
  }
  return chi;
}

/** Features of a coalition's view, one byte per element each: every component word's low and high byte, and their sums. */
function features(view: readonly Vec[], count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const words = view.map((share) => Array.from({ length: share.length / count }, (_, c) => share.subarray(c * count, (c + 1) * count)));
  const all = words.flat();
  for (const w of all) {
    out.push(Uint8Array.from(w, (v) => Number(v & 0xffn)));
    out.push(Uint8Array.from(w, (v) => Number(v >> 56n)));
  }
  out.push(Uint8Array.from({ length: count }, (_, i) => Number(all.reduce((s, w) => s + w[i]!, 0n) & 0xffn)));
  return out;
}

function constant(value: bigint, count: number): Vec {
  return new BigUint64Array(count).fill(BigInt.asUintN(64, value));
}

/** Sharings of `secret` made as an input of the last party, and as the product secret · 1. */
function sharings(parties: readonly PartyProtocol[], secret: bigint): { input: Vec[]; product: Vec[] } {
  const owner = parties.length - 1;
  const input = shareFrom(parties, owner, constant(secret, SAMPLES));
  const one = shareFrom(parties, owner, constant(1n, SAMPLES));
  const product = round(parties, (p, out) => {
    const result = new BigUint64Array(input[p.party]!.length);
    const finish = p.multiply(input[p.party]!, one[p.party]!, SAMPLES, out, result);
    return (inbox) => (finish(inbox), result);
  });
  return { input, product };
}

const CASES: ReadonlyArray<{ name: ProtocolName; parties: number; t: number; coalition: number[] }> = [
  { name: "replicated", parties: 3, t: 1, coalition: [1] },
  { name: "shamir", parties: 3, t: 1, coalition: [0] },
  { name: "shamir", parties: 4, t: 1, coalition: [2] },
  { name: "shamir", parties: 5, t: 2, coalition: [0, 3] },
];

describe("what any t parties hold says nothing of the secret", () => {
  for (const c of CASES) {
    it(`${c.name}, ${c.parties} parties, parties ${c.coalition.join(" and ")} (t = ${c.t}): inputs and products`, () => {
      const parties = protocolParties(c.name, c.parties, c.t);
      const a = sharings(parties, 0n);
      const b = sharings(parties, -(1n << 63n) + 12_345n);
      expect(openAll(parties, b.product, SAMPLES)[0]).toBe(BigInt.asUintN(64, -(1n << 63n) + 12_345n));
      for (const kind of ["input", "product"] as const) {
        const fa = features(
          c.coalition.map((p) => a[kind][p]!),
          SAMPLES,
        );
        const fb = features(
          c.coalition.map((p) => b[kind][p]!),
          SAMPLES,
        );
        fa.forEach((f, i) => expect(chiSquare(f, fb[i]!), `${kind}, feature ${i}`).toBeLessThan(CRITICAL));
      }
    });
  }

  it("the test sees a leak: two parties of replicated, or t + 1 of Shamir, tell the secrets apart from their shares alone", () => {
    const gr = new GaloisRing(ringOf("Z2^64"), 3);
    const [l0, l1] = gr.lagrangeAtZero([0, 1]);
    const secretFrom: Record<"replicated" | "shamir", (s: readonly Vec[]) => Vec> = {
      // x0 (party 0's first component) plus party 1's pair (x1, x2).
      replicated: ([s0, s1]) => sumOf([s0!.subarray(0, SAMPLES), s1!.subarray(0, SAMPLES), s1!.subarray(SAMPLES)]),
      // Two points of a line give its value at 0.
      shamir: ([s0, s1]) => gr.addScaled(gr.addScaled(new BigUint64Array(s0!.length), s0!, l0!), s1!, l1!).subarray(0, SAMPLES),
    };
    for (const name of ["replicated", "shamir"] as const) {
      const parties = protocolParties(name, 3, 1);
      const view = (secret: bigint): Uint8Array => {
        const { input } = sharings(parties, secret);
        return Uint8Array.from(secretFrom[name](input), (v) => Number((v >> 40n) & 0xffn));
      };
      expect(chiSquare(view(0n), view(1n << 40n)), name).toBeGreaterThan(10 * CRITICAL);
    }
  });
});

/** The element-wise sum (a fresh array). */
function sumOf(parts: readonly Vec[]): Vec {
  const out = new BigUint64Array(parts[0]!.length);
  for (const p of parts) for (let i = 0; i < out.length; i++) out[i] = out[i]! + p[i]!;
  return out;
}
