// Handlers of the instructions for clients (data owners that are not parties): reading a share a
// client sent before the run, re-randomising a sharing, and keeping a share of a client's output.

import type { RandomHandler } from "./interactive.js";
import { local } from "./local-ops.js";
import { read, write } from "./state.js";

/** CINPUT: the share arrived before the run, so there is nothing to send; the emulator holds the value itself. */
export const clientInput = local((m, [a, index]) => void write(m, a!).set(m.inputValues(index!)));

/**
 * RERAND: the same value with fresh shares, so that a client that sees every share learns the
 * value alone, nothing about how the computation produced it (an input's owner knows the shares it
 * dealt; a product carries its randomness). Each protocol draws the fresh shares its own way.
 */
export const rerandomise: RandomHandler = {
  kind: "random",
  secure: (m, { operands: [a, b] }) => void write(m, a!).set(m.proto!.rerandomise(read(m, b!), m.program.registerLength[a!]!)),
  clear: (m, { operands: [a, b] }) => void write(m, a!).set(read(m, b!)),
};

/** COUTPUT: a party keeps its share, in the form the protocol gives clients; the emulator, holding the value, shows it as an output. */
export const clientOutput: RandomHandler = {
  kind: "random",
  secure: (m, { operands: [a, index] }) => void m.clientOutputs.set(index!, m.proto!.clientShare(read(m, a!).slice(), m.program.registerLength[a!]!)),
  clear: (m, { operands: [a, index] }) => void m.outputs.set(index!, read(m, a!).slice()),
};
