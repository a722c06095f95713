// The peak memory of this process. Linux's getrusage maxRSS starts a spawned child at its
// parent's size (fork copies the address space's high-water mark); VmHWM belongs to the new image.

import { readFileSync } from "node:fs";

/** Peak resident memory of this process since it started, in MB. */
export function peakRssMb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match !== null) return Number(match[1]) / 1024;
  } catch {
    // Not Linux: fall back to what the platform reports.
  }
  return process.resourceUsage().maxRSS / 1024;
}
