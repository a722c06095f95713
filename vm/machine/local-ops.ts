// Handlers of the local (non-communicating) instructions. They act on shares and on clear values
// alike; a public value enters a shared sum through party 0 only, so shares still add up.

import * as bits from "../domain/bits.js";
import * as ring from "../domain/ring64.js";
import type { Instruction } from "../bytecode/program.js";
import { formatNumber } from "./format.js";
import { ProgramAbort, read, receivesOutput, write, type MachineState } from "./state.js";

export type LocalHandler = { readonly kind: "local"; run(m: MachineState, ins: Instruction): void };

export function local(run: (m: MachineState, o: readonly number[]) => void): LocalHandler {
  return { kind: "local", run: (m, ins) => run(m, ins.operands) };
}

type Binary = (out: ring.Vec, a: ring.Vec, b: ring.Vec) => ring.Vec;

export const elementwise = (f: Binary): LocalHandler => local((m, [a, b, c]) => void f(write(m, a!), read(m, b!), read(m, c!)));

/** An operation with a public operand on a sharing: party 0 applies it, the others keep (or negate) their share. */
export const withPublic = (f: Binary, publicFirst: boolean, negateOthers: boolean): LocalHandler =>
  local((m, [a, b, c]) => {
    const out = write(m, a!);
    if (m.party === 0) f(out, read(m, b!), read(m, c!));
    else if (negateOthers) ring.neg(out, read(m, publicFirst ? c! : b!));
    else out.set(read(m, publicFirst ? c! : b!));
  });

export const copy = local((m, [a, b]) => void write(m, a!).set(read(m, b!)));
export const negate = local((m, [a, b]) => void ring.neg(write(m, a!), read(m, b!)));

export const groupSum = local((m, [a, b, n]) => {
  const out = write(m, a!);
  const src = read(m, b!);
  const acc = new BigUint64Array(1);
  for (let i = 0; i < out.length; i++) {
    acc[0] = 0n;
    for (let j = i * n!; j < (i + 1) * n!; j++) acc[0] = acc[0]! + src[j]!;
    out[i] = acc[0]!;
  }
});

export const gather = local((m, [a, b, k]) => {
  const out = write(m, a!);
  const src = read(m, b!);
  const indices = m.program.constants[k!]!;
  for (let i = 0; i < out.length; i++) out[i] = src[Number(indices[i]!)]!;
});

export const slice = local((m, [a, b, start, step]) => {
  const out = write(m, a!);
  const src = read(m, b!);
  for (let j = 0, i = start!; j < out.length; j++, i += step!) out[j] = src[i]!;
});

export const concat = local((m, [a, b, c]) => {
  const out = write(m, a!);
  const first = read(m, b!);
  out.set(first);
  out.set(read(m, c!), first.length);
});

export const loadConstant = local((m, [a, k]) => {
  const out = write(m, a!);
  const value = m.program.constants[k!]!;
  if (value.length === 1) out.fill(value[0]!);
  else out.set(value);
});

export const lift = local((m, [a, b]) => {
  const out = write(m, a!);
  if (m.party === 0) out.set(read(m, b!));
});

export const divideClear = local((m, [a, b, k]) => void ring.floorDivSigned(write(m, a!), read(m, b!), m.program.constants[k!]![0]!));

export const divideByRegister = local((m, [a, b, c]) => {
  const out = write(m, a!);
  const x = read(m, b!);
  const y = read(m, c!);
  for (let i = 0; i < out.length; i++) {
    const d = BigInt.asIntN(64, y[i]!);
    if (d === 0n) throw new ProgramAbort("division by zero");
    const n = BigInt.asIntN(64, x[i]!);
    const q = n / d;
    out[i] = (n % d !== 0n && (n < 0n) !== (d < 0n)) ? q - 1n : q;
  }
});

export const compareClear = (test: (x: bigint, y: bigint) => boolean): LocalHandler =>
  local((m, [a, b, c]) => {
    const out = write(m, a!);
    const x = read(m, b!);
    const y = read(m, c!);
    for (let i = 0; i < out.length; i++) out[i] = test(BigInt.asIntN(64, x[i]!), BigInt.asIntN(64, y[i]!)) ? 1n : 0n;
  });

export const output = local((m, [a, index]) => {
  if (receivesOutput(m, m.program.outputs[index!]!.to)) m.outputs.set(index!, read(m, a!).slice());
});

export const printString = local((m, [s]) => m.print(m.program.strings[s!]!));

export const printClear = local((m, [a, format]) => {
  const values = Array.from(read(m, a!), (v) => formatNumber(v, format!, m.program.fracBits));
  m.print(values.length === 1 ? values[0]! : `[${values.join(", ")}]`);
});

export const abortUnlessAll = local((m, [a, s]) => {
  if (read(m, a!).some((v) => v === 0n)) throw new ProgramAbort(m.program.strings[s!]!);
});

// ---- bit-sliced registers

const lengthOf = (m: MachineState, r: number): number => m.program.registerLength[r]!;

export const bitXor = local((m, [a, b, c]) => void bits.xor(write(m, a!), read(m, b!), read(m, c!)));
export const bitAnd = local((m, [a, b, c]) => void bits.and(write(m, a!), read(m, b!), read(m, c!)));

/** XOR with public bits: party 0 applies them, the other shares stay. */
export const bitXorPublic = local((m, [a, b, c]) => {
  const out = write(m, a!);
  if (m.party === 0) bits.xor(out, read(m, b!), read(m, c!));
  else out.set(read(m, b!));
});

export const bitNotClear = local((m, [a, b]) => void bits.not(write(m, a!), read(m, b!), lengthOf(m, b!)));

/** NOT of shared bits: party 0 flips its share, which flips the XOR of all shares. */
export const bitNotShared = local((m, [a, b]) => {
  const out = write(m, a!);
  if (m.party === 0) bits.not(out, read(m, b!), lengthOf(m, b!));
  else out.set(read(m, b!));
});

export const bitSlice = local((m, [a, b, start, step]) => void bits.slicePositions(write(m, a!), read(m, b!), lengthOf(m, b!), start!, step!));

export const bitConcat = local((m, [a, b, c]) => {
  const out = write(m, a!);
  const first = read(m, b!);
  out.set(first);
  out.set(read(m, c!), first.length);
});

export const toBits = local((m, [a, b]) => void write(m, a!).set(bits.toBitSliced(read(m, b!), m.program.registerWidth[a!]!)));
