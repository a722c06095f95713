// The report as JSON: the Report record as it is, indented. Its schema (every field, its
// meaning and units) is documented in docs/report.md, which a test keeps complete.

import type { Report } from "./report.js";

export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
