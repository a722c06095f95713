// The round structure for graphviz (`mpcc report --format dot | dot -Tsvg`): a box per round,
// solid arrows where a round needs another's results, dashed ones for program order, and a
// cluster for each loop or if on a revealed value.

import type { Block } from "./blocks.js";
import type { Analysis } from "./report.js";
import type { Round } from "./segments.js";

export function reportDot(analysis: Analysis): string {
  const { loaded, blocks, segments } = analysis;
  const out: string[] = [
    "digraph rounds {",
    `  graph [fontname="Helvetica", labelloc=t, label=${quote(`${loaded.program.source}: ${analysis.cost.rounds} rounds (worst case)`)}];`,
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
    '  start [shape=circle, label="", width=0.15, style=filled, fillcolor=black];',
  ];
  let clusters = 0;
  const edge = (from: string, to: string, style: string, indent: string): void => void out.push(`${indent}${from} -> ${to}${style ? ` [${style}]` : ""};`);
  /** Draws the blocks after the nodes `before`; returns the nodes a following round comes after. */
  const draw = (bs: readonly Block[], before: string[], indent: string): string[] => {
    let last = before;
    for (const b of bs) {
      if (b.kind === "segment") {
        const rounds = segments.get(b.start)!.rounds;
        if (rounds.length === 0) continue;
        rounds.forEach((r, i) => {
          out.push(`${indent}r${r.number} [label=${quote(label(analysis, r))}];`);
          if (i === 0) for (const p of last) edge(p, `r${r.number}`, "style=dashed", indent);
          else if (!r.after.includes(rounds[i - 1]!.number)) edge(`r${rounds[i - 1]!.number}`, `r${r.number}`, "style=dashed", indent);
          for (const a of r.after) edge(`r${a}`, `r${r.number}`, "", indent);
        });
        last = [`r${rounds[rounds.length - 1]!.number}`];
        continue;
      }
      out.push(`${indent}subgraph cluster_${clusters++} {`);
      if (b.kind === "if") {
        out.push(`${indent}  label=${quote(`if at line ${b.line} (revealed condition)`)}; style=dashed;`);
        last = [...draw(b.then, last, `${indent}  `), ...draw(b.otherwise, last, `${indent}  `)];
      } else {
        out.push(`${indent}  label=${quote(`loop at line ${b.line} (at most ${b.bound} times)`)}; style=dashed;`);
        const after = draw(b.body, last, `${indent}  `);
        const first = segmentsFirstRound(b.body, analysis);
        if (first !== null && after[0] !== undefined) edge(after[0], first, 'style=dotted, constraint=false, label="again"', `${indent}  `);
        last = after;
      }
      out.push(`${indent}}`);
    }
    return [...new Set(last)];
  };
  draw(blocks, ["start"], "  ");
  out.push("}");
  return `${out.join("\n")}\n`;
}

function segmentsFirstRound(bs: readonly Block[], analysis: Analysis): string | null {
  for (const b of bs) {
    if (b.kind !== "segment") return null;
    const r = analysis.segments.get(b.start)!.rounds[0];
    if (r !== undefined) return `r${r.number}`;
  }
  return null;
}

function label({ loaded }: Analysis, r: Round): string {
  const ops = new Map<string, number>();
  for (const op of r.ops) ops.set(op, (ops.get(op) ?? 0) + 1);
  const lines = [...new Set(loaded.instructions.slice(r.start, r.end).map((i) => i.line))].sort((a, b) => a - b);
  const busiest = Math.max(...r.sent);
  return [
    `round ${r.number}`,
    [...ops].map(([op, n]) => (n > 1 ? `${op} ×${n}` : op)).join(", "),
    `line${lines.length > 1 ? "s" : ""} ${lines.join(", ")}`,
    `${busiest.toLocaleString("en-US")} bytes (busiest party)`,
  ].join("\n");
}

function quote(s: string): string {
  return JSON.stringify(s);
}
