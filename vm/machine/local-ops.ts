// Handlers of the local (non-communicating) instructions. They act on shares and on clear values
// alike, component by component; a public value enters a sharing through its public slot only.

import * as bits from "../domain/bits.js";
import type * as ring from "../domain/ring64.js";
import type { Instruction } from "../bytecode/program.js";
import { formatNumber } from "./format.js";
import { assign, component, componentsOf, componentWords, ProgramAbort, read, receivesOutput, write, type MachineState } from "./state.js";

export type LocalHandler = { readonly kind: "local"; run(m: MachineState, ins: Instruction): void };

export function local(run: (m: MachineState, o: readonly number[]) => void): LocalHandler {
  return { kind: "local", run: (m, ins) => run(m, ins.operands) };
}

type BinaryOp = "add" | "sub" | "mul";

/**
 * Runs f on each component of register `a`'s new value, with the matching component of each of
 * `shared` (registers with as many components as `a`); a single-component register runs f once.
 */
function perComponent(m: MachineState, a: number, shared: readonly number[], f: (c: number, out: ring.Vec, ...ins: ring.Vec[]) => void): void {
  const out = write(m, a);
  const count = componentsOf(m, a);
  if (count === 1) return f(0, out, ...shared.map((r) => read(m, r)));
  const size = componentWords(m, a);
  const inputs = shared.map((r) => ({ v: read(m, r), size: componentWords(m, r) }));
  for (let c = 0; c < count; c++) f(c, component(out, c, size), ...inputs.map(({ v, size: s }) => component(v, c, s)));
}

/** Both operands have A's layout (both secret or both clear), so the operation runs on the whole storage. */
export const elementwise = (op: BinaryOp): LocalHandler => local((m, [a, b, c]) => void m.ring[op](write(m, a!), read(m, b!), read(m, c!)));

/** A sharing times public values: every component is scaled. */
export const scaledByPublic = local((m, [a, b, c]) => {
  const factor = read(m, c!);
  perComponent(m, a!, [b!], (_, out, share) => void m.ring.mul(out, share!, factor));
});

/**
 * An addition or subtraction with a public operand on a sharing: the public slot applies it, the
 * other components are kept (or negated, for public − secret).
 */
export const withPublic = (op: BinaryOp, publicFirst: boolean, negateOthers: boolean): LocalHandler =>
  local((m, [a, b, c]) => {
    const pub = read(m, publicFirst ? b! : c!);
    perComponent(m, a!, [publicFirst ? c! : b!], (k, out, share) => {
      if (k === m.publicSlot) m.ring[op](out, publicFirst ? pub : share!, publicFirst ? share! : pub);
      else if (negateOthers) m.ring.neg(out, share!);
      else out.set(share!);
    });
  });

export const copy = local((m, [a, b]) => void write(m, a!).set(read(m, b!)));
export const negate = local((m, [a, b]) => void m.ring.neg(write(m, a!), read(m, b!)));
export const groupSum = local((m, [a, b, n]) => perComponent(m, a!, [b!], (_, out, v) => void m.ring.groupSum(out, v!, n!)));

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
  perComponent(m, a!, [b!], (_, out, v) => copyElements(m, out, v!, (j) => indices[j]!));
});

/** Element gather on bit-sliced registers, position by position; an index one past the end gives 0 bits. */
export const bitGather = local((m, [a, b, k]) => {
  const indices = positionsOf(m, k!);
  perComponent(m, a!, [b!], (_, out, src) => gatherBits(m, a!, b!, indices, out, src!));
});

function gatherBits(m: MachineState, a: number, b: number, indices: Int32Array, out: ring.Vec, src: ring.Vec): void {
  const width = m.program.registerWidth[a]!;
  const wordsOut = 2 * bits.wordsPerPosition(m.program.registerLength[a]!);
  const wordsIn = 2 * bits.wordsPerPosition(m.program.registerLength[b]!);
  const lenIn = m.program.registerLength[b]!;
  const out32 = new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
  const in32 = new Uint32Array(src.buffer, src.byteOffset, src.length * 2);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j]!;
    if (i >= lenIn) continue;
    for (let p = 0; p < width; p++) {
      if ((in32[p * wordsIn + (i >>> 5)]! >>> (i & 31)) & 1) out32[p * wordsOut + (j >>> 5)]! |= 1 << (j & 31);
    }
  }
}

export const slice = local((m, [a, b, start, step]) => perComponent(m, a!, [b!], (_, out, v) => copyElements(m, out, v!, (j) => start! + j * step!)));

/** Concatenation, component by component: elements or bit positions of B, then those of C. */
export const concat = local((m, [a, b, c]) =>
  perComponent(m, a!, [b!, c!], (_, out, first, second) => {
    out.set(first!);
    out.set(second!, first!.length);
  }),
);

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

/** A public value as a sharing: the value in the public slot, zeros elsewhere. */
export const lift = local((m, [a, b]) => {
  const value = read(m, b!);
  perComponent(m, a!, [], (c, out) => c === m.publicSlot && out.set(value));
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

/** AND with public bits (or of two public ones): every component is masked by them. */
export const bitAnd = local((m, [a, b, c]) => {
  const mask = read(m, c!);
  perComponent(m, a!, [b!], (_, out, share) => void bits.and(out, share!, mask));
});

/** XOR with public bits: the public slot applies them, the other components stay. */
export const bitXorPublic = local((m, [a, b, c]) => {
  const pub = read(m, c!);
  perComponent(m, a!, [b!], (k, out, share) => (k === m.publicSlot ? bits.xor(out, share!, pub) : out.set(share!)));
});

export const bitNotClear = local((m, [a, b]) => void bits.not(write(m, a!), read(m, b!), lengthOf(m, b!)));

/** NOT of shared bits: the public slot is flipped, which flips the shared value. */
export const bitNotShared = local((m, [a, b]) =>
  perComponent(m, a!, [b!], (k, out, share) => (k === m.publicSlot ? bits.not(out, share!, lengthOf(m, b!)) : out.set(share!))),
);

export const bitSlice = local((m, [a, b, start, step]) =>
  perComponent(m, a!, [b!], (_, out, v) => void bits.slicePositions(out, v!, lengthOf(m, b!), start!, step!)),
);

export const bitConcat = concat;

export const toBits = local((m, [a, b]) => assign(m, a!, bits.toBitSliced(read(m, b!), m.program.registerWidth[a!]!, m.ring.words)));
