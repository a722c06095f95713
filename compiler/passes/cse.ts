// Common-subexpression elimination: a gate equal to an earlier one that is visible from it (same
// op and attributes, operands, length, width and secrecy) is replaced by that one.

import { isSink, type Gate, type GateOp, type IrProgram } from "../ir/ir.js";
import { isMergeable, traitsOf } from "../ir/traits.js";
import { Rewriter, type Visitor } from "./rewrite.js";

/**
 * Gates are found by a numeric hash and then compared in full: string keys for 100,000s of
 * gates would cost more in garbage collection than the rest of the pass.
 */
export function cse(program: IrProgram): IrProgram {
  // One table per open block: a gate may reuse gates of its own block and of enclosing ones,
  // which ran before it on every path; never those of a sibling branch or of a finished loop body.
  const scopes: Array<Map<number, number | number[]>> = [new Map()];
  const opHashes = new Map<string, number>();
  const kindHash = (kind: GateOp): number => {
    for (const key in kind) if (key !== "op") return hashValue(kind);
    let h = opHashes.get(kind.op);
    if (h === undefined) opHashes.set(kind.op, (h = hashValue(kind)));
    return h;
  };
  const visitor: Visitor = {
    segment(ids, rw) {
      for (const id of ids) {
        const g = rw.old.gates[id]!;
        if (!isMergeable(g, isSink(g))) {
          rw.copy(g);
          continue;
        }
        const probe: Probe = { kind: g.kind, args: g.args.map((a) => rw.map(a)), len: g.len, width: g.width, secret: g.secret };
        const hash = gateHash(probe, kindHash(g.kind));
        const existing = find(scopes, hash, (other) => equal(rw.get(other), probe));
        if (existing === undefined) insert(scopes[scopes.length - 1]!, hash, rw.copy(g));
        else rw.set(g.id, existing);
      }
    },
    enter: () => void scopes.push(new Map()),
    leave: () => void scopes.pop(),
  };
  return new Rewriter(program).run(visitor);
}

function find(scopes: ReadonlyArray<Map<number, number | number[]>>, hash: number, matches: (id: number) => boolean): number | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const entry = scopes[i]!.get(hash);
    if (entry === undefined) continue;
    if (typeof entry === "number") {
      if (matches(entry)) return entry;
    } else {
      const found = entry.find(matches);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function insert(table: Map<number, number | number[]>, hash: number, id: number): void {
  const entry = table.get(hash);
  if (entry === undefined) table.set(hash, id);
  else if (typeof entry === "number") table.set(hash, [entry, id]);
  else entry.push(id);
}

type Probe = Pick<Gate, "kind" | "args" | "len" | "width" | "secret">;

function operands(g: Probe): readonly number[] {
  const [a, b] = g.args;
  return traitsOf(g.kind.op).commutative && g.args.length === 2 && a! > b! ? [b!, a!] : g.args;
}

function gateHash(g: Probe, kindHash: number): number {
  let h = mix(kindHash, g.len);
  h = mix(h, g.width * 2 + (g.secret ? 1 : 0));
  for (const a of operands(g)) h = mix(h, a);
  return h;
}

function equal(a: Probe, b: Probe): boolean {
  if (a.len !== b.len || a.width !== b.width || a.secret !== b.secret) return false;
  const x = operands(a);
  const y = operands(b);
  if (x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
  return a.kind === b.kind || sameValue(a.kind, b.kind);
}

/** Structural equality of attribute values: numbers, bigints, strings, null, arrays and records of them. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => k in rb && sameValue(ra[k], rb[k]));
}

function hashValue(v: unknown): number {
  switch (typeof v) {
    case "number":
      return mix(1, Number.isInteger(v) ? v | 0 : Math.round(v * 1e6) | 0);
    case "bigint":
      return mix(2, Number(BigInt.asIntN(32, v)));
    case "string":
      return hashString(v);
    case "boolean":
      return v ? 3 : 4;
    case "object": {
      if (v === null) return 5;
      if (Array.isArray(v)) return v.reduce<number>((h, x) => mix(h, hashValue(x)), 6);
      const record = v as Record<string, unknown>;
      return Object.keys(record)
        .sort()
        .reduce((h, k) => mix(mix(h, hashString(k)), hashValue(record[k])), 7);
    }
    default:
      return 8;
  }
}

function hashString(s: string): number {
  let h = 9;
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 0x9e3779b1) ^ (h >>> 15);
}
