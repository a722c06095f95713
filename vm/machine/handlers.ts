// What every opcode does, one entry per ISA row (a missing entry does not compile). Local ops
// act on shares and clear values alike; interactive ops have a two-phase secure form and a clear form.

import * as ring from "../domain/ring64.js";
import type { Instruction } from "../bytecode/program.js";
import type { OpName } from "../isa.js";
import { maskFactors, productShare } from "../protocol/beaver.js";
import { maskDividend, quotientShare } from "../protocol/divide.js";
import { addShares } from "../protocol/open.js";
import { share } from "../protocol/sharing.js";
import type { Inbox, Outbox } from "./messages.js";
import { read, receivesOutput, write, type MachineState } from "./state.js";

export type LocalHandler = { readonly kind: "local"; run(m: MachineState, ins: Instruction): void };

export type InteractiveHandler = {
  readonly kind: "interactive";
  /** Sends this party's part of the round and returns what to do with the replies. */
  prepare(m: MachineState, ins: Instruction, out: Outbox): (inbox: Inbox) => void;
  /** The same instruction in the clear, for the emulator. */
  clear(m: MachineState, ins: Instruction): void;
};

export type Handler = LocalHandler | InteractiveHandler;

function local(run: (m: MachineState, o: readonly number[]) => void): LocalHandler {
  return { kind: "local", run: (m, ins) => run(m, ins.operands) };
}

type Binary = (out: ring.Vec, a: ring.Vec, b: ring.Vec) => ring.Vec;

const elementwise = (f: Binary) => local((m, [a, b, c]) => void f(write(m, a!), read(m, b!), read(m, c!)));

/** Public operands enter a sum only through party 0, so the shares still add up to the result. */
const withPublic = (f: Binary, publicFirst: boolean) =>
  local((m, [a, b, c]) => {
    const out = write(m, a!);
    if (m.party === 0) f(out, read(m, b!), read(m, c!));
    else if (publicFirst) ring.neg(out, read(m, c!));
    else out.set(read(m, b!));
  });

const unaryNeg = local((m, [a, b]) => void ring.neg(write(m, a!), read(m, b!)));
const sum = local((m, [a, b]) => void (write(m, a!)[0] = ring.sum(read(m, b!))));
const broadcast = local((m, [a, b]) => void write(m, a!).fill(read(m, b!)[0]!));

export const HANDLERS = {
  LDC: local((m, [a, k]) => {
    const out = write(m, a!);
    const value = m.program.constants[k!]!;
    if (value.length === 1) out.fill(value[0]!);
    else out.set(value);
  }),
  LIFT: local((m, [a, b]) => {
    const out = write(m, a!);
    if (m.party === 0) out.set(read(m, b!));
  }),
  ADDS: elementwise(ring.add),
  ADDSC: withPublic(ring.add, false),
  ADDC: elementwise(ring.add),
  SUBS: elementwise(ring.sub),
  SUBSC: withPublic(ring.sub, false),
  SUBCS: withPublic(ring.sub, true),
  SUBC: elementwise(ring.sub),
  NEGS: unaryNeg,
  NEGC: unaryNeg,
  MULS: {
    kind: "interactive",
    prepare(m, { operands: [a, b, c] }, out) {
      const x = read(m, b!);
      const [ta, tb, tc] = m.material!.take("triple", null, x.length);
      const own = maskFactors(x, read(m, c!), ta!, tb!);
      out.sendAll(own);
      return (inbox) => {
        const opened = addShares(own, peersOf(m).map((p) => inbox.take(p, own.length)));
        write(m, a!).set(productShare(m.party, opened, ta!, tb!, tc!));
      };
    },
    clear: (m, { operands: [a, b, c] }) => void ring.mul(write(m, a!), read(m, b!), read(m, c!)),
  },
  MULSC: elementwise(ring.mul),
  MULC: elementwise(ring.mul),
  SUMS: sum,
  SUMC: sum,
  BCASTS: broadcast,
  BCASTC: broadcast,
  DIVS: {
    kind: "interactive",
    prepare(m, { operands: [a, b, k] }, out) {
      const d = m.program.constants[k!]![0]!;
      const x = read(m, b!);
      const [low, top, quotient] = m.material!.take("divmask", d, x.length);
      const own = maskDividend(m.party, x, low!, top!, d);
      out.sendAll(own);
      return (inbox) => {
        const opened = addShares(own, peersOf(m).map((p) => inbox.take(p, own.length)));
        write(m, a!).set(quotientShare(m.party, opened, top!, quotient!, d));
      };
    },
    clear: (m, { operands: [a, b, k] }) => void ring.floorDivSigned(write(m, a!), read(m, b!), m.program.constants[k!]![0]!),
  },
  DIVC: local((m, [a, b, k]) => void ring.floorDivSigned(write(m, a!), read(m, b!), m.program.constants[k!]![0]!)),
  INPUT: {
    kind: "interactive",
    prepare(m, { operands: [a, index] }, out) {
      const owner = m.program.inputs[index!]!.party;
      if (owner !== m.party) return (inbox) => void write(m, a!).set(inbox.take(owner, m.program.registerLength[a!]!));
      const shares = share(m.inputValues(index!), m.parties);
      peersOf(m).forEach((p) => out.send(p, shares[p]!));
      return () => void write(m, a!).set(shares[m.party]!);
    },
    clear: (m, { operands: [a, index] }) => void write(m, a!).set(m.inputValues(index!)),
  },
  OPEN: {
    kind: "interactive",
    prepare(m, { operands: [a, b, to] }, out) {
      const own = read(m, b!);
      if (to === -1) out.sendAll(own);
      else if (to !== m.party) out.send(to!, own);
      return (inbox) => {
        const result = write(m, a!);
        if (receivesOutput(m, to!)) result.set(addShares(own, peersOf(m).map((p) => inbox.take(p, own.length))));
      };
    },
    clear: (m, { operands: [a, b] }) => void write(m, a!).set(read(m, b!)),
  },
  OUTPUT: local((m, [a, index]) => {
    if (receivesOutput(m, m.program.outputs[index!]!.to)) m.outputs.set(index!, read(m, a!).slice());
  }),
} satisfies Record<OpName, Handler>;

function peersOf(m: MachineState): number[] {
  const peers: number[] = [];
  for (let p = 0; p < m.parties; p++) if (p !== m.party) peers.push(p);
  return peers;
}
