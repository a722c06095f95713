// Handlers of the instructions for clients (data owners that are not parties): reading a share a
// client sent before the run, re-randomising a sharing, and keeping a share of a client's output.

import type { RandomHandler } from "./interactive.js";
import { local } from "./local-ops.js";
import { read, write } from "./state.js";

/** CINPUT: the share arrived before the run, so there is nothing to send; the emulator holds the value itself. */
export const clientInput = local((m, [a, index]) => void write(m, a!).set(m.inputValues(index!)));

/**
 * RERAND: adds a sharing of zero to the sharing, with no message: for each pair of parties, the
 * lower adds and the higher subtracts the next words of the stream the two share (a seed only they
 * know; see INPUT), so the additions cancel in the sum. The value is unchanged and, as long as two
 * parties keep their common stream to themselves, the new shares are (pseudo)random given it: a
 * client that sees every share learns the value alone, nothing about how the computation produced
 * it (the shares a computation leaves are not uniform: an input's owner knows the shares it dealt,
 * a Beaver product carries the triple's shares). A pseudorandom zero-sharing as in [CDI05].
 */
export const rerandomise: RandomHandler = {
  kind: "random",
  secure(m, { operands: [a, b] }) {
    const words = m.program.registerLength[a!]! * m.ring.words;
    const out = write(m, a!);
    out.set(read(m, b!));
    for (let p = 0; p < m.parties; p++) {
      if (p === m.party) continue;
      const stream = m.streams[p]!.words(words);
      if (m.party < p) m.ring.add(out, out, stream);
      else m.ring.sub(out, out, stream);
    }
  },
  clear: (m, { operands: [a, b] }) => void write(m, a!).set(read(m, b!)),
};

/** COUTPUT: a party keeps its share for the client; the emulator, holding the value, shows it as an output. */
export const clientOutput = local((m, [a, index]) => {
  const value = read(m, a!).slice();
  (m.seesAllOutputs ? m.outputs : m.clientOutputs).set(index!, value);
});
