// Checked parsing of command-line values shared by mpcc and mpcvm, so that a bad flag value
// is a usage error naming the flag rather than a NaN deep inside a run.

import { UsageError } from "./exit.js";

export function integerOption(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} ${value}: expected a whole number from ${min} to ${max}`);
  }
  return n;
}

export function secondsOption(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw new UsageError(`${flag} ${value}: expected a number of seconds above 0`);
  return Math.round(n * 1000);
}
