// Handlers of the local (non-communicating) instructions. They act on shares and on clear values
// alike; a public value enters a shared sum through party 0 only, so shares still add up.

import * as bits from "../domain/bits.js";
import type * as ring from "../domain/ring64.js";
import type { Instruction } from "../bytecode/program.js";
import { formatNumber } from "./format.js";
import { assign, ProgramAbort, read, receivesOutput, write, type MachineState } from "./state.js";

export type LocalHandler = { readonly kind: "local"; run(m: MachineState, ins: Instruction): void };

export function local(run: (m: MachineState, o: readonly number[]) => void): LocalHandler {
  return { kind: "local", run: (m, ins) => run(m, ins.operands) };
}

type BinaryOp = "add" | "sub" | "mul";

export const elementwise = (op: BinaryOp): LocalHandler => local((m, [a, b, c]) => void m.ring[op](write(m, a!), read(m, b!), read(m, c!)));

/** An operation with a public operand on a sharing: party 0 applies it, the others keep (or negate) their share. */
export const withPublic = (op: BinaryOp, publicFirst: boolean, negateOthers: boolean): LocalHandler =>
  local((m, [a, b, c]) => {
    const out = write(m, a!);
    if (m.party === 0) m.ring[op](out, read(m, b!), read(m, c!));
    else if (negateOthers) m.ring.neg(out, read(m, publicFirst ? c! : b!));
    else out.set(read(m, publicFirst ? c! : b!));
  });

export const copy = local((m, [a, b]) => void write(m, a!).set(read(m, b!)));
export const negate = local((m, [a, b]) => void m.ring.neg(write(m, a!), read(m, b!)));
export const groupSum = local((m, [a, b, n]) => void m.ring.groupSum(write(m, a!), read(m, b!), n!));

/** Copies whole elements (each `words` words) from `src` positions to consecutive `out` positions. */
function copyElements(m: MachineState, out: ring.Vec, src: ring.Vec, position: (j: number) => number): void {
  const w = m.ring.words;
  const n = out.length / w;
  if (w === 1) {
    for (let j = 0; j < n; j++) out[j] = src[position(j)]!;
    return;
  }
  for (let j = 0; j < n; j++) {
    const i = position(j);
    for (let t = 0; t < w; t++) out[j * w + t] = src[i * w + t]!;
  }
}

/** A constant read as a list of positions, once per run: sorting networks gather with the same lists every layer. */
const positionLists = new WeakMap<ring.Vec, Int32Array>();

function positionsOf(m: MachineState, k: number): Int32Array {
  const constant = m.program.constants[k]!;
  let list = positionLists.get(constant);
  if (list === undefined) {
    list = Int32Array.from({ length: constant.length / m.ring.words }, (_, j) => Number(m.ring.get(constant, j)));
    positionLists.set(constant, list);
  }
  return list;
}

export const gather = local((m, [a, b, k]) => {
  const indices = positionsOf(m, k!);
  copyElements(m, write(m, a!), read(m, b!), (j) => indices[j]!);
});

/** Element gather on bit-sliced registers, position by position; an index one past the end gives 0 bits. */
export const bitGather = local((m, [a, b, k]) => {
  const indices = positionsOf(m, k!);
  const out = write(m, a!);
  const src = read(m, b!);
  const width = m.program.registerWidth[a!]!;
  const wordsOut = 2 * bits.wordsPerPosition(m.program.registerLength[a!]!);
  const wordsIn = 2 * bits.wordsPerPosition(m.program.registerLength[b!]!);
  const lenIn = m.program.registerLength[b!]!;
  const out32 = new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
  const in32 = new Uint32Array(src.buffer, src.byteOffset, src.length * 2);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j]!;
    if (i >= lenIn) continue;
    for (let p = 0; p < width; p++) {
      if ((in32[p * wordsIn + (i >>> 5)]! >>> (i & 31)) & 1) out32[p * wordsOut + (j >>> 5)]! |= 1 << (j & 31);
    }
  }
});

export const slice = local((m, [a, b, start, step]) => copyElements(m, write(m, a!), read(m, b!), (j) => start! + j * step!));

export const concat = local((m, [a, b, c]) => {
  const out = write(m, a!);
  const first = read(m, b!);
  out.set(first);
  out.set(read(m, c!), first.length);
});

export const loadConstant = local((m, [a, k]) => {
  const out = write(m, a!);
  const value = m.program.constants[k!]!;
  if (value.length === out.length) out.set(value);
  else if (value.length === 1) out.fill(value[0]!);
  else repeat(out, value);
});

/** `value` over and over: one copy, then copies of what is written so far, doubling each time. */
function repeat(out: ring.Vec, value: ring.Vec): void {
  out.set(value);
  for (let done = value.length; done < out.length; done *= 2) out.copyWithin(done, 0, Math.min(done, out.length - done));
}

export const lift = local((m, [a, b]) => {
  const out = write(m, a!);
  if (m.party === 0) out.set(read(m, b!));
});

export const divideClear = local((m, [a, b, k]) => void m.ring.floorDivide(write(m, a!), read(m, b!), m.ring.get(m.program.constants[k!]!, 0)));

/** Elementwise on signed values of clear registers: f(x, y) for each element. */
const clearSigned = (f: (x: bigint, y: bigint) => bigint): LocalHandler =>
  local((m, [a, b, c]) => {
    const out = write(m, a!);
    const x = read(m, b!);
    const y = read(m, c!);
    for (let i = 0; i < out.length / m.ring.words; i++) m.ring.set(out, i, f(m.ring.signed(x, i), m.ring.signed(y, i)));
  });

export const divideByRegister = clearSigned((n, d) => {
  if (d === 0n) throw new ProgramAbort("division by zero");
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
});

export const compareClear = (test: (x: bigint, y: bigint) => boolean): LocalHandler => clearSigned((x, y) => (test(x, y) ? 1n : 0n));

export const output = local((m, [a, index]) => {
  if (receivesOutput(m, m.program.outputs[index!]!.to)) m.outputs.set(index!, read(m, a!).slice());
});

export const printString = local((m, [s]) => m.print(m.program.strings[s!]!));

export const printClear = local((m, [a, format]) => {
  const v = read(m, a!);
  const values = Array.from({ length: v.length / m.ring.words }, (_, i) => formatNumber(m.ring.signed(v, i), format!, m.program.fracBits));
  m.print(values.length === 1 ? values[0]! : `[${values.join(", ")}]`);
});

export const abortUnlessAll = local((m, [a, s]) => {
  const v = read(m, a!);
  for (let i = 0; i < v.length / m.ring.words; i++) if (m.ring.get(v, i) === 0n) throw new ProgramAbort(m.program.strings[s!]!);
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

export const toBits = local((m, [a, b]) => assign(m, a!, bits.toBitSliced(read(m, b!), m.program.registerWidth[a!]!, m.ring.words)));
