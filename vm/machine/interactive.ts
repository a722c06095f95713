// Handlers of the instructions that communicate (and of those that draw preprocessing): a two-phase
// secure form — send this party's part through the protocol, then finish with the replies — and a clear form.

import { toBitSliced, wordsPerPosition } from "../domain/bits.js";
import { randomWords } from "../domain/random.js";
import type { Vec } from "../domain/ring64.js";
import type { Instruction } from "../bytecode/program.js";
import { bitProductShare, maskBit } from "../protocol/bit-product.js";
import { bitsToArithmetic, maskBits } from "../protocol/convert.js";
import { maskDividend, quotientShare } from "../protocol/divide.js";
import { PREP_KINDS } from "../preprocessing/kinds.js";
import type { Inbox, Outbox } from "./messages.js";
import { assign, component, overwrite, read, receivesOutput, write, type MachineState } from "./state.js";

export type InteractiveHandler = {
  readonly kind: "interactive";
  /** Sends this party's part of the round and returns what to do with the replies. */
  prepare(m: MachineState, ins: Instruction, out: Outbox): (inbox: Inbox) => void;
  /** The same instruction in the clear, for the emulator. */
  clear(m: MachineState, ins: Instruction): void;
};

/** A local instruction that draws randomness: from the protocol (and its material) when secure, fresh randomness when emulating. */
export type RandomHandler = {
  readonly kind: "random";
  secure(m: MachineState, ins: Instruction): void;
  clear(m: MachineState, ins: Instruction): void;
};

const lengthOf = (m: MachineState, r: number): number => m.program.registerLength[r]!;

/** Components back to back: one array in the register layout. A single component is returned as it is. */
function joined(parts: readonly Vec[]): Vec {
  if (parts.length === 1) return parts[0]!;
  const out = new BigUint64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** f on component c of each of `shares` (component size `size`), for every component, joined. */
function eachComponent(count: number, size: number, shares: readonly Vec[], f: (c: number, ...parts: Vec[]) => Vec): Vec {
  if (count === 1) return f(0, ...shares);
  const out: Vec[] = [];
  for (let c = 0; c < count; c++) out.push(f(c, ...shares.map((s) => component(s, c, size))));
  return joined(out);
}

export const multiply: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b, c] }, out) {
    const x = read(m, b!);
    const y = read(m, c!);
    const result = overwrite(m, a!);
    return m.proto!.multiply(x, y, lengthOf(m, a!), out, result);
  },
  clear: (m, { operands: [a, b, c] }) => void m.ring.mul(write(m, a!), read(m, b!), read(m, c!)),
};

/**
 * Division by a public d with a mask from preprocessing (vm/protocol/divide.ts): each component of
 * x + B + r is masked locally, the sum is opened, and the quotient's share follows linearly.
 */
export const divide: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b, k] }, out) {
    const d = m.ring.get(m.program.constants[k!]!, 0);
    const len = lengthOf(m, a!);
    const size = len * m.ring.words;
    const slot = m.publicSlot;
    const [low, top, quotient] = m.material!.take("divmask", d, len);
    const masked = eachComponent(m.layout.arith, size, [read(m, b!), low!, top!], (c, x, l, t) => maskDividend(m.ring, c === slot, x!, l!, t!, d));
    const opening = m.proto!.open(masked, len, -1, out);
    return (inbox) => {
      const opened = opening(inbox)!;
      assign(
        m,
        a!,
        eachComponent(m.layout.arith, size, [top!, quotient!], (c, t, q) => quotientShare(m.ring, c === slot, opened, t!, q!, d)),
      );
    };
  },
  clear: (m, { operands: [a, b, k] }) => void m.ring.floorDivide(write(m, a!), read(m, b!), m.ring.get(m.program.constants[k!]!, 0)),
};

export const input: RandomHandler = {
  kind: "random",
  secure: (m, { operands: [a, index] }) => void write(m, a!).set(m.proto!.inputShare(index!, lengthOf(m, a!))),
  clear: (m, { operands: [a, index] }) => void write(m, a!).set(m.inputValues(index!)),
};

export const open: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b, to] }, out) {
    const opening = m.proto!.open(read(m, b!), lengthOf(m, b!), to!, out);
    return (inbox) => {
      const result = write(m, a!);
      const values = opening(inbox);
      if (values !== null && receivesOutput(m, to!)) result.set(values);
    };
  },
  clear: (m, { operands: [a, b] }) => void write(m, a!).set(read(m, b!)),
};

export const bitAnd: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b, c] }, out) {
    const x = read(m, b!);
    const y = read(m, c!);
    const result = overwrite(m, a!);
    return m.proto!.and(x, y, x.length / m.layout.bits, out, result);
  },
  clear: (m, { operands: [a, b, c] }) => {
    const out = write(m, a!);
    const x = read(m, b!);
    const y = read(m, c!);
    for (let i = 0; i < out.length; i++) out[i] = x[i]! & y[i]!;
  },
};

export const bitMultiply: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b, c] }, out) {
    const len = lengthOf(m, a!);
    const size = len * m.ring.words;
    const bitWords = wordsPerPosition(len);
    const z = read(m, c!);
    const [r, rXor, beta, rBeta] = m.material!.take("bitmul", null, len);
    const maskedBits = eachComponent(m.layout.bits, bitWords, [read(m, b!)], (k, bits) => maskBit(bits!, component(rXor!, k, len)));
    const maskedValue = eachComponent(m.layout.arith, size, [z, beta!], (_, zc, bc) => m.ring.sub(m.ring.alloc(len), zc!, bc!));
    const openingBits = m.proto!.openBits(maskedBits, bitWords, out);
    const openingValue = m.proto!.open(maskedValue, len, -1, out);
    return (inbox) => {
      const cBits = openingBits(inbox);
      const e = openingValue(inbox)!;
      const result = overwrite(m, a!);
      for (let k = 0; k < m.layout.arith; k++) {
        const part = (v: Vec): Vec => component(v, k, size);
        bitProductShare(m.ring, cBits, e, len, part(z), part(r!), part(rBeta!), part(result));
      }
    };
  },
  clear(m, { operands: [a, b, c] }) {
    const len = lengthOf(m, a!);
    const bits = read(m, b!);
    const z = read(m, c!);
    const out = write(m, a!);
    for (let i = 0; i < len; i++) m.ring.set(out, i, (bits[i >> 6]! >> BigInt(i & 63)) & 1n ? m.ring.get(z, i) : 0n);
  },
};

/** Bits to arithmetic 0s and 1s with daBits [Rotaru and Wood, INDOCRYPT 2019]: open x ⊕ b, then x = e + b − 2eb. */
export const bitToArithmetic: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b] }, out) {
    const len = lengthOf(m, b!);
    const count = lengthOf(m, a!);
    const x = read(m, b!);
    const bitWords = x.length / m.layout.bits;
    const [bArith, bXor] = m.material!.take("dabit", null, count);
    const masked = eachComponent(m.layout.bits, bitWords, [x], (k, xc) => maskBits(xc!, component(bXor!, k, count), len));
    const opening = m.proto!.openBits(masked, bitWords, out);
    return (inbox) => {
      const e = opening(inbox);
      const size = count * m.ring.words;
      assign(
        m,
        a!,
        eachComponent(m.layout.arith, size, [bArith!], (c, bc) => bitsToArithmetic(m.ring, c === m.publicSlot, e, bc!, len)),
      );
    };
  },
  clear: (m, { operands: [a, b] }) => void write(m, a!).set(bitsToArithmetic(m.ring, true, read(m, b!), m.ring.alloc(lengthOf(m, a!)), lengthOf(m, b!))),
};

export const randomBits: RandomHandler = {
  kind: "random",
  secure(m, { operands: [a] }) {
    const [arith] = m.material!.take("dabit", null, lengthOf(m, a!));
    write(m, a!).set(arith!);
  },
  clear(m, { operands: [a] }) {
    const len = lengthOf(m, a!);
    const bits = randomWords(len);
    const out = write(m, a!);
    for (let i = 0; i < len; i++) m.ring.set(out, i, bits[i]! & 1n);
  },
};

export const edabit: RandomHandler = {
  kind: "random",
  secure(m, { operands: [a, b, c] }) {
    const len = lengthOf(m, a!);
    // The material hands bits out bit-sliced, all ring positions; the products use all but the top one.
    const [arith, bits, products] = m.material!.take("edabit", null, len);
    write(m, a!).set(arith!);
    assign(m, b!, bits!);
    const rows = m.ring.bits * wordsPerPosition(len);
    const used = (m.ring.bits - 1) * wordsPerPosition(len);
    assign(
      m,
      c!,
      eachComponent(m.layout.bits, rows, [products!], (_, p) => p!.subarray(0, used)),
    );
  },
  clear(m, { operands: [a, b, c] }) {
    const len = lengthOf(m, a!);
    const [r, bits, products] = PREP_KINDS.edabit.generate(m.ring, len);
    write(m, a!).set(r!);
    write(m, b!).set(toBitSliced(bits!, m.ring.bits, m.ring.words));
    write(m, c!).set(toBitSliced(products!, m.ring.bits - 1, m.ring.words));
  },
};
