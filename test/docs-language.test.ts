import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const doc = readFileSync(join(root, "docs", "language.md"), "utf8");
const examples = [...doc.matchAll(/```python\n# from (test\/programs\/[\w.]+)\n([\s\S]*?)```/g)];

describe("docs/language.md", () => {
  it("has examples", () => expect(examples.length).toBeGreaterThan(25));

  for (const [, file, body] of examples) {
    it(`quotes ${file} exactly`, () => {
      const program = readFileSync(join(root, file!), "utf8");
      expect(program).toContain(body!);
    });
  }
});
