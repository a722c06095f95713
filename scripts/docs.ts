// `npm run docs`: regenerates the parts of docs/ that are derived from code (the ISA tables).

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { withIsaTable } from "../vm/bytecode/isa-doc.js";

const path = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "bytecode.md");
writeFileSync(path, withIsaTable(readFileSync(path, "utf8")));
console.log(`updated ${path}`);
