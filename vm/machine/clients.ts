// Handlers of the instructions for clients (data owners that are not parties): reading a share a
// client sent before the run, re-randomising a sharing, and keeping a share of a client's output.

import type { InteractiveHandler } from "./interactive.js";
import { local } from "./local-ops.js";
import { read, write } from "./state.js";

/** CINPUT: the share arrived before the run, so there is nothing to send; the emulator holds the value itself. */
export const clientInput = local((m, [a, index]) => void write(m, a!).set(m.inputValues(index!)));

/**
 * RERAND: every party deals a random sharing of zero — a uniform word to each peer, minus their sum
 * for itself — and adds what it kept and what it received to its share. The sum is unchanged, and
 * the new shares are uniform given it, so a client that sees every share learns the value alone,
 * nothing about how the computation produced it (the shares a computation leaves are not uniform:
 * an input's owner knows the shares it dealt, a Beaver product carries the triple's shares).
 */
export const rerandomise: InteractiveHandler = {
  kind: "interactive",
  prepare(m, { operands: [a, b] }, out) {
    const n = m.program.registerLength[a!]!;
    const kept = read(m, b!).slice();
    for (let p = 0; p < m.parties; p++) {
      if (p === m.party) continue;
      const zeroShare = m.ring.random(n);
      out.send(p, zeroShare);
      m.ring.sub(kept, kept, zeroShare);
    }
    return (inbox) => {
      const result = write(m, a!);
      result.set(kept);
      for (let p = 0; p < m.parties; p++) if (p !== m.party) m.ring.add(result, result, inbox.take(p, n * m.ring.words));
    };
  },
  clear: (m, { operands: [a, b] }) => void write(m, a!).set(read(m, b!)),
};

/** COUTPUT: a party keeps its share for the client; the emulator, holding the value, shows it as an output. */
export const clientOutput = local((m, [a, index]) => {
  const value = read(m, a!).slice();
  (m.seesAllOutputs ? m.outputs : m.clientOutputs).set(index!, value);
});
