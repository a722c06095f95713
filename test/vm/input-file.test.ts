import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadInputs } from "../../vm/files.js";
import { InputError, InputTokenizer, type Token, tokenizeInput } from "../../vm/machine/encode.js";
import { compile } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-inputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A program that takes a few thousand values from party 0. */
const loaded = compile("x = input(sint[3000], party=0)\ny = input(sfix, party=0)\noutput(sum(x) + y, name='s')\n", { parties: 2 });
const NEEDED = 3001;
let files = 0;

function file(content: string | Uint8Array): string {
  const path = join(dir, `in${files++}.csv`);
  writeFileSync(path, content);
  return path;
}

/** Loads party 0's file, returning how many bytes were read and what was refused. */
function load(path: string): { bytesRead: number; error: string | null } {
  const stats = { bytesRead: 0 };
  try {
    loadInputs(loaded, 0, path, stats);
    return { bytesRead: stats.bytesRead, error: null };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { bytesRead: stats.bytesRead, error: e.message };
  }
}

describe("an input file that is too long stops being read at its first extra value", () => {
  it("ten million lines for a program that reads 3001 values: refused after the first 64 KiB", () => {
    const path = file(Buffer.alloc(2e7, "1\n"));
    const r = load(path);
    expect(r.error).toBe(
      `${path} has more than 3001 values (the first extra one is on line 3002), but the program reads 3001 from party 0 (input() at line 1, 2 of test.mpc)`,
    );
    expect(r.bytesRead).toBeLessThanOrEqual(1 << 16);
  });

  it("one line of 8 MB of digits: refused at its 401st character", () => {
    const path = file(Buffer.alloc(8 << 20, "7"));
    const r = load(path);
    expect(r.error).toMatch(new RegExp(`^${path}:1: '7{40}…' is not a number \\(more than 400 characters without a separator\\)$`));
    expect(r.bytesRead).toBeLessThanOrEqual(1 << 16);
  });

  it("one line of 8 MB of values: refused at the first extra one", () => {
    const r = load(file(Buffer.alloc(8 << 20, "1,")));
    expect(r.error).toMatch(/has more than 3001 values \(the first extra one is on line 1\)/);
    expect(r.bytesRead).toBeLessThanOrEqual(1 << 16);
  });

  it("a file padded with megabytes of blanks and comments is read whole, and its values are right", () => {
    const values = Array.from({ length: NEEDED }, (_, i) => String(i - 1000));
    const path = file(`${" ".repeat(3 << 20)}# a comment ${"#".repeat(1 << 20)}\n${values.join(",\r\n")}\n\n`);
    const stats = { bytesRead: 0 };
    const inputs = loadInputs(loaded, 0, path, stats);
    expect(stats.bytesRead).toBeGreaterThan(4 << 20);
    expect(inputs.get(0)!.length).toBe(3000);
    expect(BigInt.asIntN(64, inputs.get(0)![2999]!)).toBe(1999n);
    expect(inputs.get(1)![0]).toBe(2000n << 16n);
  });
});

describe("no input of any shape is an internal error", () => {
  it("binary garbage, NUL bytes and invalid UTF-8 are refused with the line and the field, escaped", () => {
    expect(load(file(Buffer.from([0x31, 0x0a, 0x32, 0x00, 0x33, 0x0a]))).error).toMatch(/:2: '2\\u00003' is not a number$/);
    expect(load(file(Buffer.from([0xff, 0xfe, 0x80, 0x0a]))).error).toMatch(/:1: '\uFFFD+' is not a number$/);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const r = load(file(bytes));
        expect(r.error === null || r.error.length < 400).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("huge or malformed numbers are refused as out of range or not numbers", () => {
    const row = (first: string, last: string) => `${first},${"1,".repeat(2999)}${last}\n`;
    expect(load(file(row("1e400", "1"))).error).toMatch(/:1: '1e400' is not a whole number \(the program reads sint here\)$/);
    expect(load(file(row("9".repeat(300), "1"))).error).toMatch(/:1: a value is outside the range of sint$/);
    expect(load(file(row("1", "1e400"))).error).toMatch(/:1: a value is outside the range of sfix$/);
    expect(load(file(row("1", "-1e308"))).error).toMatch(/:1: a value is outside the range of sfix$/);
    expect(load(file(row("1", "0x10"))).error).toMatch(/:1: '0x10' is not a number$/);
    expect(load(file(row("1", "1"))).error).toBeNull();
  });

  it("a directory, a missing file, or a device that never ends are refused", () => {
    expect(load(dir).error).toBe(`the input file ${dir} is a directory`);
    expect(load(join(dir, "nope.csv")).error).toBe(`the input file ${join(dir, "nope.csv")} does not exist`);
    const zeros = load("/dev/zero");
    expect(zeros.error).toMatch(/^\/dev\/zero:1: '(\\u0000){40}…' is not a number \(more than 400 characters/);
    expect(zeros.bytesRead).toBeLessThanOrEqual(1 << 16);
  });
});

describe("the tokenizer", () => {
  const csvText = fc.stringMatching(/^[0-9 ,;#\n\r.e+\-a\t]{0,200}$/);

  function pieces(text: string, cuts: number[]): Token[] | string {
    const tokens: Token[] = [];
    try {
      const t = new InputTokenizer("f", (x) => void tokens.push(x));
      let at = 0;
      for (const cut of [...cuts.map((c) => c % (text.length + 1))].sort((a, b) => a - b)) {
        t.feed(text.slice(at, cut));
        at = cut;
      }
      t.feed(text.slice(at));
      t.end();
      return tokens;
    } catch (e) {
      return (e as Error).message;
    }
  }

  it("finds the same values and errors however the text is cut into pieces", () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        let whole: Token[] | string;
        try {
          whole = tokenizeInput(text, "f");
        } catch (e) {
          whole = (e as Error).message;
        }
        expect(pieces(text, cuts)).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  it("reads commas, semicolons, white space, comments and CRLF lines", () => {
    expect(tokenizeInput("1, 2;3\t4\r\n# five\n\n  6 # 7\n-8.5e1", "f")).toEqual([
      { text: "1", line: 1 },
      { text: "2", line: 1 },
      { text: "3", line: 1 },
      { text: "4", line: 1 },
      { text: "6", line: 4 },
      { text: "-8.5e1", line: 5 },
    ]);
  });
});
