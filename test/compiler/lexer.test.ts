import { describe, expect, it } from "vitest";
import { sourceFile } from "../../compiler/diagnostics/source.js";
import { tokenize } from "../../compiler/syntax/lexer.js";

/** The token stream as `name@line:col` (and the image for names and numbers), one string. */
function stream(text: string): string {
  const { tokens } = tokenize(sourceFile("t.mpc", text));
  return tokens
    .map((t) => {
      const name = t.tokenType.name;
      const image = ["Identifier", "IntegerLiteral", "FloatLiteral"].includes(name) ? `(${t.image})` : "";
      return `${name}${image}@${t.startLine}:${t.startColumn}`;
    })
    .join(" ");
}

describe("lexer: layout", () => {
  it("brackets nested blocks with INDENT and DEDENT tokens at real positions", () => {
    const text = ["for i in x:", "    if a:", "        b = 1", "    c = 2", "d = 3", ""].join("\n");
    expect(stream(text)).toBe(
      [
        "For@1:1 Identifier(i)@1:5 In@1:7 Identifier(x)@1:10 Colon@1:11 Newline@1:12",
        "Indent@2:1 If@2:5 Identifier(a)@2:8 Colon@2:9 Newline@2:10",
        "Indent@3:1 Identifier(b)@3:9 Assign@3:11 IntegerLiteral(1)@3:13 Newline@3:14",
        "Dedent@4:5 Identifier(c)@4:5 Assign@4:7 IntegerLiteral(2)@4:9 Newline@4:10",
        "Dedent@5:1 Identifier(d)@5:1 Assign@5:3 IntegerLiteral(3)@5:5 Newline@5:6",
      ].join(" "),
    );
  });

  it("closes every open block at the end of the file, at the end position", () => {
    const text = "if a:\n    if b:\n        c = 1";
    const tail = stream(text).split(" ").slice(-3).join(" ");
    expect(tail).toBe("Newline@3:14 Dedent@3:14 Dedent@3:14");
  });

  it("ignores newlines and indentation inside brackets", () => {
    const text = "x = f(a,\n      b,\n  c)\ny = [1,\n2]\n";
    expect(stream(text)).toBe(
      "Identifier(x)@1:1 Assign@1:3 Identifier(f)@1:5 LParen@1:6 Identifier(a)@1:7 Comma@1:8 " +
        "Identifier(b)@2:7 Comma@2:8 Identifier(c)@3:3 RParen@3:4 Newline@3:5 " +
        "Identifier(y)@4:1 Assign@4:3 LBracket@4:5 IntegerLiteral(1)@4:6 Comma@4:7 IntegerLiteral(2)@5:1 RBracket@5:2 Newline@5:3",
    );
  });

  it("ignores blank, whitespace-only and comment-only lines when measuring indentation", () => {
    const text = "if a:\n\n    b = 1\n   \n# note\n        # indented note\n    c = 2\n";
    expect(stream(text)).not.toContain("Dedent@4");
    expect(stream(text).match(/Indent/g)).toHaveLength(1);
    expect(stream(text)).toContain("Identifier(c)@7:5");
  });

  it("counts a tab as reaching the next multiple of eight columns", () => {
    const text = "if a:\n\tb = 1\n        c = 2\n";
    const { diagnostics } = tokenize(sourceFile("t.mpc", text));
    expect(diagnostics).toEqual([]);
    expect(stream(text).match(/Indent/g)).toHaveLength(1);
  });

  it("flags a dedent to a column no enclosing block has", () => {
    const text = "if a:\n        b = 1\n    c = 2\n";
    const { diagnostics } = tokenize(sourceFile("t.mpc", text));
    expect(diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`)).toEqual(["MPC0102 3:1"]);
  });

  it("joins lines ending in a backslash", () => {
    expect(stream("x = 1 + \\\n    2\n")).toBe("Identifier(x)@1:1 Assign@1:3 IntegerLiteral(1)@1:5 Plus@1:7 IntegerLiteral(2)@2:5 Newline@2:6");
  });

  it("tells keywords from names that start with them", () => {
    expect(stream("assert ask and android in input\n")).toBe(
      "Assert@1:1 Identifier(ask)@1:8 And@1:12 Identifier(android)@1:16 In@1:24 Identifier(input)@1:27 Newline@1:32",
    );
  });

  it("reports an unexpected character with its position", () => {
    const { diagnostics } = tokenize(sourceFile("t.mpc", "x = 1 $ 2\n"));
    expect(diagnostics.map((d) => `${d.code} ${d.message} ${d.span?.line}:${d.span?.col}`)).toEqual(["MPC0101 unexpected character '$' 1:7"]);
  });
});
