// Which opcode implements an IR op for given operand secrecy: one table, so the emitter has no
// per-op branching. A missing secret/clear combination with `swap` reuses the mirrored opcode.

import type { OpName as IrOp } from "../ir/ir.js";
import type { OpName } from "../../vm/isa.js";

/** [secret op secret, clear op secret, secret op clear, clear op clear]; "swap" means use the mirror. */
type Row = readonly [OpName, OpName | "swap", OpName, OpName];

const BINARY: Partial<Record<IrOp, Row>> = {
  add: ["ADDS", "swap", "ADDSC", "ADDC"],
  sub: ["SUBS", "SUBCS", "SUBSC", "SUBC"],
  mul: ["MULS", "swap", "MULSC", "MULC"],
  divide: ["DIVCC", "DIVCC", "DIVCC", "DIVCC"],
  concat: ["CONCATS", "CONCATS", "CONCATS", "CONCATC"],
  bxor: ["XORB", "swap", "XORBC", "XORCB"],
  band: ["ANDB", "swap", "ANDBC", "ANDCB"],
  bconcat: ["BCONCAT", "BCONCAT", "BCONCAT", "BCONCATC"],
  bmul: ["BMULS", "BMULS", "BMULS", "BMULS"],
};

/** Unary ops: [on secret, on clear]. */
const UNARY: Partial<Record<IrOp, readonly [OpName, OpName]>> = {
  neg: ["NEGS", "NEGC"],
  lift: ["LIFT", "LIFT"],
  bnot: ["NOTB", "NOTCB"],
  bits: ["BITS", "BITS"],
  b2a: ["B2A", "B2A"],
};

export function selectOpcode(op: IrOp, secret: readonly boolean[]): { op: OpName; swap: boolean } {
  const unary = UNARY[op];
  if (unary !== undefined) return { op: secret[0] ? unary[0] : unary[1], swap: false };
  const row = BINARY[op];
  if (row === undefined) throw new Error(`no opcode for the IR op ${op}`);
  const [a, b] = secret;
  const choice = a && b ? row[0] : !a && b ? row[1] : a ? row[2] : row[3];
  return choice === "swap" ? { op: row[2], swap: true } : { op: choice, swap: false };
}
