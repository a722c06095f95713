// How a clear ring element reads to a person: as a signed integer, a fixed-point decimal or a
// boolean. Shared by print() and the outputs.

import { PRINT_FORMAT } from "../isa.js";

/** A signed value read off a clear register. */
export function formatNumber(x: bigint, format: number, fracBits: number): string {
  if (format === PRINT_FORMAT.fix) return String(Number(x) / 2 ** fracBits);
  if (format === PRINT_FORMAT.bool) return x === 0n ? "False" : "True";
  return x.toString();
}
