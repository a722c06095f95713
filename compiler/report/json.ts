// The report as JSON (the schema is in docs/report.md): the Report record as it is, indented.

import type { Report } from "./report.js";

export function reportJson(report: Report): string {
  return JSON.stringify(report, null, 2) + "\n";
}
