// The preprocessing kinds made by the parties themselves, with their own protocol and no dealer:
// every party contributes randomness as an input, and circuits on the shares combine the contributions.

import { toBitSliced, wordsPerPosition } from "../../domain/bits.js";
import type { Ring } from "../../domain/ring.js";
import type { Vec } from "../../domain/ring64.js";
import type { PrepKind, PrepNeed } from "../../preprocessing/kinds.js";
import { Material, type PartStream } from "../../preprocessing/material.js";
import { bitsToArithmetic, maskBits } from "../convert.js";
import { lessThanPublic, sumBits } from "./adder.js";
import { type BitMatrix, matrix, rows, stack, zeros } from "./bit-matrix.js";
import { keepLowBits } from "../../domain/low-bits.js";
import type { Session } from "./session.js";

interface DaBits {
  readonly arith: Vec;
  /** One word per bit (the share in bit 0), component after component, as dealt daBits are. */
  readonly words: Vec;
}

export class MaterialMaker {
  private readonly ring: Ring;

  constructor(private readonly s: Session) {
    this.ring = s.proto.ring;
  }

  /** Every kind the program needs, in the layout of this protocol's shares. */
  async make(needs: readonly PrepNeed[]): Promise<Material> {
    const material = new Material(this.ring);
    for (const need of needs) material.add(need.kind, need.param, need.count, await this.kind(need.kind, need.param, need.count));
    return material;
  }

  private async kind(kind: PrepKind, param: bigint | null, count: number): Promise<PartStream[]> {
    switch (kind) {
      case "dabit": {
        const d = await this.daBits(count);
        return [this.flat(d.arith, this.s.arith, this.ring.words), this.flat(d.words, this.s.bits, 1)];
      }
      case "edabit":
        return this.edaBits(count);
      case "bitmul":
        return this.bitMuls(count);
      case "divmask":
        return this.divMasks(count, param!);
      case "triple":
      case "bittriple":
        throw new Error(`the ${this.s.proto.name} protocol multiplies without ${kind}s`);
    }
  }

  private flat(v: Vec, components: number, size: number): PartStream {
    const per = v.length / components;
    return { form: "flat", components: Array.from({ length: components }, (_, c) => v.subarray(c * per, (c + 1) * per)), size };
  }

  private sliced(m: BitMatrix): PartStream {
    const per = m.rows * m.words;
    return { form: "sliced", components: Array.from({ length: m.components }, (_, c) => m.v.subarray(c * per, (c + 1) * per)), words: m.words, width: m.rows };
  }

  /**
   * Random bits known to nobody, shared both ways [Rotaru and Wood, INDOCRYPT 2019]: each party
   * inputs a random bit in both domains; XOR of the contributions is local on bits and
   * x + y − 2xy on ring elements (a tree of products, ⌈log2 n⌉ rounds).
   */
  async daBits(count: number): Promise<DaBits> {
    const W = wordsPerPosition(count);
    const { arith, bits: bool } = await this.contributions(count, 1);
    let list = arith;
    while (list.length > 1) {
      const pairs: Array<readonly [Vec, Vec]> = [];
      for (let i = 0; i + 1 < list.length; i += 2) pairs.push([list[i]!, list[i + 1]!]);
      const products = await this.s.multiply(pairs, count);
      const next = pairs.map(([x, y], i) => this.linear(x, y, products[i]!));
      if (list.length % 2 === 1) next.push(list[list.length - 1]!);
      list = next;
    }
    const xorShare = new BigUint64Array(this.s.bits * W);
    for (const b of bool) for (let i = 0; i < xorShare.length; i++) xorShare[i] = xorShare[i]! ^ b.v[i]!;
    return { arith: list[0]!, words: unpackBits(xorShare, count, this.s.bits) };
  }

  /** x + y − 2·xy, all components. */
  private linear(x: Vec, y: Vec, xy: Vec): Vec {
    const out = this.ring.add(new BigUint64Array(x.length), x, y);
    const twice = this.ring.add(new BigUint64Array(x.length), xy, xy);
    return this.ring.sub(out, out, twice);
  }

  /**
   * edaBits [Escudero, Ghosh, Keller, Rachuri, Scholl, CRYPTO 2020]: each party inputs a random r_p
   * in both domains; r = Σ r_p on ring elements, and its bits from a binary adder of the
   * contributions; one more round gives the products of neighbouring bits.
   */
  private async edaBits(count: number): Promise<PartStream[]> {
    const k = this.ring.bits;
    const W = wordsPerPosition(count);
    const { arith, bits } = await this.contributions(count, k);
    const r = await sumBits(this.s, bits, k);
    const [products] = await this.s.and([[rows(r, 0, k - 1), rows(r, 1, k)]]);
    const productRows = stack([products!, zeros(1, W, this.s.bits)]);
    return [this.flat(this.sum(arith), this.s.arith, this.ring.words), this.sliced(r), this.sliced(productRows)];
  }

  /**
   * Random values below 2^width as a sum of contributions, each shared in both domains: the
   * protocol's own summands where it has them (no message), else each party's random values input
   * in both domains, in one round.
   */
  private async contributions(count: number, width: number): Promise<{ arith: Vec[]; bits: BitMatrix[] }> {
    const W = wordsPerPosition(count);
    const own = this.s.proto.summands?.(count, width);
    if (own !== undefined) return { arith: own.arith, bits: own.bits.map((b) => matrix(b, width, W, this.s.bits)) };
    const values = this.ring.random(count);
    if (width < this.ring.bits) keepLowBits(this.ring, values, width);
    const sliced = toBitSliced(values, width, this.ring.words);
    const [arith, bits] = await this.s.inputFromEach([
      { count, domain: "arith", mine: values },
      { count: width * W, domain: "bits", mine: sliced },
    ]);
    return { arith: arith!, bits: bits!.map((b) => matrix(b, width, W, this.s.bits)) };
  }

  private sum(list: readonly Vec[]): Vec {
    const out = new BigUint64Array(list[0]!.length);
    for (const v of list) this.ring.add(out, out, v);
    return out;
  }

  /**
   * Uniform values below 2^bits with a sharing and their bits: the contributions' sum S < n·2^bits
   * has bits + ⌈log2 n⌉ bits; those above `bits` are converted with daBits and subtracted.
   */
  async uniformBelowPower(count: number, bits: number): Promise<{ value: Vec; bits: BitMatrix }> {
    const W = wordsPerPosition(count);
    if (bits === 0) return { value: new BigUint64Array(this.s.arith * count * this.ring.words), bits: zeros(0, W, this.s.bits) };
    const { arith, bits: parts } = await this.contributions(count, bits);
    const extra = Math.ceil(Math.log2(parts.length));
    const total = await sumBits(this.s, parts, bits + extra);
    const value = this.sum(arith);
    const high = await this.toArithmetic(rows(total, bits, bits + extra), count);
    const size = count * this.ring.words;
    for (let j = 0; j < extra; j++) {
      const weight = this.ring.alloc(count);
      for (let i = 0; i < count; i++) this.ring.set(weight, i, 1n << BigInt(bits + j));
      for (let c = 0; c < this.s.arith; c++) {
        const part = value.subarray(c * size, (c + 1) * size);
        const bit = high.subarray((c * extra + j) * size, (c * extra + j + 1) * size);
        this.ring.sub(part, part, this.ring.mul(this.ring.alloc(count), bit, weight));
      }
    }
    return { value, bits: rows(total, 0, bits) };
  }

  /** Rows of shared bits as ring elements 0/1 (row-major, `count` a row), with daBits: open x ⊕ b, then x = e + b − 2eb. */
  private async toArithmetic(m: BitMatrix, count: number): Promise<Vec> {
    const items = m.rows * count;
    const { arith, words } = await this.daBits(items);
    const per = m.rows * m.words;
    const masked = new BigUint64Array(m.v.length);
    for (let c = 0; c < m.components; c++)
      masked.set(maskBits(m.v.subarray(c * per, (c + 1) * per), words.subarray(c * items, (c + 1) * items), count), c * per);
    const e = await this.s.openBits(matrix(masked, m.rows, m.words, m.components));
    const size = items * this.ring.words;
    const out = new BigUint64Array(this.s.arith * size);
    for (let c = 0; c < this.s.arith; c++) {
      out.set(bitsToArithmetic(this.ring, c === this.s.proto.publicSlot, e, arith.subarray(c * size, (c + 1) * size), count), c * size);
    }
    return out;
  }

  /**
   * Uniform values below a public bound that is not a power of two: candidates below the next
   * power, compared with the bound in a circuit; only whether each is below is opened (it says
   * nothing about the kept values), and the kept ones are used. Twice as many candidates as needed
   * and a margin, so another batch is almost never drawn.
   */
  private async uniformBelow(count: number, bound: bigint): Promise<Vec> {
    // ⌊2^(k−1)/d⌋ can be a power of two for a large d that is not: then no candidate is ever refused.
    if ((bound & (bound - 1n)) === 0n) return (await this.uniformBelowPower(count, bound.toString(2).length - 1)).value;
    const bits = (bound - 1n).toString(2).length;
    const size = this.ring.words;
    const out = new BigUint64Array(this.s.arith * count * size);
    let have = 0;
    while (have < count) {
      const want = count - have;
      const tries = 2 * want + 8 * Math.ceil(Math.sqrt(want)) + 64;
      const candidates = await this.uniformBelowPower(tries, bits);
      const below = await this.s.openBits(await lessThanPublic(this.s, candidates.bits, bound));
      for (let j = 0; j < tries && have < count; j++) {
        if (((below[j >> 6]! >> BigInt(j & 63)) & 1n) === 0n) continue;
        for (let c = 0; c < this.s.arith; c++) {
          const from = (c * tries + j) * size;
          out.set(candidates.value.subarray(from, from + size), (c * count + have) * size);
        }
        have++;
      }
    }
    return out;
  }

  /**
   * Masks for division by d (vm/protocol/divide.ts): low = q·d + s with q uniform below
   * ⌊2^(k−1)/d⌋ and s below d, so ⌊low/d⌋ = q exactly; top a random bit. For a power of two the
   * two parts are the low and high bits of a uniform value; otherwise low is uniform below
   * ⌊2^(k−1)/d⌋·d, within d/2^(k−1) of uniform below 2^(k−1).
   */
  private async divMasks(count: number, d: bigint): Promise<PartStream[]> {
    const k = this.ring.bits;
    const power = (d & (d - 1n)) === 0n ? d.toString(2).length - 1 : -1;
    const top = (await this.daBits(count)).arith;
    const quotient = power >= 0 ? (await this.uniformBelowPower(count, k - 1 - power)).value : await this.uniformBelow(count, (1n << BigInt(k - 1)) / d);
    const rest = power >= 0 ? (await this.uniformBelowPower(count, power)).value : await this.uniformBelow(count, d);
    const factor = this.ring.alloc(count * this.s.arith);
    for (let i = 0; i < count * this.s.arith; i++) this.ring.set(factor, i, d);
    const low = this.ring.add(new BigUint64Array(rest.length), this.ring.mul(new BigUint64Array(rest.length), quotient, factor), rest);
    const part = (v: Vec): PartStream => this.flat(v, this.s.arith, this.ring.words);
    return [part(low), part(top), part(quotient)];
  }

  /** A daBit r, a random β and r·β: one product after the daBits. */
  private async bitMuls(count: number): Promise<PartStream[]> {
    const { arith: r, words } = await this.daBits(count);
    const beta = this.s.proto.randomShare(count, "arith");
    const [product] = await this.s.multiply([[r, beta]], count);
    const part = (v: Vec): PartStream => this.flat(v, this.s.arith, this.ring.words);
    return [part(r), this.flat(words, this.s.bits, 1), part(beta), part(product!)];
  }
}

/** Bit-sliced single rows (one per component) to one word per bit, the share in bit 0. */
function unpackBits(rowsOfBits: Vec, count: number, components: number): Vec {
  const W = wordsPerPosition(count);
  const out = new BigUint64Array(components * count);
  for (let c = 0; c < components; c++) for (let j = 0; j < count; j++) out[c * count + j] = (rowsOfBits[c * W + (j >> 6)]! >> BigInt(j & 63)) & 1n;
  return out;
}
