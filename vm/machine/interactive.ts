// Handlers of the instructions that communicate (and of EDABIT, which draws preprocessing): a
// two-phase secure form — send this party's part, then finish with the replies — and a clear form.

import { toBitSliced, wordsPerPosition, xor } from "../domain/bits.js";
import { randomWords } from "../domain/random.js";
import type { Vec } from "../domain/ring64.js";
import type { Instruction } from "../bytecode/program.js";
import { maskFactors, productShare } from "../protocol/beaver.js";
import { andShare, maskAndOperands } from "../protocol/bitwise.js";
import { bitProductShare, combineOpened, maskBitAndValue } from "../protocol/bit-product.js";
import { bitsToArithmetic, maskBits } from "../protocol/convert.js";
import { maskDividend, quotientShare } from "../protocol/divide.js";
import { addShares } from "../protocol/open.js";
import { PREP_KINDS } from "../preprocessing/kinds.js";
import type { Inbox, Outbox } from "./messages.js";
import { assign, overwrite, read, receivesOutput, write, type MachineState } from "./state.js";

export type InteractiveHandler = {
  readonly kind: "interactive";
  /** Sends this party's part of the round and returns what to do with the replies. */
  prepare(m: MachineState, ins: Instruction, out: Outbox): (inbox: Inbox) => void;
  /** The same instruction in the clear, for the emulator. */
  clear(m: MachineState, ins: Instruction): void;
};

/** A local instruction that draws preprocessing: from the material when secure, fresh randomness when emulating. */
export type RandomHandler = {
  readonly kind: "random";
  secure(m: MachineState, ins: Instruction): void;
  clear(m: MachineState, ins: Instruction): void;
};

function peersOf(m: MachineState): number[] {
  const peers: number[] = [];
  for (let p = 0; p < m.parties; p++) if (p !== m.party) peers.push(p);
  return peers;
}

/**
 * Sends `own` to every peer and returns the sum (or XOR) of every party's value after the round.
 * `own` must be the handler's own fresh array: the sum is made in it, since its words were
 * copied into the round's message before anything came back.
 */
function openToAll(m: MachineState, own: Vec, out: Outbox, combine: "add" | "xor"): (inbox: Inbox) => Vec {
  out.sendAll(own);
  return (inbox) => {
    for (let p = 0; p < m.parties; p++) {
      if (p === m.party) continue;
      const received = inbox.take(p, own.length);
      if (combine === "add") m.ring.add(own, own, received);
      else xor(own, own, received);
    }
    return own;
  };
}

export const multiply: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b, c] }, out) {
    const x = read(m, b!);
    const [ta, tb, tc] = m.material!.take("triple", null, m.program.registerLength[a!]!);
    const opened = openToAll(m, maskFactors(m.ring, x, read(m, c!), ta!, tb!), out, "add");
    return (inbox) => void productShare(m.ring, m.party, opened(inbox), ta!, tb!, tc!, overwrite(m, a!));
  },
  clear: (m, { operands: [a, b, c] }) => void m.ring.mul(write(m, a!), read(m, b!), read(m, c!)),
};

export const divide: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b, k] }, out) {
    const d = m.ring.get(m.program.constants[k!]!, 0);
    const x = read(m, b!);
    const [low, top, quotient] = m.material!.take("divmask", d, m.program.registerLength[a!]!);
    const opened = openToAll(m, maskDividend(m.ring, m.party, x, low!, top!, d), out, "add");
    return (inbox) => assign(m, a!, quotientShare(m.ring, m.party, opened(inbox), top!, quotient!, d));
  },
  clear: (m, { operands: [a, b, k] }) => void m.ring.floorDivide(write(m, a!), read(m, b!), m.ring.get(m.program.constants[k!]!, 0)),
};

/**
 * Input without communication: every other party's share of the owner's values is the next words
 * of the stream it shares with the owner (a seed only those two know); the owner, who can compute
 * all of those streams, keeps the values minus their sum. No message is sent at all.
 */
export const input: RandomHandler = {
  kind: "random",
  secure(m, { operands: [a, index] }) {
    const owner = m.program.inputs[index!]!.party;
    const words = m.program.registerLength[a!]! * m.ring.words;
    const out = write(m, a!);
    if (owner !== m.party) {
      out.set(m.streams[owner]!.words(words));
      return;
    }
    out.set(m.inputValues(index!));
    peersOf(m).forEach((p) => m.ring.sub(out, out, m.streams[p]!.words(words)));
  },
  clear: (m, { operands: [a, index] }) => void write(m, a!).set(m.inputValues(index!)),
};

export const open: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b, to] }, out) {
    const own = read(m, b!);
    if (to === -1) out.sendAll(own);
    else if (to !== m.party) out.send(to!, own);
    return (inbox) => {
      const result = write(m, a!);
      if (receivesOutput(m, to!))
        result.set(
          addShares(
            m.ring,
            own,
            peersOf(m).map((p) => inbox.take(p, own.length)),
          ),
        );
    };
  },
  clear: (m, { operands: [a, b] }) => void write(m, a!).set(read(m, b!)),
};

export const bitAnd: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b, c] }, out) {
    const x = read(m, b!);
    const [ta, tb, tc] = m.material!.take("bittriple", null, x.length);
    const opened = openToAll(m, maskAndOperands(x, read(m, c!), ta!, tb!), out, "xor");
    return (inbox) => void andShare(m.party, opened(inbox), ta!, tb!, tc!, overwrite(m, a!));
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
    const len = m.program.registerLength[a!]!;
    const z = read(m, c!);
    const [r, rXor, beta, rBeta] = m.material!.take("bitmul", null, len);
    const own = maskBitAndValue(m.ring, read(m, b!), rXor!, z, beta!);
    out.sendAll(own);
    return (inbox) => {
      for (const p of peersOf(m)) combineOpened(m.ring, own, inbox.take(p, own.length), len);
      bitProductShare(m.ring, own, len, z, r!, rBeta!, overwrite(m, a!));
    };
  },
  clear(m, { operands: [a, b, c] }) {
    const len = m.program.registerLength[a!]!;
    const bits = read(m, b!);
    const z = read(m, c!);
    const out = write(m, a!);
    for (let i = 0; i < len; i++) m.ring.set(out, i, (bits[i >> 6]! >> BigInt(i & 63)) & 1n ? m.ring.get(z, i) : 0n);
  },
};

export const bitToArithmetic: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b] }, out) {
    const len = m.program.registerLength[b!]!;
    const [bArith, bXor] = m.material!.take("dabit", null, m.program.registerLength[a!]!);
    const opened = openToAll(m, maskBits(read(m, b!), bXor!, len), out, "xor");
    return (inbox) => assign(m, a!, bitsToArithmetic(m.ring, m.party, opened(inbox), bArith!, len));
  },
  clear: (m, { operands: [a, b] }) =>
    void write(m, a!).set(bitsToArithmetic(m.ring, 0, read(m, b!), m.ring.alloc(m.program.registerLength[a!]!), m.program.registerLength[b!]!)),
};

export const randomBits: RandomHandler = {
  kind: "random",
  secure(m, { operands: [a] }) {
    const [arith] = m.material!.take("dabit", null, m.program.registerLength[a!]!);
    write(m, a!).set(arith!);
  },
  clear(m, { operands: [a] }) {
    const len = m.program.registerLength[a!]!;
    const bits = randomWords(len);
    const out = write(m, a!);
    for (let i = 0; i < len; i++) m.ring.set(out, i, bits[i]! & 1n);
  },
};

export const edabit: RandomHandler = {
  kind: "random",
  secure(m, { operands: [a, b, c] }) {
    const len = m.program.registerLength[a!]!;
    // The material hands bits out bit-sliced, all ring positions; the products use all but the top one.
    const [arith, bits, products] = m.material!.take("edabit", null, len);
    write(m, a!).set(arith!);
    assign(m, b!, bits!);
    assign(m, c!, products!.subarray(0, (m.ring.bits - 1) * wordsPerPosition(len)));
  },
  clear(m, { operands: [a, b, c] }) {
    const len = m.program.registerLength[a!]!;
    const [r, bits, products] = PREP_KINDS.edabit.generate(m.ring, len);
    write(m, a!).set(r!);
    write(m, b!).set(toBitSliced(bits!, m.ring.bits, m.ring.words));
    write(m, c!).set(toBitSliced(products!, m.ring.bits - 1, m.ring.words));
  },
};
