// The builtins that cross the boundary of the computation: input() brings a party's values in,
// output() and reveal() let values out, print() shows public values while the program runs.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import type { NumberType } from "../ir/ir.js";
import { compileTimeInt, expectArgs } from "./builtins.js";
import { requireNoSecretCondition, requireStraightLine, type Evaluator } from "./state.js";
import { describe, display, isNumber, lengthOf, NONE, typeName, type CallArgs, type ElemType, type RunValue, type Value } from "./values.js";
import { PRINT_FORMAT } from "../../vm/isa.js";
import { CLIENT_NAME, MAX_CLIENTS, MAX_PARTIES } from "../../vm/bytecode/limits.js";

const NUMBER_TYPE: Record<ElemType, NumberType> = { int: "sint", fix: "sfix", bool: "sbool" };

export function inputValue(ev: Evaluator, c: CallArgs): Value {
  expectArgs(c, "input", 1, 2, ["party", "bounds", "client"]);
  requireNoSecretCondition(ev, "input()", c.span);
  requireStraightLine(ev, "input()", c.span);
  const type = c.args[0]!;
  if (type.kind !== "type") return fail("badInputType", c.argSpans[0]!, { got: describe(type) });
  const client = clientArgument(ev, c, "client");
  const party = partyArgument(ev, c, c.args[1], c.argSpans[1], "party");
  if (client !== null && party !== null)
    return fail("badCall", c.span, { detail: "input() takes its values from a party or from a client, not both: give party= or client=" });
  if (party === null && client === null) {
    return fail("badCall", c.span, {
      detail: `input() needs the party or the client that provides it: input(sfix[N], party=0) or input(sfix[N], client="hospital_a")`,
    });
  }
  const shape = type.shape ?? [];
  const len = lengthOf(shape);
  const bounds = boundsArgument(c, type.elem);
  const decl = { party: party ?? -1, len, type: NUMBER_TYPE[type.elem], span: c.span, bounds };
  if (client !== null) {
    const index = ev.ctx.ir.addInput({ ...decl, client });
    const gate = ev.ctx.ir.gate({ op: "clientinput", input: index }, [], len, true, c.span);
    return { kind: "run", secret: true, type: type.elem, shape, gate };
  }
  const index = ev.ctx.ir.addInput(decl);
  const gate = ev.ctx.ir.gate({ op: "input", party: party!, input: index }, [], len, true, c.span);
  return { kind: "run", secret: true, type: type.elem, shape, gate };
}

export function outputValue(ev: Evaluator, c: CallArgs): Value {
  expectArgs(c, "output", 1, 1, ["name", "to", "to_client"]);
  requireNoSecretCondition(ev, "output()", c.span);
  requireStraightLine(ev, "output()", c.span);
  const value = c.args[0]!;
  const to = partyArgument(ev, c, undefined, undefined, "to");
  const client = clientArgument(ev, c, "to_client");
  if (client !== null && to !== null)
    fail("badCall", c.keywords.get("to_client")!.span, { detail: "output() goes to a party (to=) or to a client (to_client=), not both" });
  const name = outputName(ev, c);
  const run = asRunValue(ev, value, c.argSpans[0]!, "output()");
  const len = lengthOf(run.shape);
  if (client !== null) return outputToClient(ev, c, run, name, client);
  const gate = run.secret ? ev.ctx.ir.gate({ op: "open", to }, [run.gate], len, false, c.span) : run.gate;
  const index = ev.ctx.ir.addOutput({ name, type: NUMBER_TYPE[run.type], shape: run.shape, to, span: c.span });
  ev.ctx.ir.gate({ op: "output", output: index }, [gate], len, false, c.span);
  return NONE;
}

/**
 * output(x, to_client="name"): nothing is opened; the sharing gets fresh random shares (a public
 * value first becomes party 0's share), and each party keeps its share until the client fetches it.
 */
function outputToClient(ev: Evaluator, c: CallArgs, run: RunValue, name: string, client: string): Value {
  const len = lengthOf(run.shape);
  const shared = run.secret ? run.gate : ev.ctx.ir.gate({ op: "lift" }, [run.gate], len, true, c.span);
  const fresh = ev.ctx.ir.gate({ op: "rerand" }, [shared], len, true, c.span);
  const index = ev.ctx.ir.addOutput({ name, type: NUMBER_TYPE[run.type], shape: run.shape, to: null, span: c.span, client });
  ev.ctx.ir.gate({ op: "clientoutput", output: index }, [fresh], len, false, c.span);
  return NONE;
}

/** client="name" / to_client="name": a compile-time string that names a client, or null if absent. */
function clientArgument(ev: Evaluator, c: CallArgs, keyword: string): string | null {
  const kw = c.keywords.get(keyword);
  if (kw === undefined || kw.value.kind === "none") return null;
  if (kw.value.kind !== "str" || !CLIENT_NAME.test(kw.value.value)) {
    return fail("typeMismatch", kw.span, {
      detail: `${keyword}= must name a client as a string of letters, digits, '_', '.' or '-' (starting with a letter or '_', at most 64), like ${keyword}="hospital_a"`,
    });
  }
  const clients = ev.ctx.ir.clientNames();
  if (!clients.has(kw.value.value) && clients.size >= MAX_CLIENTS) fail("tooLarge", kw.span, { what: "the number of clients", limit: String(MAX_CLIENTS) });
  return kw.value.value;
}

/** reveal(x): every party learns x; the result is a public run-time value. */
export function reveal(ev: Evaluator, c: CallArgs): Value {
  expectArgs(c, "reveal", 1, 1);
  requireNoSecretCondition(ev, "reveal()", c.span);
  const value = c.args[0]!;
  if (value.kind !== "run") {
    if (isNumber(value)) return value;
    return fail("typeMismatch", c.argSpans[0]!, { detail: `reveal() needs a secret value, not ${describe(value)}` });
  }
  if (!value.secret) return value;
  const gate = ev.ctx.ir.gate({ op: "open", to: null }, [value.gate], lengthOf(value.shape), false, c.span);
  ev.ctx.ir.addReveal({ gate, name: sourceText(ev, c.argSpans[0]!), type: NUMBER_TYPE[value.type], shape: value.shape, span: c.span });
  return { ...value, secret: false, gate };
}

/** print(a, b, …, sep=" ", end="\n"): compile-time values become text now, revealed ones at run time. */
export function printValues(ev: Evaluator, c: CallArgs): Value {
  expectArgs(c, "print", 0, Infinity, ["sep", "end"]);
  requireNoSecretCondition(ev, "print()", c.span);
  const sep = stringKeyword(c, "sep", " ");
  const end = stringKeyword(c, "end", "\n");
  let text = "";
  const flush = (): void => {
    if (text !== "") ev.ctx.ir.gate({ op: "print", text: ev.ctx.ir.string(text), format: 0 }, [], 1, false, c.span);
    text = "";
  };
  c.args.forEach((v, i) => {
    if (i > 0) text += sep;
    if (v.kind !== "run") {
      text += display(v);
      return;
    }
    if (v.secret) {
      fail(
        "secretNotAllowed",
        c.argSpans[i]!,
        { what: `this ${typeName(true, v.type)}`, why: "print() shows public values only" },
        "reveal(x) makes a value public to every party; print(reveal(x)) prints it",
      );
    }
    flush();
    ev.ctx.ir.gate({ op: "print", text: null, format: PRINT_FORMAT[v.type] }, [v.gate], lengthOf(v.shape), false, c.span);
  });
  text += end;
  flush();
  return NONE;
}

/** bounds=(lo, hi): compile-time numbers with lo ≤ hi; whole numbers for sint. */
function boundsArgument(c: CallArgs, elem: ElemType): readonly [number, number] | null {
  const kw = c.keywords.get("bounds");
  if (kw === undefined) return null;
  const v = kw.value;
  const pair = v.kind === "tuple" || v.kind === "list" ? v.items : [];
  if (pair.length !== 2 || !pair.every(isNumber)) return fail("typeMismatch", kw.span, { detail: "bounds= must be a pair of numbers: bounds=(0, 200000)" });
  const [lo, hi] = pair.map((n) => Number((n as { value: number | bigint | boolean }).value)) as [number, number];
  if (!(lo <= hi)) fail("badValue", kw.span, { detail: `the lower bound ${lo} is above the upper bound ${hi}` });
  if (elem !== "fix" && (!Number.isInteger(lo) || !Number.isInteger(hi))) fail("badValue", kw.span, { detail: "bounds of integers must be whole numbers" });
  return [lo, hi];
}

/** The text of a span on one line (the disclosure list names a reveal by what it reveals). */
function sourceText(ev: Evaluator, span: Span): string {
  const text = ev.ctx.sources.get(span.file)?.text.slice(span.start, span.end) ?? "";
  const line = text.split("\n")[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

function stringKeyword(c: CallArgs, name: string, dflt: string): string {
  const kw = c.keywords.get(name);
  if (kw === undefined) return dflt;
  if (kw.value.kind !== "str") return fail("typeMismatch", kw.span, { detail: `${name}= must be a string` });
  return kw.value.value;
}

function asRunValue(ev: Evaluator, value: Value, span: Span, what: string): RunValue {
  if (value.kind === "run") return value;
  if (isNumber(value)) return ev.ctx.arith.constant(value, value.kind === "float" ? "fix" : value.kind === "bool" ? "bool" : "int", [], false, span);
  return fail("typeMismatch", span, { detail: `${what} needs a number or a run-time value, but got ${describe(value)}` });
}

function outputName(ev: Evaluator, c: CallArgs): string {
  const given = c.keywords.get("name");
  let name = `output_${ev.ctx.outputNames.size}`;
  if (given !== undefined) {
    if (given.value.kind !== "str" || given.value.value === "") {
      fail("typeMismatch", given.span, { detail: `output name must be a non-empty string, but got ${describe(given.value)}` });
    }
    name = given.value.value;
  }
  if (ev.ctx.outputNames.has(name)) fail("badCall", given?.span ?? c.span, { detail: `an output named '${name}' already exists` });
  ev.ctx.outputNames.add(name);
  return name;
}

/** A party number from a positional or keyword argument, checked against the party count. */
function partyArgument(ev: Evaluator, c: CallArgs, positional: Value | undefined, positionalSpan: Span | undefined, keyword: string): number | null {
  const kw = c.keywords.get(keyword);
  if (kw !== undefined && positional !== undefined) fail("badCall", kw.span, { detail: `${keyword} is given twice` });
  const value = kw?.value ?? positional;
  const span = kw?.span ?? positionalSpan ?? c.span;
  if (value === undefined || value.kind === "none") return null;
  const party = compileTimeInt(value, span, `${keyword}=`);
  const limit = ev.ctx.fixedParties ?? MAX_PARTIES;
  if (party < 0n || party >= BigInt(limit)) fail("badParty", span, { party: party.toString(), parties: limit });
  ev.ctx.highestParty = Math.max(ev.ctx.highestParty, Number(party));
  return Number(party);
}
