// The report as text for a terminal: the totals, the critical path, the costliest source lines,
// the gates by kind and the disclosure list, in the order a reader decides by.

import type { Report } from "./report.js";

const MAX_ROWS = 25;
/** Source lines longer than this are cut, so the preprocessing after them stays in view. */
const SOURCE_WIDTH = 48;

export function reportText(r: Report): string {
  const out: string[] = [];
  const p = r.program;
  out.push(`Cost report: ${p.source} — ${p.parties} parties, ${count(p.instructions, "instruction")}, program ${p.hash.slice(0, 12)}…`);
  out.push("");
  out.push(...worstCaseNote(r));
  const kinds = Object.entries(r.rounds.byKind)
    .map(([k, n]) => `${k} ${num(n)}`)
    .join(", ");
  out.push(row("Online rounds", `${num(r.rounds.total)}${kinds ? `   (${kinds})` : ""}`));
  out.push(row("Multiplicative depth", num(r.multiplicativeDepth)));
  const perParty = r.bytes.perParty.map((b, i) => `party ${i}: ${num(b)}`).join(" · ");
  out.push(row("Bytes sent online", `${perParty} · all: ${bytes(r.bytes.total)}`));
  const prep = r.preprocessing.map((n) => `${num(n.count)} ${n.param === null ? n.kind : `${n.kind}/${n.param}`}`).join(", ");
  out.push(row("Preprocessing", prep === "" ? "none" : `${prep} — ${bytes(r.bytes.preprocessingPerParty)} per party from the dealer`));
  out.push(
    row("Online time (estimate)", r.network.map((n) => `${n.profile} (${n.rttMs} ms RTT, ${rate(n.bitsPerSecond)}): ${duration(n.seconds)}`).join(" · ")),
  );
  out.push("");
  out.push("Critical path: the rounds a run waits for, in order");
  if (r.criticalPath.length === 0) out.push("  (no communication)");
  const steps = r.criticalPath
    .slice(0, MAX_ROWS)
    .map((step) => ({ step, ops: step.ops.join(", ") + (step.times > 1 ? ` (×${num(step.times)}, in a loop)` : "") }));
  const opsWidth = Math.max(24, ...steps.map((s) => s.ops.length));
  for (const { step, ops } of steps) {
    out.push(`  line ${String(step.line).padEnd(5)} ${count(step.rounds, "round").padEnd(11)} ${ops.padEnd(opsWidth)} ${step.text ?? ""}`.trimEnd());
  }
  if (r.criticalPath.length > MAX_ROWS) out.push(`  … ${r.criticalPath.length - MAX_ROWS} more`);
  out.push("");
  out.push("Cost by source line, costliest first");
  const rows = r.lines.slice(0, MAX_ROWS).map((l) => ({ l, source: clip(l.text ?? "", SOURCE_WIDTH) }));
  const sourceWidth = Math.max(6, ...rows.map((row) => row.source.length));
  out.push(
    `  ${"line".padStart(5)} ${"gates".padStart(6)} ${"rounds".padStart(7)} ${"triples".padStart(9)} ${"bytes".padStart(12)}  ${"source".padEnd(sourceWidth)}  other preprocessing`,
  );
  for (const { l, source } of rows) {
    const other = Object.entries(l.preprocessing)
      .filter(([k]) => k !== "triple")
      .map(([k, n]) => `${num(n)} ${k}`)
      .join(", ");
    out.push(
      `  ${String(l.line).padStart(5)} ${num(l.gates).padStart(6)} ${num(l.rounds).padStart(7)} ${num(l.triples).padStart(9)} ${num(l.bytes).padStart(12)}  ${source.padEnd(sourceWidth)}  ${other}`.trimEnd(),
    );
  }
  if (r.lines.length > MAX_ROWS) out.push(`  … ${r.lines.length - MAX_ROWS} more lines`);
  out.push("");
  out.push("Gates by kind");
  out.push(`  ${r.gates.map((g) => `${g.kind} ×${num(g.count)}${g.elements > g.count ? ` (${num(g.elements)} elements)` : ""}`).join(" · ")}`);
  out.push("");
  out.push("What the parties learn");
  if (r.disclosures.length === 0) out.push("  nothing");
  for (const d of r.disclosures) {
    const shape = d.shape.length === 0 ? "" : `[${d.shape.join(", ")}]`;
    const what = d.kind === "output" ? `output "${d.name}"` : d.kind === "reveal" ? `reveal(${d.name})` : d.name;
    const to = d.to === "all" ? "every party" : d.to === "client" ? `client ${d.client} only` : `party ${d.to} only`;
    const times = d.times > 1 ? `, up to ${num(d.times)} times (once per loop iteration)` : "";
    out.push(`  line ${String(d.line).padEnd(5)} ${what.padEnd(30)} ${`${d.type ?? "?"}${shape}`.padEnd(12)} to ${to}${times}`);
  }
  const m = r.maskedOpens;
  if (m.count > 0)
    out.push(
      `  (and ${count(m.count, "masked open")} at line${m.lines.length > 1 ? "s" : ""} ${m.lines.join(", ")}: x + r for a fresh random r, which reveals nothing)`,
    );
  if (r.advice.length > 0) {
    out.push("");
    out.push("Advice");
    for (const a of r.advice) out.push(`  ${a.text}`);
  }
  return `${out.map((l) => l.trimEnd()).join("\n")}\n`;
}

function worstCaseNote(r: Report): string[] {
  const { loops, branches } = r.worstCase;
  if (loops.length === 0 && branches.length === 0) return [];
  const parts = [
    ...loops.map(
      (l) => `${l.count === 1 ? "the loop" : `each of the ${num(l.count)} loops`} at line ${l.line} at its bound of ${num(l.bound)} runs (--max-iterations)`,
    ),
    ...branches.map((b) => `the larger branch of ${b.count === 1 ? "the if" : `each of the ${num(b.count)} ifs`} at line ${b.line}`),
  ];
  return [`Worst case: the figures count ${parts.join("; ")}. A run costs at most this.`, ""];
}

function row(label: string, value: string): string {
  return `${label.padEnd(24)}${value}`;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function num(n: number): string {
  return n.toLocaleString("en-US");
}

function count(n: number, noun: string): string {
  return `${num(n)} ${noun}${n === 1 ? "" : "s"}`;
}

function bytes(n: number): string {
  if (n < 10_000) return `${num(n)} bytes`;
  const [value, unit] = n < 1e6 ? [n / 1e3, "kB"] : n < 1e9 ? [n / 1e6, "MB"] : [n / 1e9, "GB"];
  return `${num(n)} bytes (${value.toFixed(1)} ${unit})`;
}

function rate(bitsPerSecond: number): string {
  return bitsPerSecond >= 1e9 ? `${bitsPerSecond / 1e9} Gbit/s` : `${bitsPerSecond / 1e6} Mbit/s`;
}

function duration(seconds: number): string {
  if (seconds === 0) return "0 s";
  if (seconds < 0.01) return `${(seconds * 1000).toPrecision(2)} ms`;
  if (seconds < 1) return `${(seconds * 1000).toFixed(1)} ms`;
  if (seconds < 120) return `${seconds.toFixed(2)} s`;
  return `${(seconds / 60).toFixed(1)} min`;
}
