import { describe, expect, it } from "vitest";
import { preprocessingNeeds } from "../../../vm/bytecode/analysis.js";
import { decodeProgram, encodeProgram } from "../../../vm/bytecode/codec.js";
import { MAX_CLIENTS, MAX_FRAC_BITS, MAX_LOOP_BOUND, MAX_NESTING, MAX_PARTIES, MAX_REGISTER_LENGTH, MAX_WIDTH } from "../../../vm/bytecode/limits.js";
import { REGISTER_KIND, type InputSpec, type Instruction, type Program } from "../../../vm/bytecode/program.js";
import { validateProgram } from "../../../vm/bytecode/validate.js";
import { ISA, LENGTH_RULES, OP_NAMES, OPERANDS, type LengthRule, type OperandKind, type OpName } from "../../../vm/isa.js";
import { readClientProgram } from "../../../client/program.js";

const { clear: C, secret: S, clearBits: CB, secretBits: SB } = REGISTER_KIND;

/** A register: its kind, length and (for bits) width. */
type Reg = readonly [kind: number, len: number, width?: number];

interface Made {
  readonly program: Program;
  readonly instructions: Instruction[];
}

/** A program of the given registers and instructions, with the preprocessing its instructions need. */
function make(registers: readonly Reg[], code: ReadonlyArray<readonly [OpName, ...number[]]>, extra: Partial<Program> = {}): Made {
  const instructions = code.map(([op, ...operands]) => ({ op, operands, line: 1 }));
  const base: Program = {
    domain: "Z2^64",
    parties: 2,
    protocol: { name: "additive", threshold: 1 },
    fracBits: 16,
    source: "test.mpc",
    inputs: [],
    outputs: [],
    reveals: [],
    clients: [],
    preprocessing: [],
    registerKind: Uint8Array.from(registers.map((r) => r[0])),
    registerLength: Uint32Array.from(registers.map((r) => r[1])),
    registerWidth: Uint16Array.from(registers.map((r) => r[2] ?? 0)),
    constants: [BigUint64Array.of(1n), BigUint64Array.of(0n, 1n, 2n), BigUint64Array.of(1n << 61n), BigUint64Array.of(0n, 1n)],
    strings: ["a message"],
    code: new Int32Array(0),
    lines: new Uint32Array(0),
    ...extra,
  };
  let preprocessing = base.preprocessing;
  try {
    preprocessing = preprocessingNeeds(base, instructions);
  } catch {
    // Nesting the analysis refuses: the validator is to say so.
  }
  return { program: { ...base, preprocessing }, instructions };
}

function refusal({ program, instructions }: Made): string | null {
  try {
    validateProgram(program, instructions);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

const input = (len: number, party = 0): InputSpec => ({ party, len, type: "sint", line: 1, bounds: null });

/** One instruction breaking the length rule of its opcode, and the words of its refusal. */
const BROKEN: ReadonlyArray<{ op: OpName; made: Made; says: string }> = [
  {
    op: "ADDC",
    made: make(
      [
        [C, 3],
        [C, 2],
        [C, 3],
      ],
      [
        ["LDC", 0, 0],
        ["LDC", 1, 0],
        ["ADDC", 2, 0, 1],
      ],
    ),
    says: "differ in length or width",
  },
  {
    op: "SUMC",
    made: make(
      [
        [C, 4],
        [C, 1],
      ],
      [
        ["LDC", 0, 0],
        ["SUMC", 1, 0, 3],
      ],
    ),
    says: "do not make 1 groups of 3",
  },
  {
    op: "GATHERC",
    made: make(
      [
        [C, 2],
        [C, 3],
      ],
      [
        ["LDC", 0, 0],
        ["GATHERC", 1, 0, 1],
      ],
    ),
    says: "an index is out of range",
  },
  {
    op: "BGATHER",
    made: make(
      [
        [S, 1],
        [SB, 1, 64],
        [SB, 1, 63],
        [SB, 3, 64],
      ],
      [
        ["EDABIT", 0, 1, 2],
        ["BGATHER", 3, 1, 1],
      ],
    ),
    says: "an index is out of range",
  },
  {
    op: "SLICEC",
    made: make(
      [
        [C, 3],
        [C, 2],
      ],
      [
        ["LDC", 0, 0],
        ["SLICEC", 1, 0, 1, 2],
      ],
    ),
    says: "the slice runs past the source",
  },
  {
    op: "CONCATC",
    made: make(
      [
        [C, 2],
        [C, 3],
        [C, 4],
      ],
      [
        ["LDC", 0, 0],
        ["LDC", 1, 0],
        ["CONCATC", 2, 0, 1],
      ],
    ),
    says: "not the sum of the parts'",
  },
  { op: "LDC", made: make([[C, 2]], [["LDC", 0, 1]]), says: "constant 1 has 3 values for a register of 2" },
  { op: "INPUT", made: make([[S, 2]], [["INPUT", 0, 0]], { inputs: [input(3)] }), says: "differs from the input's" },
  {
    op: "EDABIT",
    made: make(
      [
        [S, 1],
        [SB, 1, 63],
        [SB, 1, 62],
      ],
      [["EDABIT", 0, 1, 2]],
    ),
    says: "as wide as the ring",
  },
  {
    op: "BMULS",
    made: make(
      [
        [S, 1],
        [SB, 1, 64],
        [SB, 1, 63],
        [S, 1],
      ],
      [
        ["EDABIT", 0, 1, 2],
        ["BMULS", 3, 1, 0],
      ],
    ),
    says: "one bit per element",
  },
  {
    op: "BSLICE",
    made: make(
      [
        [S, 1],
        [SB, 1, 64],
        [SB, 1, 63],
        [SB, 1, 2],
      ],
      [
        ["EDABIT", 0, 1, 2],
        ["BSLICE", 3, 1, 63, 1],
      ],
    ),
    says: "run past the source",
  },
  {
    op: "BCONCAT",
    made: make(
      [
        [S, 1],
        [SB, 1, 64],
        [SB, 1, 63],
        [SB, 1, 128],
      ],
      [
        ["EDABIT", 0, 1, 2],
        ["BCONCAT", 3, 1, 2],
      ],
    ),
    says: "the widths do not add up",
  },
  {
    op: "BITS",
    made: make(
      [
        [C, 1],
        [CB, 1, 65],
      ],
      [
        ["LDC", 0, 0],
        ["BITS", 1, 0],
      ],
    ),
    says: "a value has at most 64 bits",
  },
  {
    op: "B2A",
    made: make(
      [
        [S, 1],
        [SB, 1, 64],
        [SB, 1, 63],
        [S, 1],
      ],
      [
        ["EDABIT", 0, 1, 2],
        ["B2A", 3, 1],
      ],
    ),
    says: "one value per bit",
  },
];

describe("the validator's length rules, from the ISA table", () => {
  for (const { op, made, says } of BROKEN) {
    it(`refuses ${op} that breaks its rule '${ISA[op].lengths}'`, () => {
      expect(refusal(made)).toMatch(new RegExp(`^instruction \\d+ \\(${op}, line 1\\): .*${says}`));
    });
  }

  it("has a refusal above for every rule an opcode uses", () => {
    const used = new Set(OP_NAMES.map((op) => ISA[op].lengths));
    used.delete("none");
    expect(new Set(BROKEN.map((b) => ISA[b.op].lengths))).toEqual(used);
  });

  it("describes every rule and operand kind the table uses, for docs/bytecode.md", () => {
    for (const op of OP_NAMES) {
      expect(LENGTH_RULES[ISA[op].lengths as LengthRule]).toBeTruthy();
      for (const kind of ISA[op].operands) expect(OPERANDS[kind as OperandKind].meaning).toBeTruthy();
    }
  });

  it("accepts the same instructions when they keep their rules", () => {
    const fine = [
      make(
        [
          [C, 3],
          [C, 3],
          [C, 3],
        ],
        [
          ["LDC", 0, 0],
          ["LDC", 1, 0],
          ["ADDC", 2, 0, 1],
        ],
      ),
      make(
        [
          [C, 3],
          [C, 1],
        ],
        [
          ["LDC", 0, 0],
          ["SUMC", 1, 0, 3],
        ],
      ),
      make(
        [
          [S, 1],
          [SB, 1, 64],
          [SB, 1, 63],
          [SB, 2, 64],
        ],
        [
          ["EDABIT", 0, 1, 2],
          ["BGATHER", 3, 1, 3],
        ],
      ),
      make(
        [
          [S, 1],
          [SB, 1, 64],
          [SB, 1, 63],
          [SB, 1, 127],
        ],
        [
          ["EDABIT", 0, 1, 2],
          ["BCONCAT", 3, 1, 2],
        ],
      ),
      make(
        [
          [S, 1],
          [SB, 1, 64],
          [SB, 1, 63],
          [S, 64],
        ],
        [
          ["EDABIT", 0, 1, 2],
          ["B2A", 3, 1],
        ],
      ),
    ];
    for (const made of fine) expect(refusal(made)).toBeNull();
  });
});

describe("the validator's operand checks, by operand kind", () => {
  const cases: ReadonlyArray<{ kind: string; made: Made; says: string }> = [
    { kind: "a register of the wrong kind", made: make([[S, 1]], [["LDC", 0, 0]]), says: "register 0 should hold a clear value" },
    {
      kind: "a register read first",
      made: make(
        [
          [C, 1],
          [C, 1],
        ],
        [["MOVC", 1, 0]],
      ),
      says: "register 0 is read before it is written",
    },
    { kind: "k", made: make([[C, 1]], [["LDC", 0, 9]]), says: "constant 9 does not exist" },
    {
      kind: "div (zero)",
      made: make(
        [
          [C, 2],
          [C, 2],
        ],
        [
          ["LDC", 0, 0],
          ["DIVC", 1, 0, 3],
        ],
      ),
      says: "the divisor must be one value",
    },
    {
      kind: "div (2^61)",
      made: make(
        [
          [C, 1],
          [C, 1],
        ],
        [
          ["LDC", 0, 0],
          ["DIVC", 1, 0, 2],
        ],
      ),
      says: "from 1 to below 2^61",
    },
    { kind: "bound (0)", made: make([], [["LOOP", 0, 0], ["ENDLOOP"]]), says: "a loop bound of 0 is out of range" },
    { kind: "bound (too many)", made: make([], [["LOOP", MAX_LOOP_BOUND + 1, 0], ["ENDLOOP"]]), says: `1 to ${MAX_LOOP_BOUND}` },
    {
      kind: "fmt",
      made: make(
        [[C, 1]],
        [
          ["LDC", 0, 0],
          ["PRINTC", 0, 3],
        ],
      ),
      says: "3 is not a print format",
    },
    { kind: "str", made: make([], [["PRINTS", 1]]), says: "string 1 does not exist" },
    {
      kind: "party",
      made: make(
        [
          [S, 1],
          [C, 1],
        ],
        [
          ["RANDBIT", 0],
          ["OPEN", 1, 0, 2],
        ],
      ),
      says: "party 2 does not exist",
    },
    { kind: "input (a client's)", made: make([[S, 1]], [["INPUT", 0, 0]], clientInput()), says: "input 0 is a client's, so INPUT cannot read it" },
    { kind: "cinput (a party's)", made: make([[S, 1]], [["CINPUT", 0, 0]], { inputs: [input(1)] }), says: "input 0 is a party's, so CINPUT cannot read it" },
    {
      kind: "input (twice)",
      made: make(
        [
          [S, 1],
          [S, 1],
        ],
        [
          ["INPUT", 0, 0],
          ["INPUT", 1, 0],
        ],
        { inputs: [input(1)] },
      ),
      says: "input 0 is used twice",
    },
    {
      kind: "n",
      made: make(
        [
          [C, 1],
          [C, 1],
        ],
        [
          ["LDC", 0, 0],
          ["SUMC", 1, 0, -1],
        ],
      ),
      says: "the number -1 is negative",
    },
  ];
  for (const { kind, made, says } of cases) {
    it(`refuses ${kind}`, () => expect(refusal(made)).toContain(says));
  }

  it("accepts a loop bound at the limit and every print format", () => {
    expect(refusal(make([], [["LOOP", MAX_LOOP_BOUND, 0], ["ENDLOOP"]]))).toBeNull();
    for (const format of [0, 1, 2])
      expect(
        refusal(
          make(
            [[C, 1]],
            [
              ["LDC", 0, 0],
              ["PRINTC", 0, format],
            ],
          ),
        ),
      ).toBeNull();
  });
});

function clientInput(): Partial<Program> {
  return { inputs: [{ ...input(1, -1), client: "lab" }], clients: [{ name: "lab", inputs: [0], outputs: [] }] };
}

describe("the limits of vm/bytecode/limits.ts, in the validator and the header reader", () => {
  const empty = (extra: Partial<Program>): Made => make([], [], extra);

  it("refuses party counts outside 2 to MAX_PARTIES", () => {
    expect(refusal(empty({ parties: MAX_PARTIES }))).toBeNull();
    expect(refusal(empty({ parties: MAX_PARTIES + 1 }))).toBe(`the program is for ${MAX_PARTIES + 1} parties; 2 to ${MAX_PARTIES} are supported`);
    expect(refusal(empty({ parties: 1 }))).toContain("2 to");
  });

  it("refuses more fractional bits than MAX_FRAC_BITS", () => {
    expect(refusal(empty({ fracBits: MAX_FRAC_BITS }))).toBeNull();
    expect(refusal(empty({ fracBits: MAX_FRAC_BITS + 1 }))).toContain(`at most ${MAX_FRAC_BITS} are supported`);
  });

  it("refuses registers longer than MAX_REGISTER_LENGTH or wider than MAX_WIDTH", () => {
    expect(refusal(make([[C, MAX_REGISTER_LENGTH + 1]], []))).toContain(`registers hold 1 to ${MAX_REGISTER_LENGTH} elements`);
    expect(refusal(make([[SB, 1, MAX_WIDTH + 1]], []))).toContain(`bit registers have 1 to ${MAX_WIDTH} positions`);
    expect(refusal(make([[SB, 1, MAX_WIDTH]], []))).toBeNull();
  });

  it("refuses blocks nested deeper than MAX_NESTING", () => {
    const nested = (depth: number): Made =>
      make(
        [],
        Array.from({ length: 2 * depth }, (_, i): readonly [OpName, ...number[]] => (i < depth ? ["LOOP", 2, 0] : ["ENDLOOP"])),
      );
    expect(refusal(nested(MAX_NESTING))).toBeNull();
    expect(refusal(nested(MAX_NESTING + 1))).toBe(`instruction ${MAX_NESTING} (LOOP): blocks nest more than ${MAX_NESTING} deep`);
  });

  it("refuses more clients than MAX_CLIENTS", () => {
    const names = Array.from({ length: MAX_CLIENTS + 1 }, (_, i) => `c${i}`);
    const inputs = names.map((client) => ({ ...input(1, -1), client }));
    const made = make(
      names.map(() => [S, 1] as const),
      names.map((_, i) => ["CINPUT", i, i] as const),
      { inputs, clients: names.map((name, i) => ({ name, inputs: [i], outputs: [] })) },
    );
    expect(refusal(made)).toContain(`at most ${MAX_CLIENTS} are supported`);
  });

  it("refuses, in the VM's and the client's header readers, an input longer than a register can be", async () => {
    const made = make([[S, 2]], [["INPUT", 0, 0]], { inputs: [input(2)] });
    const bytes = encodeProgram({ ...made.program, inputs: [input(MAX_REGISTER_LENGTH + 1)] }).bytes;
    expect(() => decodeProgram(bytes)).toThrow(`inputs[0] has ${MAX_REGISTER_LENGTH + 1} elements; at most ${MAX_REGISTER_LENGTH} are supported`);
    await expect(readClientProgram(bytes)).rejects.toThrow(`at most ${MAX_REGISTER_LENGTH} are supported`);
    const many = encodeProgram({ ...made.program, inputs: [input(2)], parties: MAX_PARTIES + 1 }).bytes;
    await expect(readClientProgram(many)).rejects.toThrow(`2 to ${MAX_PARTIES} are supported`);
  });
});
