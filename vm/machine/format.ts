// How a clear ring element reads to a person: as a signed integer, a fixed-point decimal or a
// boolean. Shared by print() and the outputs.

import { PRINT_FORMAT } from "../isa.js";

export function formatNumber(v: bigint, format: number, fracBits: number): string {
  const x = BigInt.asIntN(64, v);
  if (format === PRINT_FORMAT.fix) return String(Number(x) / 2 ** fracBits);
  if (format === PRINT_FORMAT.bool) return x === 0n ? "False" : "True";
  return x.toString();
}
