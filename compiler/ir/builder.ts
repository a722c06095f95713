// Appends gates to an IR program under construction, into the innermost open region; the only
// place gate ids are assigned. Used by lower/; knows nothing of the language.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import { MAX_NESTING, MAX_REGISTER_LENGTH, MAX_WIDTH } from "../../vm/bytecode/limits.js";
import type { Cell, Control, Gate, GateOp, InputDecl, IrProgram, OutputDecl, RevealDecl, Sequence } from "./ir.js";

export interface Checkpoint {
  readonly gates: number;
  readonly inputs: number;
  readonly outputs: number;
  readonly reveals: number;
  readonly cells: number;
  readonly strings: number;
  readonly sequence: Sequence;
  readonly items: number;
}

export class IrBuilder {
  private readonly gates: Gate[] = [];
  private readonly inputs: InputDecl[] = [];
  private readonly outputs: OutputDecl[] = [];
  private readonly reveals: RevealDecl[] = [];
  private readonly cells: Cell[] = [];
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly body: Sequence = { items: [] };
  private current: Sequence = this.body;
  /** How many if and loop bodies enclose `current`. */
  private depth = 0;
  private readonly shared = new Map<string, GateOp>();
  private readonly unchecked = new Set<number>();
  private uncheckedDepth = 0;
  /** While a function of another file runs: the call in the program's own file its gates are charged to. */
  private callSite: Span | null = null;

  constructor(
    private readonly fracBits: number,
    readonly ringBits: number,
  ) {}

  /** Appends a gate; a vector past the bytecode's limits is the program's error, at `span`. */
  gate(kind: GateOp, args: readonly number[], len: number, secret: boolean, span: Span | null, width = 0): number {
    if (len > MAX_REGISTER_LENGTH) fail("tooLarge", span, { what: `a vector of ${len} elements`, limit: `${MAX_REGISTER_LENGTH} elements` });
    if (width > MAX_WIDTH) fail("tooLarge", span, { what: `a value of ${width} bits`, limit: `${MAX_WIDTH} bits` });
    const id = this.gates.length;
    this.gates.push({ id, kind: this.intern(kind), args, len, width, secret, span: this.callSite ?? span });
    if (this.uncheckedDepth > 0) this.unchecked.add(id);
    this.current.items.push(id);
    return id;
  }

  /** One shared object for each op without attributes: programs hold hundreds of thousands of gates. */
  private intern(kind: GateOp): GateOp {
    for (const key in kind) if (key !== "op") return kind;
    let shared = this.shared.get(kind.op);
    if (shared === undefined) this.shared.set(kind.op, (shared = kind));
    return shared;
  }

  get(id: number): Gate {
    return this.gates[id]!;
  }

  /**
   * Runs `build` with its gates placed at `site`, unless an outer call already placed them: the
   * bytecode names lines of one file, so a library function's gates belong to the line calling it.
   */
  atCallSite<T>(site: Span, build: () => T): T {
    if (this.callSite !== null) return build();
    this.callSite = site;
    try {
      return build();
    } finally {
      this.callSite = null;
    }
  }

  /** Runs `build` with its gates exempt from the range check's warnings (library code states its own ranges). */
  quietly<T>(build: () => T): T {
    this.uncheckedDepth++;
    try {
      return build();
    } finally {
      this.uncheckedDepth--;
    }
  }

  /** Runs `build` with new gates going into `sequence`, then returns to the enclosing one. */
  within<T>(sequence: Sequence, build: () => T): T {
    const outer = this.current;
    this.current = sequence;
    this.depth++;
    try {
      return build();
    } finally {
      this.current = outer;
      this.depth--;
    }
  }

  /** A point to roll back to: for evaluating something only to learn what it produces. */
  checkpoint(): Checkpoint {
    return {
      gates: this.gates.length,
      inputs: this.inputs.length,
      outputs: this.outputs.length,
      reveals: this.reveals.length,
      cells: this.cells.length,
      strings: this.strings.length,
      sequence: this.current,
      items: this.current.items.length,
    };
  }

  /** Forgets every gate, cell, input and output made since the checkpoint. */
  rollback(cp: Checkpoint): void {
    this.gates.length = cp.gates;
    this.inputs.length = cp.inputs;
    this.outputs.length = cp.outputs;
    this.reveals.length = cp.reveals;
    this.cells.length = cp.cells;
    for (const dropped of this.strings.splice(cp.strings)) this.stringIndex.delete(dropped);
    this.current = cp.sequence;
    this.current.items.length = cp.items;
  }

  /** Appends a control item; blocks nested past the bytecode's limit are the program's error. */
  item(item: Control): void {
    if ((item.kind === "if" || item.kind === "loop") && this.depth >= MAX_NESTING) {
      fail("tooLarge", item.span, { what: "the nesting of if and while on revealed values", limit: `${MAX_NESTING} levels` });
    }
    this.current.items.push(item);
  }

  cell(cell: Cell): number {
    this.cells.push(cell);
    return this.cells.length - 1;
  }

  string(text: string): number {
    let index = this.stringIndex.get(text);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(text);
      this.stringIndex.set(text, index);
    }
    return index;
  }

  addInput(decl: InputDecl): number {
    this.inputs.push(decl);
    return this.inputs.length - 1;
  }

  addOutput(decl: OutputDecl): number {
    this.outputs.push(decl);
    return this.outputs.length - 1;
  }

  /** The clients the inputs and outputs so far name. */
  clientNames(): ReadonlySet<string> {
    const names = new Set<string>();
    for (const decl of [...this.inputs, ...this.outputs]) if (decl.client !== undefined) names.add(decl.client);
    return names;
  }

  addReveal(decl: RevealDecl): void {
    this.reveals.push(decl);
  }

  /** The party count is known only at the end, once every input() and output() has named its party. */
  finish(parties: number): IrProgram {
    return {
      parties,
      fracBits: this.fracBits,
      ringBits: this.ringBits,
      gates: this.gates,
      body: this.body,
      cells: this.cells,
      strings: this.strings,
      inputs: this.inputs,
      outputs: this.outputs,
      unchecked: this.unchecked,
      reveals: this.reveals,
    };
  }
}
