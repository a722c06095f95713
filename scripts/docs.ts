// `npm run docs`: regenerates the parts of docs/ that are derived from code (the ISA tables and
// the reports pasted into docs/report.md and docs/nonlinear.md).

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { withIsaTable } from "../vm/bytecode/isa-doc.js";
import { withReports } from "./report-doc.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const regenerate = (file: string, update: (text: string) => string): void => {
  const path = join(root, "docs", file);
  writeFileSync(path, update(readFileSync(path, "utf8")));
  console.log(`updated ${path}`);
};
regenerate("bytecode.md", withIsaTable);
regenerate("report.md", (text) => withReports(text, root));
regenerate("nonlinear.md", (text) => withReports(text, root));
