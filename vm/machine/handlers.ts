// What every opcode does: one entry per ISA row, checked to cover them all. Local work is in
// local-ops.ts, communication in interactive.ts; control flow is the interpreter's own.

import type { ISA, OpName } from "../isa.js";
import {
  edabit,
  randomBits,
  bitAnd as bitAndShared,
  bitMultiply,
  bitToArithmetic,
  divide,
  input,
  multiply,
  open,
  type InteractiveHandler,
  type RandomHandler,
} from "./interactive.js";
import { clientInput, clientOutput, rerandomise } from "./clients.js";
import * as L from "./local-ops.js";

export type ControlHandler = { readonly kind: "control" };
export type Handler = L.LocalHandler | InteractiveHandler | RandomHandler | ControlHandler;

/**
 * The handler an opcode must have, from its ISA row: one that communicates has traffic, a control
 * instruction is the interpreter's, anything else runs locally. A row and a handler that disagree
 * do not compile.
 */
type HandlerFor<K extends OpName> = (typeof ISA)[K]["traffic"] extends null
  ? (typeof ISA)[K]["control"] extends null
    ? L.LocalHandler | RandomHandler
    : ControlHandler
  : InteractiveHandler;

const control: ControlHandler = { kind: "control" };

export const HANDLERS = {
  LDC: L.loadConstant,
  LIFT: L.lift,
  MOVS: L.copy,
  MOVC: L.copy,
  MOVSB: L.copy,
  MOVCB: L.copy,
  ADDS: L.elementwise("add"),
  ADDSC: L.withPublic("add", false, false),
  ADDC: L.elementwise("add"),
  SUBS: L.elementwise("sub"),
  SUBSC: L.withPublic("sub", false, false),
  SUBCS: L.withPublic("sub", true, true),
  SUBC: L.elementwise("sub"),
  NEGS: L.negate,
  NEGC: L.negate,
  MULS: multiply,
  MULSC: L.scaledByPublic,
  MULC: L.elementwise("mul"),
  SUMS: L.groupSum,
  SUMC: L.groupSum,
  GATHERS: L.gather,
  GATHERC: L.gather,
  BGATHER: L.bitGather,
  SLICES: L.slice,
  SLICEC: L.slice,
  CONCATS: L.concat,
  CONCATC: L.concat,
  DIVS: divide,
  DIVC: L.divideClear,
  DIVCC: L.divideByRegister,
  LTC: L.compareClear((x, y) => x < y),
  EQC: L.compareClear((x, y) => x === y),
  INPUT: input,
  OPEN: open,
  OUTPUT: L.output,
  PRINTS: L.printString,
  PRINTC: L.printClear,
  ABORTZ: L.abortUnlessAll,
  CINPUT: clientInput,
  RERAND: rerandomise,
  COUTPUT: clientOutput,
  EDABIT: edabit,
  BMULS: bitMultiply,
  RANDBIT: randomBits,
  XORB: L.bitXor,
  XORBC: L.bitXorPublic,
  XORCB: L.bitXor,
  ANDB: bitAndShared,
  ANDBC: L.bitAnd,
  ANDCB: L.bitAnd,
  NOTB: L.bitNotShared,
  NOTCB: L.bitNotClear,
  BSLICE: L.bitSlice,
  BSLICEC: L.bitSlice,
  BCONCAT: L.bitConcat,
  BCONCATC: L.bitConcat,
  BITS: L.toBits,
  B2A: bitToArithmetic,
  IF: control,
  ELSE: control,
  ENDIF: control,
  LOOP: control,
  ENDLOOP: control,
  BREAKZ: control,
  BREAK: control,
  CONTINUE: control,
} satisfies { [K in OpName]: HandlerFor<K> };
