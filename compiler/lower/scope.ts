// Name bindings of the compile-time evaluator: a chain of scopes ending in the builtins. Special
// bindings mark names whose statement failed (poisoned) or that a branch left undefined.

import type { Span } from "../diagnostics/source.js";
import type { Value } from "./values.js";

export const POISON: unique symbol = Symbol("poison");

/** A name that exists on some paths only, with the reason using it is an error. */
export interface Unbound {
  readonly kind: "unbound";
  readonly reason: string;
  readonly span: Span | null;
}

export type Binding = Value | Unbound | typeof POISON;

export class Scope {
  private readonly names = new Map<string, Binding>();

  constructor(readonly parent: Scope | null) {}

  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const v = s.names.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** This scope's own binding (not an enclosing one's). */
  own(name: string): Binding | undefined {
    return this.names.get(name);
  }

  set(name: string, value: Binding): void {
    this.names.set(name, value);
  }

  delete(name: string): void {
    this.names.delete(name);
  }

  /** The own bindings of `names`, to restore after evaluating one branch of an if. */
  snapshot(names: Iterable<string>): Map<string, Binding | undefined> {
    return new Map([...names].map((n) => [n, this.names.get(n)]));
  }

  restore(snapshot: ReadonlyMap<string, Binding | undefined>): void {
    for (const [name, value] of snapshot) {
      if (value === undefined) this.names.delete(name);
      else this.names.set(name, value);
    }
  }

  /** Every name visible here, for "did you mean" suggestions. */
  visibleNames(): string[] {
    const all = new Set<string>();
    for (let s: Scope | null = this; s !== null; s = s.parent) for (const n of s.names.keys()) all.add(n);
    return [...all];
  }
}

/** The closest of `candidates` to `name` by edit distance, if close enough to be a likely typo. */
export function closestName(name: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
