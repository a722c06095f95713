// What `for x in ...`, unpacking and list() see of a value: the items of a list, tuple, string
// or range, and the elements (or rows) of a vector or matrix.

import { fail } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import { rangeLength } from "./compile-time-ops.js";
import type { Evaluator } from "./state.js";
import { describe, type Value } from "./values.js";

const MAX_ITEMS = 10_000_000n;

export function iterate(ev: Evaluator, value: Value, span: Span): readonly Value[] {
  switch (value.kind) {
    case "list":
    case "tuple":
      return value.items;
    case "str":
      return [...value.value].map((ch) => ({ kind: "str", value: ch }));
    case "range": {
      if (rangeLength(value) > MAX_ITEMS) fail("tooLarge", span, { what: "the range", limit: `${MAX_ITEMS} items` });
      const items: Value[] = [];
      for (let i = value.start; value.step > 0n ? i < value.stop : i > value.stop; i += value.step) items.push({ kind: "int", value: i });
      return items;
    }
    case "run":
      return ev.ctx.vectors.items(value, span);
    default:
      return fail("typeMismatch", span, { detail: `cannot iterate over ${describe(value)}` });
  }
}
