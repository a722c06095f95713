// The depth and cost report of a bytecode program, as plain data (its JSON form is documented in
// docs/report.md): rounds, depth, preprocessing, traffic, time on named networks, per-line costs
// and what the program discloses. Worked out from the bytecode alone, as the VM will run it.

import { roundsOf } from "../../vm/bytecode/analysis.js";
import type { LoadedProgram } from "../../vm/bytecode/program.js";
import { REGISTER_OPERANDS, ISA } from "../../vm/isa.js";
import { ringOf } from "../../vm/domain/ring.js";
import { PREP_KINDS, partWords, type PrepKind } from "../../vm/preprocessing/kinds.js";
import { adviceFor, type Advice } from "./advice.js";
import { blocksOf, segmentsIn, timesRun, type Block } from "./blocks.js";
import { costOf, type Cost } from "./cost.js";
import { disclosuresOf, type Disclosure } from "./disclosure.js";
import { lineCosts, type LineCost } from "./lines.js";
import { PROFILES, type NetworkProfile } from "./network.js";
import { analyseSegment, type SegmentCost } from "./segments.js";

export const REPORT_SCHEMA = "mpc-cost-report/1";

export interface Report {
  readonly schema: typeof REPORT_SCHEMA;
  readonly program: { readonly source: string; readonly hash: string; readonly parties: number; readonly fracBits: number; readonly instructions: number };
  /**
   * Loops on revealed values (counted at their bound) and ifs on them (the larger branch
   * counted), by line: `count` of them there. The figures are worst cases when any exist.
   */
  readonly worstCase: {
    readonly loops: ReadonlyArray<{ line: number; bound: number; count: number }>;
    readonly branches: ReadonlyArray<{ line: number; count: number }>;
  };
  readonly gates: ReadonlyArray<{ kind: string; count: number; elements: number }>;
  readonly multiplicativeDepth: number;
  readonly rounds: { readonly total: number; readonly byKind: Record<string, number> };
  readonly preprocessing: ReadonlyArray<{ kind: string; param: string | null; count: number; bytesPerParty: number }>;
  readonly bytes: { readonly perParty: readonly number[]; readonly total: number; readonly preprocessingPerParty: number };
  readonly network: ReadonlyArray<{ profile: string; rttMs: number; bitsPerSecond: number; seconds: number }>;
  readonly criticalPath: ReadonlyArray<{ line: number; rounds: number; ops: string[]; times: number; text?: string }>;
  readonly lines: ReadonlyArray<LineCost & { text?: string }>;
  readonly disclosures: readonly Disclosure[];
  readonly maskedOpens: { readonly count: number; readonly lines: readonly number[] };
  /** Ways to make the program cheaper that the figures point to. */
  readonly advice: readonly Advice[];
}

/** The analysis behind a report, kept for the DOT drawing and for comparing predictions with runs. */
export interface Analysis {
  readonly loaded: LoadedProgram;
  readonly blocks: Block[];
  /** Each straight-line segment's cost, by its first instruction. */
  readonly segments: Map<number, SegmentCost>;
  readonly cost: Cost;
  readonly profiles: readonly NetworkProfile[];
}

export interface ReportOptions {
  /** The text of a source line, when the source is at hand. */
  readonly sourceLine?: (line: number) => string | undefined;
  readonly profiles?: readonly NetworkProfile[];
}

export function analyse(loaded: LoadedProgram, profiles: readonly NetworkProfile[] = PROFILES): Analysis {
  const { program, instructions } = loaded;
  const blocks = blocksOf(instructions);
  const ranges = roundsOf(instructions);
  const segments = new Map(segmentsIn(blocks).map((s) => [s.start, analyseSegment(program, instructions, s.start, s.end, ranges)]));
  return { loaded, blocks, segments, cost: costOf(blocks, segments, instructions, profiles, program.parties), profiles };
}

export function buildReport(analysis: Analysis, options: ReportOptions = {}): Report {
  const { loaded, blocks, cost, profiles } = analysis;
  const { program, instructions, hash } = loaded;
  const text = (line: number): { text?: string } => {
    const t = options.sourceLine?.(line)?.trim();
    return t === undefined || t === "" ? {} : { text: t };
  };
  const times = timesRun(blocks, instructions.length);
  const disclosed = disclosuresOf(program, instructions, times);
  const preprocessing = program.preprocessing.map((n) => ({
    kind: n.kind,
    param: n.param === null ? null : n.param.toString(),
    count: n.count,
    bytesPerParty: n.count * itemWords(n.kind, analysis.loaded.program.domain) * 8,
  }));
  const report: Omit<Report, "advice"> = {
    schema: REPORT_SCHEMA,
    program: { source: program.source, hash, parties: program.parties, fracBits: program.fracBits, instructions: instructions.length },
    worstCase: controlFlow(blocks),
    gates: gatesByKind(loaded),
    multiplicativeDepth: cost.depth,
    rounds: { total: cost.rounds, byKind: Object.fromEntries([...cost.roundKinds].sort(([, a], [, b]) => b - a)) },
    preprocessing,
    bytes: {
      perParty: cost.sent,
      total: cost.sent.reduce((a, b) => a + b, 0),
      preprocessingPerParty: preprocessing.reduce((a, p) => a + p.bytesPerParty, 0),
    },
    network: profiles.map((p, i) => ({ profile: p.name, rttMs: p.rttMs, bitsPerSecond: p.bitsPerSecond, seconds: cost.seconds[i]! })),
    criticalPath: criticalPath(cost).map((step) => ({ ...step, ...text(step.line) })),
    lines: lineCosts(program, instructions, times, cost.critical).map((l) => ({ ...l, ...text(l.line) })),
    disclosures: disclosed.list,
    maskedOpens: disclosed.maskedOpens,
  };
  return { ...report, advice: adviceFor(program, instructions, report) };
}

/** The critical path with consecutive rounds of one line (run equally often) merged. */
function criticalPath(cost: Cost): Array<{ line: number; rounds: number; ops: string[]; times: number }> {
  const path: Array<{ line: number; rounds: number; ops: string[]; times: number }> = [];
  for (const step of cost.critical) {
    const last = path[path.length - 1];
    if (last !== undefined && last.line === step.line && last.times === step.times) {
      last.rounds += step.times;
      if (!last.ops.includes(step.op)) last.ops.push(step.op);
    } else path.push({ line: step.line, rounds: step.times, ops: [step.op], times: step.times });
  }
  return path;
}

function controlFlow(blocks: readonly Block[]): Report["worstCase"] {
  const loops = new Map<string, { line: number; bound: number; count: number }>();
  const branches = new Map<number, { line: number; count: number }>();
  const walk = (bs: readonly Block[]): void => {
    for (const b of bs) {
      if (b.kind === "if") {
        const entry = branches.get(b.line) ?? { line: b.line, count: 0 };
        entry.count++;
        branches.set(b.line, entry);
        walk(b.then);
        walk(b.otherwise);
      } else if (b.kind === "loop") {
        const key = `${b.line}/${b.bound}`;
        const entry = loops.get(key) ?? { line: b.line, bound: b.bound, count: 0 };
        entry.count++;
        loops.set(key, entry);
        walk(b.body);
      }
    }
  };
  walk(blocks);
  const byLine = (a: { line: number }, b: { line: number }): number => a.line - b.line;
  return { loops: [...loops.values()].sort(byLine), branches: [...branches.values()].sort(byLine) };
}

/** Instructions by opcode, with the elements they process (the length of their longest register). */
function gatesByKind({ program, instructions }: LoadedProgram): Report["gates"] {
  const kinds = new Map<string, { count: number; elements: number }>();
  for (const ins of instructions) {
    const e = kinds.get(ins.op) ?? { count: 0, elements: 0 };
    e.count++;
    let longest = 0;
    ISA[ins.op].operands.forEach((kind, j) => {
      if (REGISTER_OPERANDS.includes(kind)) longest = Math.max(longest, program.registerLength[ins.operands[j]!]!);
    });
    e.elements += longest;
    kinds.set(ins.op, e);
  }
  return [...kinds].map(([kind, e]) => ({ kind, ...e })).sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1));
}

/** 64-bit words one item of a kind takes in a party's file, in the program's ring. */
function itemWords(kind: PrepKind, domain: Parameters<typeof ringOf>[0]): number {
  const ring = ringOf(domain);
  return PREP_KINDS[kind].parts.reduce((n, part) => n + partWords(part, ring), 0);
}
