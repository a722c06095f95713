// Mutations for fuzzing file readers: byte-level damage (flips, cuts, splices) and structural
// damage to a decoded msgpack record (a field dropped, retyped, or its bytes changed).

import fc from "fast-check";

/** A value msgpack can carry: what a hostile file could put in any field. */
export const wireValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { maxDepth: 2 },
    fc.integer(),
    fc.constantFrom(-1, 0, 1, 2, 3, 64, 2 ** 31, 2 ** 32, 2 ** 53, Number.MAX_SAFE_INTEGER, -(2 ** 31)),
    fc.double(),
    fc.string({ maxLength: 20 }),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("kind", "param", "count", "data", "party", "len", "type", "line", "name", "shape", "to"), tie("value"), { maxKeys: 4 }),
  ),
})).value;

export type ByteMutation = { at: number; op: "flip" | "cut" | "insert" | "set"; byte: number; count: number };

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("flip", "cut", "insert", "set"),
  byte: fc.nat(255),
  count: fc.integer({ min: 1, max: 16 }),
});

export function mutateBytes(bytes: Uint8Array, mutations: readonly ByteMutation[]): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.op === "flip") out[at] = out[at]! ^ (1 << (m.byte % 8));
    else if (m.op === "set") out[at] = m.byte;
    else if (m.op === "cut") out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + m.count)]);
    else out = Uint8Array.from([...out.subarray(0, at), ...new Array<number>(m.count).fill(m.byte), ...out.subarray(at)]);
  }
  return out;
}

export type FieldMutation = { path: number[]; op: "delete" | "replace" | "bytes"; value: unknown; bytes: ByteMutation[] };

export const fieldMutation: fc.Arbitrary<FieldMutation> = fc.record({
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  op: fc.constantFrom("delete", "replace", "bytes"),
  value: wireValue,
  bytes: fc.array(byteMutation, { minLength: 1, maxLength: 3 }),
});

/** Applies a mutation to a decoded record in place, walking `path` through keys and list items. */
export function mutateRecord(root: Record<string, unknown>, m: FieldMutation): void {
  let container: Record<string, unknown> | unknown[] = root;
  for (let depth = 0; depth < m.path.length; depth++) {
    const keys: Array<string | number> = Array.isArray(container) ? container.map((_, i) => i) : Object.keys(container);
    if (keys.length === 0) return;
    const key = keys[m.path[depth]! % keys.length]!;
    const child = (container as Record<string | number, unknown>)[key];
    const last = depth === m.path.length - 1 || child === null || typeof child !== "object" || child instanceof Uint8Array;
    if (last) return apply(container, key, child, m);
    container = child as Record<string, unknown> | unknown[];
  }
}

function apply(container: Record<string | number, unknown> | unknown[], key: string | number, current: unknown, m: FieldMutation): void {
  const target = container as Record<string | number, unknown>;
  if (m.op === "delete") {
    if (Array.isArray(container)) container.splice(key as number, 1);
    else delete target[key];
  } else if (m.op === "bytes" && current instanceof Uint8Array) {
    target[key] = mutateBytes(current, m.bytes);
  } else {
    target[key] = m.value;
  }
}

/** Bounded, reproducible runs: the suite stays fast, and a failure prints its seed and case. */
export const RUNS = { numRuns: 250 } as const;
