// What each program in programs/ should reveal, computed in the clear in TypeScript from the same
// sample inputs (one list of numbers per party), with tolerances for fixed-point results.

import { expect } from "vitest";
import type { OutputValue } from "../../vm/machine/outputs.js";

type Outputs = Record<string, OutputValue>;
type Reference = (parties: number[][], out: Outputs) => void;

const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const average = (xs: readonly number[]): number => total(xs) / xs.length;

function near(actual: OutputValue | undefined, expected: number, tolerance: number, what: string): void {
  expect(typeof actual, what).toBe("number");
  expect(Math.abs((actual as number) - expected), `${what}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

function nearAll(actual: OutputValue | undefined, expected: readonly number[], tolerance: (x: number) => number, what: string): void {
  expect(Array.isArray(actual), what).toBe(true);
  expect((actual as number[]).length, what).toBe(expected.length);
  expected.forEach((e, i) => near((actual as number[])[i], e, tolerance(e), `${what}[${i}]`));
}

/** Rows of `width` numbers from a party's flat list. */
function rows(values: readonly number[], width: number): number[][] {
  return Array.from({ length: values.length / width }, (_, i) => values.slice(i * width, (i + 1) * width));
}

/** numpy's default percentile: linear interpolation between order statistics. */
export function percentileOf(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const position = (p / 100) * (s.length - 1);
  const below = Math.floor(position);
  return below + 1 < s.length ? s[below]! + (s[below + 1]! - s[below]!) * (position - below) : s[below]!;
}

/** Least squares with an intercept by the normal equations (Gauss–Jordan in doubles). */
export function leastSquares(columns: readonly number[][], y: readonly number[]): number[] {
  const n = y.length;
  const x = Array.from({ length: n }, (_, i) => [...columns.map((c) => c[i]!), 1]);
  const k = x[0]!.length;
  const a = Array.from({ length: k }, (_, i) => [
    ...Array.from({ length: k }, (_, j) => total(x.map((r) => r[i]! * r[j]!))),
    total(x.map((r, t) => r[i]! * y[t]!)),
  ]);
  for (let p = 0; p < k; p++) {
    const pivot = a[p]![p]!;
    a[p] = a[p]!.map((v) => v / pivot);
    for (let i = 0; i < k; i++) if (i !== p) a[i] = a[i]!.map((v, j) => v - a[i]![p]! * a[p]![j]!);
  }
  return a.map((r) => r[k]!);
}

const relative = (r: number) => (x: number) => Math.abs(x) * r + 2 ** -14;

export const references: Record<string, Reference> = {
  average_salary: (parties, out) => near(out.average, average(parties.flat()), 2 * 2 ** -16, "average"),

  salary_statistics: (parties, out) => {
    const all = parties.flat();
    const totals = parties.map(total);
    expect(out.above_threshold).toBe(all.filter((v) => v > 100000).length);
    near(out.highest, Math.max(...all), 2 ** -15, "highest");
    near(out.top_share, Math.max(...totals) / total(totals), 2 ** -13, "top_share");
  },

  pay_gap: (parties, out) => {
    const people = parties.flatMap((v) => rows(v, 3));
    const pay = (g: number, level?: number) => people.filter((r) => r[1] === g && (level === undefined || r[2] === level)).map((r) => r[0]!);
    const [men, women] = [pay(0), pay(1)];
    expect(out.headcount).toEqual([men.length, women.length]);
    nearAll(out.mean_salary, [average(men), average(women)], relative(1e-4), "mean_salary");
    near(out.gap, 1 - average(women) / average(men), 1e-3, "gap");
    const levels = [0, 1, 2];
    expect(out.level_released).toEqual(levels.map((l) => pay(0, l).length >= 5 && pay(1, l).length >= 5));
    nearAll(
      out.level_mean_men,
      levels.map((l) => average(pay(0, l))),
      relative(1e-4),
      "level_mean_men",
    );
    nearAll(
      out.level_mean_women,
      levels.map((l) => average(pay(1, l))),
      relative(1e-4),
      "level_mean_women",
    );
    nearAll(
      out.level_gap,
      levels.map((l) => 1 - average(pay(1, l)) / average(pay(0, l))),
      () => 1e-3,
      "level_gap",
    );
  },

  sugar_beet_auction: (parties, out) => {
    const prices = 40;
    const schedule = (v: number[]) => rows(v, prices).reduce((acc, r) => acc.map((a, i) => a + r[i]!), new Array<number>(prices).fill(0));
    const supply = schedule([...parties[0]!, ...parties[1]!]);
    const demand = schedule(parties[2]!);
    const index = supply.findIndex((s, i) => s >= demand[i]!);
    expect(index).toBeGreaterThanOrEqual(0);
    near(out.clearing_price, 20 + 0.5 * index, 0, "clearing_price");
    expect(out.tonnes_traded).toBe(demand[index]);
    expect(out.cleared).toBe(true);
  },

  hospital_costs: (parties, out) => {
    const all = parties.flat();
    const mean = average(all);
    near(out.mean_cost, mean, 2 ** -15, "mean_cost");
    const sd = Math.sqrt(average(all.map((v) => (v - mean) ** 2)));
    near(out.stdev_cost, sd, 2 ** -14 * sd + 0.01, "stdev_cost");
    // The interpolation weight is a fixed-point constant: its rounding (2^-17) scales with the gap between neighbours.
    nearAll(
      out.percentiles_10_50_90,
      [10, 50, 90].map((p) => percentileOf(all, p)),
      () => 2 ** -17 * Math.max(...all),
      "percentiles",
    );
    const averages = parties.map(average);
    near(out.lowest_hospital_average, Math.min(...averages), 2 ** -15, "lowest");
    near(out.highest_hospital_average, Math.max(...averages), 2 ** -15, "highest");
    averages.forEach((a, h) => expect(out[`hospitals_below_${h}`]).toBe(averages.filter((b) => b < a).length));
  },

  fraud_overlap: (parties, out) => {
    const times = new Map<number, number>();
    for (const bank of parties) for (const id of new Set(bank.filter((x) => x !== 0))) times.set(id, (times.get(id) ?? 0) + 1);
    const counts = [...times.values()];
    expect(out.flagged_by_two_or_more).toBe(counts.filter((c) => c >= 2).length);
    expect(out.flagged_by_all_three).toBe(counts.filter((c) => c === 3).length);
  },

  vickrey_auction: (parties, out) => {
    const bids = parties.flat();
    const highest = Math.max(...bids);
    const winner = bids.indexOf(highest);
    expect(out.winner).toBe(winner);
    expect(out.price).toBe(Math.max(...bids.filter((_, i) => i !== winner)));
  },

  millionaires: (parties, out) => {
    const wealth = parties.map((v) => v[0]!);
    expect(out.richest).toBe(wealth.indexOf(Math.max(...wealth)));
  },

  voting: (parties, out) => {
    const ballots = parties.flat();
    const tally = [0, 1, 2, 3].map((c) => ballots.filter((b) => b === c).length);
    expect(out.tally).toEqual(tally);
    expect(out.invalid).toBe(ballots.length - total(tally));
  },

  linear_regression: (parties, out) => {
    const [b1, b2, intercept] = leastSquares([parties[0]!, parties[1]!], parties[2]!);
    nearAll(out.coefficients, [b1!, b2!], relative(1e-3), "coefficients");
    near(out.intercept, intercept!, 0.05, "intercept");
  },
};
