// The IR verifier: the invariants lowering establishes and every pass must keep — gate ids, operands
// defined earlier in an enclosing block, each op's signature, control structure, declarations, limits.

import { InternalCompilerError } from "../diagnostics/internal.js";
import { MAX_LOOP_BOUND, MAX_NESTING, MAX_REGISTER_LENGTH, MAX_WIDTH } from "../../vm/bytecode/limits.js";
import type { Control, Gate, IrProgram, OpName, Sequence } from "./ir.js";
import { SIGNATURES, type Signature } from "./signatures.js";

/** At most this many problems are listed: the first is the one to fix. */
const MAX_PROBLEMS = 10;

/** Every problem of the program, at most MAX_PROBLEMS, each naming the gate or item and what is wrong. */
export function verifyIr(program: IrProgram): string[] {
  return new Verifier(program).run();
}

/** Throws an InternalCompilerError naming `source` and `stage` unless the program is well formed. */
export function assertValidIr(program: IrProgram, source: string, stage: string): void {
  const problems = verifyIr(program);
  if (problems.length > 0) throw new InternalCompilerError(source, `${stage} fails its check: ${problems.join("; ")}`);
}

class Verifier {
  private readonly problems: string[] = [];
  /** 1 for gates placed in the body, once. */
  private readonly placed: Uint8Array;
  /** 1 for gates defined earlier in the sequence being walked or an enclosing one. */
  private readonly visible: Uint8Array;
  private readonly inputUses: Int32Array;
  private readonly outputUses: Int32Array;
  private depth = 0;
  private loops = 0;

  constructor(private readonly program: IrProgram) {
    this.placed = new Uint8Array(program.gates.length);
    this.visible = new Uint8Array(program.gates.length);
    this.inputUses = new Int32Array(program.inputs.length);
    this.outputUses = new Int32Array(program.outputs.length);
  }

  run(): string[] {
    this.program.gates.forEach((g, i) => g.id !== i && this.problem(`gate ${i} has the id %${g.id}`));
    this.place(this.program.body);
    this.sequence(this.program.body);
    this.declarations();
    return this.problems.slice(0, MAX_PROBLEMS);
  }

  private problem(text: string): void {
    this.problems.push(text);
  }

  /** Marks every gate the body holds; a gate held twice is a problem. */
  private place(seq: Sequence): void {
    for (const item of seq.items) {
      if (typeof item !== "number") {
        for (const inner of nested(item)) this.place(inner);
      } else if (this.program.gates[item] === undefined) this.problem(`the body names %${item}, which is not a gate`);
      else if (this.placed[item] === 1) this.problem(`${describe(this.program.gates[item]!)} stands twice in the body`);
      else this.placed[item] = 1;
    }
  }

  /** Walks a sequence: its gates are visible after their definition, until the sequence ends. */
  private sequence(seq: Sequence): void {
    const defined: number[] = [];
    for (const item of seq.items) {
      if (typeof item !== "number") this.control(item);
      else if (this.program.gates[item] !== undefined) {
        this.gate(this.program.gates[item]!);
        this.visible[item] = 1;
        defined.push(item);
      }
    }
    for (const id of defined) this.visible[id] = 0;
  }

  private control(item: Control): void {
    if (item.kind === "if" || item.kind === "breakIfZero") this.condition(item.condition, item.kind === "if" ? "an if" : "a break");
    if ((item.kind === "breakIfZero" || item.kind === "break" || item.kind === "continue") && this.loops === 0)
      this.problem(`a ${item.kind} stands outside every loop`);
    if (item.kind === "loop" && !(Number.isInteger(item.bound) && item.bound >= 1 && item.bound <= MAX_LOOP_BOUND)) {
      this.problem(`a loop has the bound ${item.bound}, outside 1 to ${MAX_LOOP_BOUND}`);
    }
    if (item.kind !== "if" && item.kind !== "loop") return;
    if (++this.depth > MAX_NESTING) this.problem(`an ${item.kind} nests ${this.depth} blocks deep, more than ${MAX_NESTING}`);
    if (item.kind === "loop") this.loops++;
    for (const inner of nested(item)) this.sequence(inner);
    if (item.kind === "loop") this.loops--;
    this.depth--;
  }

  /** An if's or break's condition: a public arithmetic gate defined before it, in scope. */
  private condition(id: number, what: string): void {
    const g = this.program.gates[id];
    const problem = this.reference(id) ?? (g!.secret || g!.width !== 0 ? `is ${g!.secret ? "secret" : "bits"}, not a public value` : null);
    if (problem !== null) this.problem(`the condition of ${what}, %${id}, ${problem}`);
  }

  /** Why `id` may not be read here, or null. */
  private reference(id: number): string | null {
    if (this.program.gates[id] === undefined) return "is not a gate";
    if (this.placed[id] !== 1) return "stands in no block of the program (a dangling reference)";
    if (this.visible[id] !== 1) return "is defined later, or in a block that does not enclose this one";
    return null;
  }

  private gate(g: Gate): void {
    const fail = (text: string): void => this.problem(`${describe(g)}: ${text}`);
    let dangling = false;
    for (const a of g.args) {
      const problem = this.reference(a);
      if (problem !== null) fail(`its argument %${a} ${problem}`);
      dangling ||= problem !== null;
    }
    if (!Number.isInteger(g.len) || g.len < 1 || g.len > MAX_REGISTER_LENGTH) fail(`its length ${g.len} is outside 1 to ${MAX_REGISTER_LENGTH}`);
    if (!Number.isInteger(g.width) || g.width < 0 || g.width > MAX_WIDTH) fail(`its width ${g.width} is outside 0 to ${MAX_WIDTH}`);
    this.count(g);
    const signature = SIGNATURES[g.kind.op] as Signature<OpName> | undefined;
    if (signature === undefined) return fail(`${g.kind.op} is not an op`);
    if (dangling) return;
    const args = g.args.map((a) => this.program.gates[a]!);
    const problem = signatureProblem(signature, g, args, this.program);
    if (problem !== null) fail(problem);
  }

  /** Uses of inputs and outputs, each to be used exactly once. */
  private count(g: Gate): void {
    const k = g.kind;
    if ((k.op === "input" || k.op === "clientinput") && k.input >= 0 && k.input < this.inputUses.length) this.inputUses[k.input]!++;
    if ((k.op === "output" || k.op === "clientoutput") && k.output >= 0 && k.output < this.outputUses.length) this.outputUses[k.output]!++;
  }

  private declarations(): void {
    this.inputUses.forEach((n, i) => n !== 1 && this.problem(`input ${i} is read by ${n} gates, not one`));
    this.outputUses.forEach((n, i) => n !== 1 && this.problem(`output ${i} is written by ${n} gates, not one`));
    this.program.reveals.forEach((r, i) => {
      const g = this.program.gates[r.gate];
      if (g === undefined || this.placed[r.gate] !== 1)
        this.problem(`reveal ${i} (${r.name}) names %${r.gate}, which stands in no block (a dangling reference)`);
      else if (g.kind.op !== "open" || g.kind.to !== null) this.problem(`reveal ${i} (${r.name}) names ${describe(g)}, which does not open to every party`);
      else if (r.shape.reduce((a, b) => a * b, 1) !== g.len) this.problem(`reveal ${i} (${r.name}) has a shape of other than ${g.len} elements`);
    });
  }
}

/** The first way `g` breaks its op's signature, or null. */
function signatureProblem(s: Signature<OpName>, g: Gate, args: readonly Gate[], p: IrProgram): string | null {
  if (s.args !== null) {
    if (args.length !== s.args.length) return `it has ${args.length} arguments, not ${s.args.length}`;
    for (let i = 0; i < args.length; i++) {
      const [form, secrecy] = s.args[i]!;
      const a = args[i]!;
      if ((form === "bits") !== a.width > 0)
        return `its argument %${a.id} is ${a.width > 0 ? "bits" : "arithmetic"}, not ${form === "bits" ? "bits" : "arithmetic"}`;
      if (secrecy !== "any" && a.secret !== (secrecy === "secret")) return `its argument %${a.id} is ${a.secret ? "secret" : "public"}, not ${secrecy}`;
    }
  }
  if (s.form !== "cell" && (s.form === "bits") !== g.width > 0)
    return `it is ${g.width > 0 ? "bits" : "arithmetic"}, not ${s.form === "bits" ? "bits" : "arithmetic"}`;
  const secrecy = secrecyProblem(s, g, args);
  if (secrecy !== null) return secrecy;
  return s.check === undefined ? null : s.check(g.kind as never, g, args, p);
}

function secrecyProblem(s: Signature<OpName>, g: Gate, args: readonly Gate[]): string | null {
  const secretArg = args.find((a) => a.secret);
  switch (s.secret) {
    case "secret":
    case "public":
      return g.secret === (s.secret === "secret") ? null : `it is ${g.secret ? "secret" : "public"}, not ${s.secret}`;
    case "args":
      if (!g.secret && secretArg !== undefined) return `it is public although its argument %${secretArg.id} is secret (only open reveals a secret)`;
      return g.secret && secretArg === undefined ? "it is secret although its arguments are all public" : null;
    case "alike": {
      const other = args.find((a) => a.secret !== g.secret);
      return other === undefined ? null : `it is ${g.secret ? "secret" : "public"} but its argument %${other.id} is not`;
    }
    case "cell":
      return null;
  }
}

function nested(item: Control): Sequence[] {
  if (item.kind === "if") return [item.then, item.otherwise];
  if (item.kind === "loop") return [item.body];
  return [];
}

function describe(g: Gate): string {
  return `%${g.id} = ${g.kind.op}${g.span === null ? "" : ` (line ${g.span.line})`}`;
}
