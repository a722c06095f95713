// Dead-gate elimination: keeps only what reaches an effect — outputs, prints, aborts, control
// flow that still holds something, and stores to cells that a kept load reads. Inputs always stay.

import { isSink, type IrProgram, type Sequence } from "../ir/ir.js";
import { bodyGates, Rewriter } from "./rewrite.js";

export function dce(program: IrProgram): IrProgram {
  const live = liveGates(program);
  const { cells, cellOf } = keptCells(program, live);
  return new Rewriter(program, true).run(
    {
      dropEmptyIfs: true,
      segment(ids, rw) {
        for (const id of ids) {
          if (!live[id]) continue;
          const g = program.gates[id]!;
          const k = g.kind;
          if (k.op === "load" || k.op === "store") {
            const kind = { op: k.op, cell: cellOf[k.cell]! };
            rw.set(
              id,
              rw.add(
                kind,
                g.args.map((a) => rw.map(a)),
                g.len,
                g.secret,
                g.span,
                g.width,
              ),
            );
          } else rw.copy(g);
        }
      },
    },
    cells,
  );
}

/** Gates that reach an effect. Stores count when their cell is loaded by a live gate; ifs when they hold something live. */
function liveGates(program: IrProgram): Uint8Array {
  const live = new Uint8Array(program.gates.length);
  const storesOf = new Map<number, number[]>();
  for (const id of bodyGates(program)) {
    const g = program.gates[id]!;
    if (g.kind.op !== "store") continue;
    const stores = storesOf.get(g.kind.cell) ?? [];
    stores.push(id);
    storesOf.set(g.kind.cell, stores);
  }
  const work: number[] = [];
  const mark = (id: number): void => {
    if (live[id]) return;
    live[id] = 1;
    work.push(id);
  };
  for (const id of bodyGates(program)) {
    const g = program.gates[id]!;
    if ((isSink(g) && g.kind.op !== "store") || g.kind.op === "input" || g.kind.op === "clientinput") mark(id);
  }
  for (;;) {
    while (work.length > 0) {
      const g = program.gates[work.pop()!]!;
      for (const a of g.args) mark(a);
      if (g.kind.op === "load") for (const s of storesOf.get(g.kind.cell) ?? []) mark(s);
    }
    // A control structure that holds something live keeps its condition alive, which may wake more.
    const before = work.length;
    markConditions(program.body, live, mark);
    if (work.length === before) return live;
  }
}

/** Marks the conditions of loops, and of ifs whose branches hold live gates or jumps. */
function markConditions(seq: Sequence, live: Uint8Array, mark: (id: number) => void): void {
  for (const item of seq.items) {
    if (typeof item === "number") continue;
    if (item.kind === "if") {
      if (holdsSomething(item.then, live) || holdsSomething(item.otherwise, live)) mark(item.condition);
      markConditions(item.then, live, mark);
      markConditions(item.otherwise, live, mark);
    } else if (item.kind === "loop") markConditions(item.body, live, mark);
    else if (item.kind === "breakIfZero") mark(item.condition);
  }
}

function holdsSomething(seq: Sequence, live: Uint8Array): boolean {
  return seq.items.some((item) =>
    typeof item === "number" ? live[item] === 1 : item.kind !== "if" || holdsSomething(item.then, live) || holdsSomething(item.otherwise, live),
  );
}

/** The cells some live gate loads or stores, renumbered densely. */
function keptCells(program: IrProgram, live: Uint8Array): { cells: IrProgram["cells"]; cellOf: Int32Array } {
  const used = new Uint8Array(program.cells.length);
  for (const id of bodyGates(program)) {
    const g = program.gates[id]!;
    if (live[id] && (g.kind.op === "load" || g.kind.op === "store")) used[g.kind.cell] = 1;
  }
  const cellOf = new Int32Array(program.cells.length).fill(-1);
  const cells: IrProgram["cells"] = [];
  program.cells.forEach((cell, i) => {
    if (!used[i]) return;
    cellOf[i] = cells.length;
    cells.push(cell);
  });
  return { cells, cellOf };
}
