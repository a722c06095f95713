import { describe, expect, it } from "vitest";
import { compileErrors } from "../helpers.js";

describe("parse errors", () => {
  it("are reported as file:line:col with the source line and a caret", () => {
    const errors = compileErrors("x = 1\ny = (2 + * 3)\n", {}, "prog.mpc");
    expect(errors).toEqual([["prog.mpc:2:10: error MPC0201: expected an expression but found '*'", "   2 | y = (2 + * 3)", "                ^"].join("\n")]);
  });

  it("name the bracket that was never closed", () => {
    const [error] = compileErrors("total = sum(x\noutput(total)\n", {}, "prog.mpc");
    expect(error!.split("\n")[0]).toBe("prog.mpc:2:1: error MPC0202: expected ')' to close '(' at line 1, but found 'output'");
  });

  it("say what was expected after a block header", () => {
    const [error] = compileErrors("for i in range(3)\n    x = i\n", {}, "prog.mpc");
    expect(error!.split("\n")[0]).toBe("prog.mpc:1:18: error MPC0201: expected ':' but found the end of the line");
  });

  it("report unexpected indentation", () => {
    const [error] = compileErrors("x = 1\n    y = 2\n", {}, "prog.mpc");
    expect(error!.split("\n")[0]).toBe("prog.mpc:2:1: error MPC0203: unexpected indentation");
  });

  it("report every broken statement, not just the first", () => {
    const errors = compileErrors("a = (1\nb = 2\nc = 3 +\nd = 4\ne = ]\n", {}, "prog.mpc");
    expect(errors.map((e) => e.split(":").slice(0, 3).join(":"))).toEqual(["prog.mpc:2:1"]);
    const separate = compileErrors("a = 1 +\nb = 2\nc = * 3\nd = 4\nfor x in y\n    pass\n", {}, "prog.mpc");
    expect(separate.map((e) => e.split(" error")[0])).toEqual(["prog.mpc:1:8:", "prog.mpc:3:5:", "prog.mpc:5:11:"]);
  });

  it("refuse a missing comma between arguments", () => {
    const [error] = compileErrors("x = sum(a b)\n", {}, "prog.mpc");
    expect(error!.split("\n")[0]).toBe("prog.mpc:1:11: error MPC0202: expected ')' to close '(' at line 1, but found 'b'");
  });

  it("refuse assignment to something that is not a name", () => {
    const [error] = compileErrors("f(x) = 3\n", {}, "prog.mpc");
    expect(error!.split("\n")[0]).toBe("prog.mpc:1:1: error MPC0204: cannot assign to a function call");
  });
});
