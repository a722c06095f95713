import { describe, expect, it } from "vitest";
import { indexByCode, ISA, OP_BY_CODE, OP_NAMES } from "../../vm/isa.js";

describe("the opcode table", () => {
  it("maps every code to its row and back", () => {
    expect(OP_BY_CODE.size).toBe(OP_NAMES.length);
    for (const name of OP_NAMES) expect(OP_BY_CODE.get(ISA[name].code)).toBe(name);
  });

  it("refuses two rows with one code, naming both", () => {
    expect(() => indexByCode({ ADDS: { code: 0x10 }, SUBS: { code: 0x10 } })).toThrow("ADDS and SUBS share the code 0x10");
  });

  it("refuses two names that differ only in case", () => {
    expect(() => indexByCode({ ADDS: { code: 0x10 }, adds: { code: 0x11 } })).toThrow("ADDS and adds differ only in case");
  });

  it("refuses codes that are not positive integers", () => {
    for (const code of [0, -1, 1.5, Number.NaN]) expect(() => indexByCode({ NOP: { code } })).toThrow("codes are positive integers");
  });

  it("accepts a table of distinct codes", () => {
    expect([...indexByCode({ A: { code: 1 }, B: { code: 2 } })]).toEqual([
      [1, "A"],
      [2, "B"],
    ]);
  });
});
