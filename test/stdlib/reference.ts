// Cleartext meanings of the library functions, for the stdlib tests: statistics in doubles,
// sorting and sets on bigints, and a tolerance check for fixed-point results.

import { expect } from "vitest";
import type { OutputValue } from "../../vm/machine/outputs.js";

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: readonly number[]): number => sum(xs) / xs.length;
export const squares = (xs: readonly number[]): number => sum(xs.map((x) => (x - mean(xs)) ** 2));
export const products = (x: readonly number[], y: readonly number[]): number => sum(x.map((a, i) => (a - mean(x)) * (y[i]! - mean(y))));

/** A number as an sfix input is read: rounded to the nearest 2^-16. */
export const encode = (v: number): number => Math.round(v * 2 ** 16) / 2 ** 16;

/** |got − want| ≤ abs + rel·|want|, element by element for vectors. */
export function within(got: OutputValue | undefined, want: number | readonly number[], abs: number, rel = 0, what = "value"): void {
  if (typeof want === "number") {
    expect(typeof got, what).toBe("number");
    expect(Math.abs((got as number) - want), `${what}: got ${String(got)}, want ${want}`).toBeLessThanOrEqual(abs + rel * Math.abs(want));
    return;
  }
  expect(Array.isArray(got), what).toBe(true);
  expect((got as number[]).length, what).toBe(want.length);
  want.forEach((w, i) => within((got as number[])[i], w, abs, rel, `${what}[${i}]`));
}

/** The p-th percentile with linear interpolation between order statistics (numpy's default). */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const position = (p / 100) * (s.length - 1);
  const below = Math.floor(position);
  const fraction = position - below;
  return fraction === 0 ? s[below]! : s[below]! + (s[below + 1]! - s[below]!) * fraction;
}

/** Counts of values in [edges[i], edges[i+1]). */
export function histogram(values: readonly number[], edges: readonly number[]): number[] {
  return edges.slice(0, -1).map((e, i) => values.filter((v) => v >= e && v < edges[i + 1]!).length);
}

/** Solves the normal equations of least squares with an intercept; returns [coefficients..., intercept]. */
export function leastSquares(columns: readonly (readonly number[])[], y: readonly number[]): number[] {
  const rows = y.map((_, i) => [...columns.map((c) => c[i]!), 1]);
  const k = rows[0]!.length;
  const a = Array.from({ length: k }, (_, i) => [
    ...Array.from({ length: k }, (_, j) => sum(rows.map((r) => r[i]! * r[j]!))),
    sum(rows.map((r, t) => r[i]! * y[t]!)),
  ]);
  for (let p = 0; p < k; p++) {
    const pivot = a[p]![p]!;
    a[p] = a[p]!.map((v) => v / pivot);
    for (let i = 0; i < k; i++) if (i !== p) a[i] = a[i]!.map((v, j) => v - a[i]![p]! * a[p]![j]!);
  }
  return a.map((r) => r[k]!);
}

export const byValue = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** A decoded sint vector (numbers, or strings beyond ±2^53) as bigints. */
export const bigints = (v: OutputValue | undefined): bigint[] => (v as Array<number | string>).map((x) => BigInt(x));
