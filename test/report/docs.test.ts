// docs/report.md pastes real reports and documents the JSON form: this fails when the
// compiler's output has moved on (`npm run docs` pastes it again) or a field is undocumented.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyse, buildReport } from "../../compiler/report/report.js";
import { withReports } from "../../scripts/report-doc.js";
import { compile } from "../helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");

describe("docs/report.md", () => {
  const doc = readFileSync(join(ROOT, "docs", "report.md"), "utf8");

  it("shows the reports the compiler prints now (run `npm run docs` after changing the compiler)", () => {
    expect(withReports(doc, ROOT)).toBe(doc);
  });

  it("and docs/nonlinear.md shows the report of x < y on 100,000 elements as the compiler prints it", () => {
    const nonlinear = readFileSync(join(ROOT, "docs", "nonlinear.md"), "utf8");
    expect(nonlinear).toContain("<!-- report: docs/examples/lt100k.mpc --parties 3 -->\n```\nCost report: lt100k.mpc — 3 parties");
    expect(withReports(nonlinear, ROOT)).toBe(nonlinear);
  });

  it("documents every field of the JSON form", () => {
    const report = buildReport(analyse(compile(readFileSync(join(ROOT, "programs", "average_salary.mpc"), "utf8"))));
    const documented = [...doc.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]!);
    for (const field of Object.keys(report)) expect(documented).toContain(field);
  });
});
