import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withIsaTable } from "../vm/bytecode/isa-doc.js";

describe("docs/bytecode.md", () => {
  it("has the instruction table that vm/isa.ts generates (run `npm run docs` after changing the ISA)", () => {
    const doc = readFileSync(join(import.meta.dirname, "..", "docs", "bytecode.md"), "utf8");
    expect(withIsaTable(doc)).toBe(doc);
  });
});
