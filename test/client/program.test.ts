// The program side of clients: input(..., client=) and output(..., to_client=) in the compiler,
// the header's clients list, the validator, and a secure run with clients simulated in-process.

import { unpack } from "msgpackr";
import { describe, expect, it } from "vitest";
import { decodeProgram, encodeProgram } from "../../vm/bytecode/codec.js";
import { disassemble } from "../../vm/bytecode/disasm.js";
import { encodeInstructions } from "../../vm/bytecode/instructions.js";
import { clientOutputsOf, withClientShares } from "../../vm/clients.js";
import { ringOf } from "../../vm/domain/ring.js";
import type { Vec } from "../../vm/domain/ring64.js";
import { encodeClientInputs, tokenizeInput } from "../../vm/machine/inputs.js";
import { decodeOutputs } from "../../vm/machine/outputs.js";
import { emulate } from "../../vm/machine/party.js";
import { compile, compileErrors, encodeInputs, runInMemory } from "../helpers.js";
import { analyse, buildReport } from "../../compiler/report/report.js";
import { reportText } from "../../compiler/report/text.js";

const SALARIES = `N = 4
a = input(sfix[N], client="company_a", bounds=(0, 1000000))
b = input(sfix[N], client="company_b", bounds=(0, 1000000))
bonus = input(sint, party=1)
total = sum(a) + sum(b)
output(total / (2 * N), name="average", to_client="analyst")
output(a + bonus, name="raised", to_client="company_a")
output(bonus * 2, name="double")
`;

function clientValues(loaded: ReturnType<typeof compile>, files: Record<string, number[]>): Map<number, Vec> {
  const out = new Map<number, Vec>();
  for (const [client, values] of Object.entries(files)) {
    for (const [i, v] of encodeClientInputs(loaded.program, client, tokenizeInput(values.join(","), `${client}.csv`), `${client}.csv`)) out.set(i, v);
  }
  return out;
}

describe("clients in the program", () => {
  const loaded = compile(SALARIES, { parties: 3 }, "salaries.mpc");

  it("lists each client in the header with what it provides and receives", () => {
    const { program } = loaded;
    expect(program.clients).toEqual([
      { name: "company_a", inputs: [0], outputs: [1] },
      { name: "company_b", inputs: [1], outputs: [] },
      { name: "analyst", inputs: [], outputs: [0] },
    ]);
    expect(program.inputs.map((i) => [i.party, i.client])).toEqual([
      [-1, "company_a"],
      [-1, "company_b"],
      [1, undefined],
    ]);
    expect(program.outputs.map((o) => [o.to, o.client])).toEqual([
      [-2, "analyst"],
      [-2, "company_a"],
      [-1, undefined],
    ]);
    const text = disassemble(loaded);
    expect(text).toContain("; input#0: client company_a, sfix[4] (line 2)");
    expect(text).toContain('; output#0 "average": sfix to client analyst');
    expect(text).toContain("; client company_a: provides input#0; receives output#1");
    expect(text).toContain("; client analyst: provides nothing; receives output#0");
    expect(text).toMatch(/CINPUT +s\d+\[4\], input#0/);
    expect(text).toMatch(/RERAND +s\d+\[1\]/);
    expect(text).toMatch(/COUTPUT +s\d+\[1\], output#0/);
  });

  it("leaves the header of a program without clients as it was (no clients field, the same hash)", () => {
    const plain = compile('x = input(sint, party=0)\noutput(x + 1, name="y", to=1)\n');
    const outer = unpack(encodeProgram(plain.program).bytes) as { body: Uint8Array };
    const body = unpack(outer.body) as Record<string, unknown>;
    expect("clients" in body).toBe(false);
    expect((body.inputs as object[])[0]).toEqual({ party: 0, len: 1, type: "sint", line: 1, bounds: null });
    expect(plain.program.clients).toEqual([]);
  });

  it("reports client= and to_client= mistakes at the call", () => {
    const errors = (src: string) => compileErrors(src).join("\n");
    expect(errors('x = input(sint, party=0, client="a")\n')).toMatch(
      /test\.mpc:1:\d+: error MPC0305: input\(\) takes its values from a party or from a client, not both/,
    );
    expect(errors("x = input(sint)\n")).toMatch(
      /input\(\) needs the party or the client that provides it: input\(sfix\[N\], party=0\) or input\(sfix\[N\], client="hospital_a"\)/,
    );
    expect(errors('x = input(sint, client="no spaces")\n')).toMatch(/client= must name a client as a string of letters, digits/);
    expect(errors("x = input(sint, client=3)\n")).toMatch(/client= must name a client/);
    expect(errors('x = input(sint, party=0)\noutput(x, to=1, to_client="b")\n')).toMatch(
      /test\.mpc:2:\d+: error MPC0305: output\(\) goes to a party \(to=\) or to a client \(to_client=\), not both/,
    );
    expect(errors('x = input(sint, party=0)\noutput(x, client="b")\n')).toMatch(/output\(\) has no argument 'client' \(it takes: name, to, to_client\)/);
  });

  it("refuses bytecode that reads a client's input as a party's, or names clients its inputs do not", () => {
    const code = loaded.instructions.map((ins) => (ins.op === "CINPUT" ? { ...ins, op: "INPUT" as const } : ins));
    const swapped = { ...loaded.program, ...encodeInstructions(code) };
    expect(() => decodeProgram(encodeProgram(swapped).bytes)).toThrow(/input 0 is a client's, so INPUT cannot read it/);
    const wrongList = { ...loaded.program, clients: loaded.program.clients.slice(1) };
    expect(() => decodeProgram(encodeProgram(wrongList).bytes)).toThrow(/the header's clients do not match the clients its inputs and outputs name/);
  });

  it("runs securely with the clients' shares: the analyst's sum of shares is the emulator's average; no party holds it", async () => {
    const files = { company_a: [1000, 2000.5, 3000, 4000], company_b: [5000, 6000, 7000, 8000.25] };
    const clients = clientValues(loaded, files);
    const parties = encodeInputs(loaded, [[], [7], []]);
    const results = await runInMemory(loaded, withClientShares(loaded, parties, clients));
    const all = new Map<number, Vec>([...clients, ...parties[1]!]);
    const clear = decodeOutputs(loaded.program, await emulate(loaded, all, () => {}));
    expect(clear).toEqual({ average: 4500.09375, raised: [1007, 2007.5, 3007, 4007], double: 14 });
    const forClients = decodeOutputs(
      loaded.program,
      clientOutputsOf(
        loaded,
        results.map((r) => r.clientOutputs),
      ),
    );
    expect(forClients).toEqual({ average: clear.average, raised: clear.raised });
    for (const r of results) {
      expect(decodeOutputs(loaded.program, r.outputs)).toEqual({ double: 14 });
      expect([...r.clientOutputs.keys()]).toEqual([0, 1]);
    }
  });

  it("gives a client fresh shares, not those the parties computed with", async () => {
    const echo = compile('x = input(sint[8], client="c")\noutput(x, name="x", to_client="c")\n', { parties: 3 });
    const values = clientValues(echo, { c: [1, 2, 3, 4, 5, 6, 7, 8] });
    const inputs = withClientShares(echo, [], values);
    const results = await runInMemory(echo, inputs);
    const ring = ringOf(echo.program.domain);
    results.forEach((r, p) => {
      const returned = r.clientOutputs.get(0)!;
      const received = inputs[p]!.get(0)!;
      for (let i = 0; i < 8; i++) expect(ring.get(returned, i)).not.toBe(ring.get(received, i));
    });
    expect(
      decodeOutputs(
        echo.program,
        clientOutputsOf(
          echo,
          results.map((r) => r.clientOutputs),
        ),
      ),
    ).toEqual({ x: [1, 2, 3, 4, 5, 6, 7, 8] });
  });

  it("survives the optimiser: two re-randomisations of one value stay two, an unused client input stays", () => {
    const twice = compile('x = input(sint, party=0)\ny = x * x\noutput(y, name="a", to_client="c1")\noutput(y, name="b", to_client="c2")\n', { parties: 3 });
    expect(twice.instructions.filter((i) => i.op === "RERAND")).toHaveLength(2);
    const unused = compile('a = input(sint[2], client="c")\nb = input(sint, party=0)\noutput(b, name="b")\n', { parties: 2 });
    expect(unused.instructions.filter((i) => i.op === "CINPUT")).toHaveLength(1);
  });

  it("lists what each client learns in the report's disclosures", () => {
    const text = reportText(buildReport(analyse(loaded)));
    expect(text).toMatch(/line 6 +output "average" +sfix +to client analyst only/);
    expect(text).toMatch(/line 7 +output "raised" +sfix\[4\] +to client company_a only/);
    expect(text).toMatch(/line 8 +output "double" +sint +to every party/);
  });
});
