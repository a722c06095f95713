// Rebuilds an IR program gate by gate, for the passes: a pass visits the old gates in program
// order and says what each becomes (a copy, an existing new gate, or new gates).

import type { Span } from "../diagnostics/source.js";
import type { Control, Gate, GateOp, IrProgram, Item, Sequence } from "../ir/ir.js";

/** What a pass does with the old program: a segment is a run of gates between control items. */
export interface Visitor {
  segment(ids: readonly number[], rw: Rewriter): void;
  /** Drop an if whose branches end up empty (dead-gate elimination). */
  dropEmptyIfs?: boolean;
  /** Called around the bodies of if and loop (scoped passes such as CSE keep tables per block). */
  enter?(): void;
  leave?(): void;
}

/**
 * Gates a pass keeps keep their id and, when their operands did not change, their object: a
 * pass that changes little allocates little (programs may hold 100,000s of gates). Gates it
 * replaces stay behind in `gates`, unreachable from the body; `compact` (for dead-gate
 * elimination) numbers the kept gates afresh, densely and in program order.
 */
export class Rewriter {
  readonly gates: Gate[];
  private readonly newOf: Int32Array;
  private items: Item[] = [];

  constructor(
    readonly old: IrProgram,
    private readonly compact = false,
  ) {
    this.gates = compact ? [] : old.gates.slice();
    this.newOf = new Int32Array(old.gates.length).fill(-1);
  }

  /** The new id an old gate became (-1 if it was dropped or not yet visited). */
  map(oldId: number): number {
    return this.newOf[oldId]!;
  }

  set(oldId: number, newId: number): void {
    this.newOf[oldId] = newId;
  }

  /** A gate of the new program. */
  get(newId: number): Gate {
    return this.gates[newId]!;
  }

  /** Appends a gate (arguments are new ids) to the sequence being built. */
  add(kind: GateOp, args: readonly number[], len: number, secret: boolean, span: Span | null, width = 0): number {
    const id = this.gates.length;
    this.gates.push({ id, kind, args, len, width, secret, span });
    this.items.push(id);
    return id;
  }

  /** Keeps an old gate (its arguments mapped) in the sequence being built. */
  copy(gate: Gate): number {
    if (this.compact) {
      const id = this.add(
        gate.kind,
        gate.args.map((a) => this.newOf[a]!),
        gate.len,
        gate.secret,
        gate.span,
        gate.width,
      );
      this.newOf[gate.id] = id;
      return id;
    }
    if (gate.args.some((a) => this.newOf[a] !== a)) this.gates[gate.id] = { ...gate, args: gate.args.map((a) => this.newOf[a]!) };
    this.newOf[gate.id] = gate.id;
    this.items.push(gate.id);
    return gate.id;
  }

  /** Where the sequence being built stands, for `since`. */
  mark(): number {
    return this.items.length;
  }

  /** The sequence being built so far (gates and control items), for passes that track what they appended. */
  get built(): readonly Item[] {
    return this.items;
  }

  /** Rebuilds the whole program with `visitor`; reveals follow their gates (or go, if it went). */
  run(visitor: Visitor, cells = this.old.cells): IrProgram {
    const body = this.sequence(this.old.body, visitor);
    const reveals = this.old.reveals.flatMap((r) => (this.newOf[r.gate]! >= 0 ? [{ ...r, gate: this.newOf[r.gate]! }] : []));
    return { ...this.old, gates: this.gates, body, cells, reveals };
  }

  private sequence(seq: Sequence, visitor: Visitor): Sequence {
    const outer = this.items;
    const items: Item[] = (this.items = []);
    let segment: number[] = [];
    const flush = (): void => {
      if (segment.length > 0) visitor.segment(segment, this);
      segment = [];
    };
    for (const item of seq.items) {
      if (typeof item === "number") {
        segment.push(item);
        continue;
      }
      flush();
      const control = this.control(item, visitor);
      if (control !== null) items.push(control);
    }
    flush();
    this.items = outer;
    return { items };
  }

  private control(item: Control, visitor: Visitor): Control | null {
    const nested = (seq: Sequence): Sequence => {
      visitor.enter?.();
      const result = this.sequence(seq, visitor);
      visitor.leave?.();
      return result;
    };
    switch (item.kind) {
      case "if": {
        const then = nested(item.then);
        const otherwise = nested(item.otherwise);
        if (visitor.dropEmptyIfs && then.items.length === 0 && otherwise.items.length === 0) return null;
        return { ...item, condition: this.newOf[item.condition]!, then, otherwise };
      }
      case "loop":
        return { ...item, body: nested(item.body) };
      case "breakIfZero":
        return { ...item, condition: this.newOf[item.condition]! };
      default:
        return item;
    }
  }
}

/** Runs `visit` on every gate of every segment in order: for passes that look at one gate at a time. */
export function gateByGate(visit: (gate: Gate, rw: Rewriter) => void): Visitor {
  return {
    segment(ids, rw) {
      for (const id of ids) visit(rw.old.gates[id]!, rw);
    },
  };
}

/** The gates of the program body in program order (gates a pass replaced are not among them). */
export function bodyGates(program: IrProgram): number[] {
  const ids: number[] = [];
  const walk = (seq: Sequence): void => {
    for (const item of seq.items) {
      if (typeof item === "number") ids.push(item);
      else if (item.kind === "if") {
        walk(item.then);
        walk(item.otherwise);
      } else if (item.kind === "loop") walk(item.body);
    }
  };
  walk(program.body);
  return ids;
}

/** How many times each gate is read: by gates, by control conditions and by reveal declarations. */
export function useCounts(program: IrProgram): Int32Array {
  const uses = new Int32Array(program.gates.length);
  const walk = (seq: Sequence): void => {
    for (const item of seq.items) {
      if (typeof item === "number") {
        for (const a of program.gates[item]!.args) uses[a]!++;
        continue;
      }
      if (item.kind === "if") {
        uses[item.condition]!++;
        walk(item.then);
        walk(item.otherwise);
      } else if (item.kind === "loop") walk(item.body);
      else if (item.kind === "breakIfZero") uses[item.condition]!++;
    }
  };
  walk(program.body);
  for (const r of program.reveals) uses[r.gate]!++;
  return uses;
}

/** The segment (numbered in program order) each gate belongs to: passes keep rewrites within one. */
export function segmentOf(program: IrProgram): Int32Array {
  const segment = new Int32Array(program.gates.length).fill(-1);
  let current = 0;
  const walk = (seq: Sequence): void => {
    let open = false;
    for (const item of seq.items) {
      if (typeof item === "number") {
        segment[item] = current;
        open = true;
        continue;
      }
      if (open) current++;
      open = false;
      if (item.kind === "if") {
        walk(item.then);
        walk(item.otherwise);
      } else if (item.kind === "loop") walk(item.body);
    }
    if (open) current++;
  };
  walk(program.body);
  return segment;
}
