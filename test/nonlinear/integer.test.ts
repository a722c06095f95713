import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { big, floorDiv, MAX64, MIN64, programRunner, wrap } from "./run-program.js";

const N = 12;
const edges = [0n, 1n, -1n, 2n, -2n, 1n << 62n, -(1n << 62n), MIN64, MAX64, 1000n, -1000n, 7n];
const int64 = fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: MIN64, max: MAX64 }));
const pairs = fc.array(fc.tuple(int64, int64), { minLength: N, maxLength: N });
const RUNS = { numRuns: 6 };

describe("comparisons of sint, exact over the whole 64-bit range", () => {
  const { run } = programRunner(`
x = input(sint[${N}], party=0)
y = input(sint[${N}], party=1)
output(x < y, name="lt")
output(x <= y, name="le")
output(x > y, name="gt")
output(x >= y, name="ge")
output(x == y, name="eq")
output(x != y, name="ne")
output(min(x, y), name="min")
output(max(x, y), name="max")
output(x if x < y else y, name="select")
`);
  it("match their cleartext meaning on random values and edges, equal operands included", async () => {
    await fc.assert(
      fc.asyncProperty(pairs, async (p) => {
        p[0] = [p[0]![0], p[0]![0]]; // equal operands
        const x = p.map(([a]) => a);
        const y = p.map(([, b]) => b);
        const out = await run([x, y, []]);
        expect(out.lt).toEqual(x.map((a, i) => a < y[i]!));
        expect(out.le).toEqual(x.map((a, i) => a <= y[i]!));
        expect(out.gt).toEqual(x.map((a, i) => a > y[i]!));
        expect(out.ge).toEqual(x.map((a, i) => a >= y[i]!));
        expect(out.eq).toEqual(x.map((a, i) => a === y[i]!));
        expect(out.ne).toEqual(x.map((a, i) => a !== y[i]!));
        expect((out.min as never[]).map(big)).toEqual(x.map((a, i) => (a < y[i]! ? a : y[i]!)));
        expect((out.max as never[]).map(big)).toEqual(x.map((a, i) => (a > y[i]! ? a : y[i]!)));
        expect((out.select as never[]).map(big)).toEqual(x.map((a, i) => (a < y[i]! ? a : y[i]!)));
      }),
      RUNS,
    );
  });
});

describe("comparisons and bits of sint in the 128-bit ring", () => {
  const MIN128 = -(1n << 127n);
  const MAX128 = (1n << 127n) - 1n;
  const int128 = fc.oneof(fc.constantFrom(0n, -1n, 1n, MIN128, MAX128, MIN64, MAX64), fc.bigInt({ min: MIN128, max: MAX128 }));
  const { run } = programRunner(
    `
x = input(sint[${N}], party=0)
y = input(sint[${N}], party=1)
output(x < y, name="lt")
output(x == y, name="eq")
output(from_bits(bits(x)) == x, name="roundtrip")
`,
    { ringBits: 128 },
  );
  it("match their cleartext meaning over the whole range", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(int128, int128), { minLength: N, maxLength: N }), async (p) => {
        p[0] = [p[0]![0], p[0]![0]];
        const x = p.map(([a]) => a);
        const y = p.map(([, b]) => b);
        const out = await run([x, y, []]);
        expect(out.lt).toEqual(x.map((a, i) => a < y[i]!));
        expect(out.eq).toEqual(x.map((a, i) => a === y[i]!));
        expect(out.roundtrip).toEqual(x.map(() => true));
      }),
      { numRuns: 3 },
    );
  });
});

describe("abs, sign, shifts, bits of sint", () => {
  const { run } = programRunner(`
x = input(sint[${N}], party=0)
output(abs(x), name="abs")
output(sign(x), name="sign")
output(x << 3, name="shl")
output(x >> 5, name="shr")
output(from_bits(bits(x)), name="roundtrip")
output(bits(x[0]), name="bits0")
`);
  it("match their cleartext meaning (abs of -2^63 wraps to itself; >> floors; |x| < 2^61 for >>)", async () => {
    const inRange = fc.oneof(fc.constantFrom(0n, 1n, -1n, (1n << 61n) - 1n, -(1n << 61n), 31n, -33n), fc.bigInt({ min: -(1n << 61n), max: (1n << 61n) - 1n }));
    await fc.assert(
      fc.asyncProperty(fc.array(inRange, { minLength: N, maxLength: N }), async (x) => {
        const out = await run([x, [], []]);
        expect((out.abs as never[]).map(big)).toEqual(x.map((a) => wrap(a < 0n ? -a : a)));
        expect(out.sign).toEqual(x.map((a) => (a > 0n ? 1 : a < 0n ? -1 : 0)));
        expect((out.shl as never[]).map(big)).toEqual(x.map((a) => wrap(a << 3n)));
        expect((out.shr as never[]).map(big)).toEqual(x.map((a) => a >> 5n));
        expect((out.roundtrip as never[]).map(big)).toEqual(x);
        expect(out.bits0).toEqual(Array.from({ length: 64 }, (_, i) => ((BigInt.asUintN(64, x[0]!) >> BigInt(i)) & 1n) === 1n));
      }),
      RUNS,
    );
  });

  it("keep full-range edges for abs, sign and bits", async () => {
    const x = [MIN64, MAX64, 0n, -1n, 1n << 62n, -(1n << 62n), 1n, 2n, 3n, 4n, 5n, 6n];
    const out = await run([x, [], []]);
    expect((out.abs as never[]).map(big)).toEqual(x.map((a) => wrap(a < 0n ? -a : a)));
    expect(out.sign).toEqual(x.map((a) => (a > 0n ? 1 : a < 0n ? -1 : 0)));
    expect((out.roundtrip as never[]).map(big)).toEqual(x);
  });
});

describe("integer division and modulo", () => {
  const { run } = programRunner(`
x = input(sint[${N}], party=0)
d = input(sint[${N}], party=1)
output(x // 7, name="div7")
output(x % 7, name="mod7")
output(x // 4096, name="div4096")
output(x // 1000003, name="divprime")
output(x // d, name="div")
output(x % d, name="mod")
`);
  it("by public numbers are exact (Python's flooring) for |x| < 2^61; by secrets for |x|, |d| < 2^31", async () => {
    const dividend = fc.oneof(
      fc.constantFrom(0n, 1n, -1n, 6n, 7n, -7n, -8n, (1n << 31n) - 1n, -(1n << 31n) + 1n),
      fc.bigInt({ min: -(1n << 31n) + 1n, max: (1n << 31n) - 1n }),
    );
    const divisor = fc.oneof(
      fc.constantFrom(1n, -1n, 7n, -7n, (1n << 31n) - 1n),
      fc.bigInt({ min: -(1n << 31n) + 1n, max: (1n << 31n) - 1n }).filter((v) => v !== 0n),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(dividend, divisor), { minLength: N, maxLength: N }), async (p) => {
        const x = p.map(([a]) => a);
        const d = p.map(([, b]) => b);
        const out = await run([x, d, []]);
        expect((out.div7 as never[]).map(big)).toEqual(x.map((a) => floorDiv(a, 7n)));
        expect((out.mod7 as never[]).map(big)).toEqual(x.map((a) => a - floorDiv(a, 7n) * 7n));
        expect((out.div4096 as never[]).map(big)).toEqual(x.map((a) => floorDiv(a, 4096n)));
        expect((out.divprime as never[]).map(big)).toEqual(x.map((a) => floorDiv(a, 1000003n)));
        expect((out.div as never[]).map(big)).toEqual(x.map((a, i) => floorDiv(a, d[i]!)));
        expect((out.mod as never[]).map(big)).toEqual(x.map((a, i) => a - floorDiv(a, d[i]!) * d[i]!));
      }),
      { numRuns: 3 },
    );
  });

  it("by public numbers stay exact up to |x| < 2^61", async () => {
    const big61 = (1n << 61n) - 1n;
    const x = [big61, -big61 - 1n, big61 - 6n, -(1n << 60n) - 3n, 123456789012345678n, -987654321098765432n, 0n, -1n, 1n, 4095n, 4096n, -4097n];
    const out = await run([x, x.map(() => 1n), []]);
    expect((out.div7 as never[]).map(big)).toEqual(x.map((a) => floorDiv(a, 7n)));
    expect((out.div4096 as never[]).map(big)).toEqual(x.map((a) => floorDiv(a, 4096n)));
    expect((out.divprime as never[]).map(big)).toEqual(x.map((a) => floorDiv(a, 1000003n)));
  });
});
