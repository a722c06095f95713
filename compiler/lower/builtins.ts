// The functions and types every program has without importing: the Python helpers on
// compile-time values, and input, output, reveal, print and the vector helpers on run-time ones.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import { compileTimeCompare, rangeLength, truthy } from "./compile-time-ops.js";
import { iterate } from "./iteration.js";
import { binary } from "./operators.js";
import { inputValue, outputValue, printValues, reveal } from "./io.js";
import type { Evaluator } from "./state.js";
import { isOperand } from "./arithmetic.js";
import { describe, display, isNumber, type BuiltinCall, type CallArgs, type ElemType, type RunValue, type Value } from "./values.js";

type Builtin = (ev: Evaluator, c: CallArgs) => Value;

const BUILTINS: Record<string, Builtin> = {
  range: (_, c) => range(c),
  len: (_, c) => len(c),
  sum: (ev, c) => sum(ev, c),
  abs: (ev, c) => abs(ev, c),
  min: (ev, c) => extreme(ev, c, "min"),
  max: (ev, c) => extreme(ev, c, "max"),
  sign: (ev, c) => ev.ctx.numeric.sign(runArgument(c, "sign"), c.span),
  sqrt: (ev, c) => ev.ctx.ir.quietly(() => ev.ctx.fixed.sqrt(runArgument(c, "sqrt"), c.span)),
  exp: (ev, c) => ev.ctx.ir.quietly(() => ev.ctx.fixed.exp(runArgument(c, "exp"), c.span)),
  log: (ev, c) => ev.ctx.ir.quietly(() => ev.ctx.fixed.log(runArgument(c, "log"), c.span)),
  sigmoid: (ev, c) => ev.ctx.ir.quietly(() => ev.ctx.fixed.sigmoid(runArgument(c, "sigmoid"), c.span)),
  reciprocal: (ev, c) => ev.ctx.ir.quietly(() => ev.ctx.fixed.reciprocal(runArgument(c, "reciprocal"), c.span)),
  floor: (ev, c) => ev.ctx.arith.retype(runArgument(c, "floor"), "int", c.span),
  bits: (ev, c) => ev.ctx.numeric.decompose(runArgument(c, "bits"), c.span),
  from_bits: (ev, c) => ev.ctx.numeric.compose(runArgument(c, "from_bits"), c.span),
  int: (_, c) => toInt(c),
  float: (_, c) => toFloat(c),
  bool: (_, c) => ({ kind: "bool", value: truthyOrFail(one(c, "bool"), c.argSpans[0]!) }),
  str: (_, c) => ({ kind: "str", value: display(one(c, "str")) }),
  round: (_, c) => roundNumber(c),
  list: (ev, c) => ({ kind: "list", items: iterate(ev, one(c, "list"), c.argSpans[0]!) }),
  tuple: (ev, c) => ({ kind: "tuple", items: iterate(ev, one(c, "tuple"), c.argSpans[0]!) }),
  enumerate: (ev, c) => ({
    kind: "list",
    items: iterate(ev, one(c, "enumerate"), c.argSpans[0]!).map((v, i) => ({ kind: "tuple", items: [{ kind: "int", value: BigInt(i) }, v] })),
  }),
  zip: (ev, c) => zip(ev, c),
  reversed: (ev, c) => ({ kind: "list", items: [...iterate(ev, one(c, "reversed"), c.argSpans[0]!)].reverse() }),
  sorted: (ev, c) => sorted(ev, c),
  dot: (ev, c) => dot(ev, c),
  concat: (ev, c) => concatVectors(ev, c),
  transpose: (ev, c) => {
    const m = one(c, "transpose");
    return m.kind === "run"
      ? ev.ctx.vectors.transpose(m, c.span)
      : fail("typeMismatch", c.argSpans[0]!, { detail: `transpose() needs a matrix, not ${describe(m)}` });
  },
  sorting_network: (_, c) => sortingNetwork(c),
  compare_exchange: (ev, c) => compareExchange(ev, c),
  random_bits: (ev, c) => randomBits(ev, c),
  print: (ev, c) => printValues(ev, c),
  reveal: (ev, c) => reveal(ev, c),
  input: (ev, c) => inputValue(ev, c),
  output: (ev, c) => outputValue(ev, c),
};

export function builtinValues(ev: () => Evaluator): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const [name, f] of Object.entries(BUILTINS)) {
    const call: BuiltinCall = (c) => f(ev(), c);
    values.set(name, { kind: "builtin", name, call });
  }
  for (const elem of ["int", "fix", "bool"] as ElemType[]) values.set(`s${elem}`, { kind: "type", elem, shape: null });
  return values;
}

export function expectArgs(c: CallArgs, name: string, min: number, max: number, keywords: readonly string[] = []): void {
  if (c.args.length < min || c.args.length > max) {
    const count = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    fail("badCall", c.span, { detail: `${name}() takes ${count} positional argument${max === 1 ? "" : "s"}, but got ${c.args.length}` });
  }
  for (const [kw, { span }] of c.keywords) {
    if (!keywords.includes(kw)) {
      const known = keywords.length === 0 ? "none" : keywords.join(", ");
      fail("badCall", span, { detail: `${name}() has no argument '${kw}' (it takes: ${known})` });
    }
  }
}

function one(c: CallArgs, name: string): Value {
  expectArgs(c, name, 1, 1);
  return c.args[0]!;
}

export function compileTimeInt(v: Value, span: Span, what: string): bigint {
  if (v.kind === "int") return v.value;
  if (v.kind === "bool") return BigInt(v.value);
  if (v.kind === "float" && Number.isInteger(v.value)) return BigInt(v.value);
  if (v.kind === "run") {
    return fail("secretNotAllowed", span, { what: `${what} (${describe(v)})`, why: "it must be known when the program is compiled" });
  }
  return fail("notCompileTime", span, { what, value: describe(v) });
}

function truthyOrFail(v: Value, span: Span): boolean {
  const t = truthy(v);
  if (t === null) fail("typeMismatch", span, { detail: `bool() of ${describe(v)} is not known at compile time; compare it instead` });
  return t;
}

function range(c: CallArgs): Value {
  expectArgs(c, "range", 1, 3);
  const ints = c.args.map((a, i) => compileTimeInt(a, c.argSpans[i]!, "a range() bound"));
  const [start, stop, step] = ints.length === 1 ? [0n, ints[0]!, 1n] : [ints[0]!, ints[1]!, ints[2] ?? 1n];
  if (step === 0n) fail("badValue", c.argSpans[2]!, { detail: "range() step must not be zero" });
  return { kind: "range", start, stop, step };
}

function len(c: CallArgs): Value {
  const v = one(c, "len");
  switch (v.kind) {
    case "list":
    case "tuple":
      return { kind: "int", value: BigInt(v.items.length) };
    case "str":
      return { kind: "int", value: BigInt(v.value.length) };
    case "range":
      return { kind: "int", value: rangeLength(v) };
    case "run":
      if (v.shape.length > 0) return { kind: "int", value: BigInt(v.shape[0]!) };
      break;
  }
  return fail("typeMismatch", c.argSpans[0]!, { detail: `len() needs a list, a string or a vector, but got ${describe(v)}` });
}

function sum(ev: Evaluator, c: CallArgs): Value {
  expectArgs(c, "sum", 1, 2);
  const v = c.args[0]!;
  const start = c.args[1] ?? { kind: "int", value: 0n };
  if (v.kind === "run") {
    if (v.shape.length === 0) return fail("typeMismatch", c.argSpans[0]!, { detail: `sum() needs a vector, not ${describe(v)}` });
    // A matrix sums its rows, as Python sums the items of a list of rows.
    const rows = v.shape[0]!;
    const total = v.shape.length === 1 ? ev.ctx.arith.sum(v, rows, c.span) : ev.ctx.arith.sum(ev.ctx.vectors.transpose(v, c.span), rows, c.span);
    return c.args.length > 1 ? binary(ev.ctx, "+", start, total, c.span) : total;
  }
  return iterate(ev, v, c.argSpans[0]!).reduce<Value>((acc, item) => binary(ev.ctx, "+", acc, item, c.span), start);
}

/** The single argument of a function on run-time values (a number is made a public run-time value). */
function runArgument(c: CallArgs, name: string): RunValue {
  const v = one(c, name);
  if (v.kind === "run") return v;
  return fail("typeMismatch", c.argSpans[0]!, {
    detail: `${name}() needs a run-time value, not ${describe(v)}${isNumber(v) ? "; compute it at compile time with ordinary arithmetic" : ""}`,
  });
}

function abs(ev: Evaluator, c: CallArgs): Value {
  const v = one(c, "abs");
  if (v.kind === "int") return { kind: "int", value: v.value < 0n ? -v.value : v.value };
  if (v.kind === "float") return { kind: "float", value: Math.abs(v.value) };
  if (v.kind === "bool") return { kind: "int", value: BigInt(v.value) };
  if (v.kind === "run") return ev.ctx.numeric.abs(v, c.span);
  return fail("typeMismatch", c.argSpans[0]!, { detail: `abs() of ${describe(v)}` });
}

/** min/max of several values, of a list, or of the elements of one vector. */
function extreme(ev: Evaluator, c: CallArgs, which: "min" | "max"): Value {
  expectArgs(c, which, 1, Infinity);
  const only = c.args[0]!;
  if (c.args.length === 1 && only.kind === "run") return ev.ctx.numeric.reduce(which, only, c.span);
  const items = c.args.length === 1 && (only.kind === "list" || only.kind === "tuple") ? only.items : c.args;
  if (items.length === 0) return fail("badValue", c.span, { detail: `${which}() of nothing` });
  return items.reduce((best, v) => {
    if (v.kind === "run" || best.kind === "run") {
      if (!isOperand(v) || !isOperand(best)) return fail("badOperands", c.span, { op: which, left: describe(best), right: describe(v) });
      return ev.ctx.numeric.extreme(which, best, v, c.span);
    }
    const less = compileTimeCompare("<", v, best);
    if (less === null) fail("badOperands", c.span, { op: which, left: describe(best), right: describe(v) });
    return less === (which === "min") ? v : best;
  });
}

function toInt(c: CallArgs): Value {
  const v = one(c, "int");
  if (v.kind === "int") return v;
  if (v.kind === "bool") return { kind: "int", value: BigInt(v.value) };
  if (v.kind === "float" && Number.isFinite(v.value)) return { kind: "int", value: BigInt(Math.trunc(v.value)) };
  if (v.kind === "str" && /^\s*[+-]?\d+\s*$/.test(v.value)) return { kind: "int", value: BigInt(v.value.trim()) };
  return fail("typeMismatch", c.argSpans[0]!, { detail: `int() cannot convert ${describe(v)}${v.kind === "run" ? "; use sint(x)" : ""}` });
}

function toFloat(c: CallArgs): Value {
  const v = one(c, "float");
  if (isNumber(v)) return { kind: "float", value: Number(v.value) };
  if (v.kind === "str" && v.value.trim() !== "" && Number.isFinite(Number(v.value))) return { kind: "float", value: Number(v.value) };
  return fail("typeMismatch", c.argSpans[0]!, { detail: `float() cannot convert ${describe(v)}${v.kind === "run" ? "; use sfix(x)" : ""}` });
}

function roundNumber(c: CallArgs): Value {
  expectArgs(c, "round", 1, 2);
  const v = c.args[0]!;
  if (!isNumber(v)) return fail("typeMismatch", c.argSpans[0]!, { detail: `round() needs a compile-time number, not ${describe(v)}` });
  if (c.args.length === 1) return { kind: "int", value: BigInt(Math.round(Number(v.value))) };
  const digits = Number(compileTimeInt(c.args[1]!, c.argSpans[1]!, "round() digits"));
  return { kind: "float", value: Number(Number(v.value).toFixed(Math.max(0, Math.min(digits, 100)))) };
}

function zip(ev: Evaluator, c: CallArgs): Value {
  expectArgs(c, "zip", 1, Infinity);
  const lists = c.args.map((a, i) => iterate(ev, a, c.argSpans[i]!));
  const n = Math.min(...lists.map((l) => l.length));
  return { kind: "list", items: Array.from({ length: n }, (_, i) => ({ kind: "tuple", items: lists.map((l) => l[i]!) })) };
}

function sorted(ev: Evaluator, c: CallArgs): Value {
  const items = [...iterate(ev, one(c, "sorted"), c.argSpans[0]!)];
  items.sort((a, b) => {
    const less = compileTimeCompare("<", a, b);
    if (less === null) return fail("unsupported", c.span, { what: `sorted() of ${describe(a)}` }, "oblivious sorting of secrets is in the library");
    return less ? -1 : compileTimeCompare("<", b, a) ? 1 : 0;
  });
  return { kind: "list", items };
}

function dot(ev: Evaluator, c: CallArgs): Value {
  expectArgs(c, "dot", 2, 2);
  const [a, b] = c.args as [Value, Value];
  if (a.kind !== "run" || b.kind !== "run") return fail("typeMismatch", c.span, { detail: `dot() needs two vectors, not ${describe(a)} and ${describe(b)}` });
  return ev.ctx.vectors.matmul(a, b, c.span);
}

function concatVectors(ev: Evaluator, c: CallArgs): Value {
  expectArgs(c, "concat", 1, Infinity);
  const parts = c.args.map((a, i) => (a.kind === "run" ? a : fail("typeMismatch", c.argSpans[i]!, { detail: `concat() joins vectors, not ${describe(a)}` })));
  return parts.reduce((acc, v) => ev.ctx.vectors.concat(acc, v, c.span));
}

/**
 * The layers of Batcher's odd–even merge sort for n elements [Batcher, 1968], as (lo, hi) position
 * lists: every comparator sorts ascending, so comparators past n (against a virtual +∞) are dropped.
 */
function sortingNetwork(c: CallArgs): Value {
  expectArgs(c, "sorting_network", 1, 1);
  const n = Number(compileTimeInt(c.args[0]!, c.argSpans[0]!, "sorting_network()'s size"));
  if (n < 1 || n > 1 << 24) return fail("badValue", c.argSpans[0]!, { detail: `cannot sort ${n} elements` });
  let size = 1;
  while (size < n) size *= 2;
  const layers: Value[] = [];
  const ints = (xs: number[]): Value => ({ kind: "list", items: xs.map((x) => ({ kind: "int", value: BigInt(x) })) });
  for (let p = 1; p < size; p *= 2) {
    for (let k = p; k >= 1; k = Math.floor(k / 2)) {
      const lo: number[] = [];
      const hi: number[] = [];
      for (let j = k % p; j + k < size; j += 2 * k) {
        for (let i = 0; i < Math.min(k, size - j - k); i++) {
          const a = i + j;
          const b = i + j + k;
          if (Math.floor(a / (2 * p)) === Math.floor(b / (2 * p)) && b < n) {
            lo.push(a);
            hi.push(b);
          }
        }
      }
      if (lo.length > 0) layers.push({ kind: "tuple", items: [ints(lo), ints(hi)] });
    }
  }
  return { kind: "list", items: layers };
}

/**
 * compare_exchange(keys, lo, hi, payload..., bound=B): one layer of a sorting network; returns
 * (keys, payload...). With `bound`, the keys are promised to lie in [−B, B), which allows a
 * comparison over fewer bits (one edaBit instead of three; fewer AND rounds).
 */
function compareExchange(ev: Evaluator, c: CallArgs): Value {
  expectArgs(c, "compare_exchange", 3, Infinity, ["bound"]);
  const vectors = c.args
    .filter((_, i) => i !== 1 && i !== 2)
    .map((v, i) =>
      v.kind === "run" ? v : fail("typeMismatch", c.argSpans[i === 0 ? 0 : i + 2]!, { detail: `compare_exchange() orders vectors, not ${describe(v)}` }),
    );
  const positions = (v: Value, span: Span): number[] =>
    v.kind === "list" || v.kind === "tuple"
      ? v.items.map((x) => Number(compileTimeInt(x, span, "a position")))
      : fail("typeMismatch", span, { detail: "positions must be a list of numbers" });
  const lo = positions(c.args[1]!, c.argSpans[1]!);
  const hi = positions(c.args[2]!, c.argSpans[2]!);
  const [keys, ...payloads] = vectors;
  const bound = keyBound(ev, c, keys!);
  // Exempt from the range check: the outputs are a permutation of the inputs, which interval
  // arithmetic on x + swap·(y − x) cannot see (it would warn after a few layers).
  const result = ev.ctx.ir.quietly(() => ev.ctx.vectors.compareExchange(keys!, lo, hi, payloads, ev.ctx.logic, c.span, bound));
  return payloads.length === 0 ? result[0]! : { kind: "tuple", items: result };
}

/** The `bound=` of compare_exchange as a raw bound (scaled for sfix keys), or null for none. */
function keyBound(ev: Evaluator, c: CallArgs, keys: RunValue): bigint | null {
  const kw = c.keywords.get("bound");
  if (kw === undefined || kw.value.kind === "none") return null;
  const v = kw.value;
  if (!isNumber(v) || !(Number(v.value) > 0))
    return fail("badValue", kw.span, { detail: `bound= must be a positive number known at compile time, not ${describe(v)}` });
  if (keys.type !== "fix") {
    if (v.kind === "int") return v.value;
    return BigInt(Math.ceil(Number(v.value)));
  }
  return BigInt(Math.ceil(Number(v.value) * 2 ** ev.ctx.arith.fracBits));
}

/** random_bits(n): n secret bits, uniform and independent, that no party knows (from daBits). */
function randomBits(ev: Evaluator, c: CallArgs): Value {
  expectArgs(c, "random_bits", 1, 1);
  const n = Number(compileTimeInt(c.args[0]!, c.argSpans[0]!, "the number of random bits"));
  if (n < 1) return fail("badValue", c.argSpans[0]!, { detail: "random_bits() needs a positive count" });
  const gate = ev.ctx.ir.gate({ op: "randbits" }, [], n, true, c.span);
  return { kind: "run", secret: true, type: "bool", shape: [n], gate };
}
