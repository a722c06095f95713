// Every message the compiler can give a user, in one table: a stable code and a formatter.
// Codes are grouped: 01xx lexing, 02xx parsing, 03xx names and modules, 04xx types, 05xx secrecy,
// 06xx limits, 07xx value ranges.

export const messages = {
  // lexing
  unexpectedCharacter: { code: 101, format: (p: { char: string }) => `unexpected character '${p.char}'` },
  inconsistentDedent: { code: 102, format: () => "this line's indentation does not match any enclosing block" },
  unclosedBracket: { code: 103, format: (p: { open: string; line: number }) => `'${p.open}' opened at line ${p.line} is never closed` },
  unmatchedClosing: { code: 104, format: (p: { close: string }) => `'${p.close}' has no matching opening bracket` },
  badNumber: { code: 105, format: (p: { text: string }) => `'${p.text}' is not a valid number` },
  tooDeep: { code: 106, format: (p: { limit: number }) => `blocks and brackets nest more than ${p.limit} deep here` },

  // parsing
  expectedToken: { code: 201, format: (p: { expected: string; found: string }) => `expected ${p.expected} but found ${p.found}` },
  expectedClosing: {
    code: 202,
    format: (p: { close: string; open: string; line: number; found: string }) =>
      `expected '${p.close}' to close '${p.open}' at line ${p.line}, but found ${p.found}`,
  },
  unexpectedToken: { code: 203, format: (p: { found: string }) => `unexpected ${p.found}` },
  badAssignTarget: { code: 204, format: (p: { what: string }) => `cannot assign to ${p.what}` },
  missingExpression: { code: 205, format: () => "expected an expression here" },
  tooManyErrors: { code: 299, format: (p: { limit: number }) => `too many errors; stopped after ${p.limit}` },

  // names, modules, definitions
  undefinedName: { code: 301, format: (p: { name: string }) => `'${p.name}' is not defined` },
  unknownDefine: {
    code: 302,
    format: (p: { name: string }) => `-D ${p.name}: the program has no module-level constant '${p.name}' to override`,
  },
  badDefineValue: {
    code: 303,
    format: (p: { name: string; value: string }) => `-D ${p.name}=${p.value}: the value must be a number, True, False or a quoted string`,
  },
  unsupported: { code: 304, format: (p: { what: string }) => `${p.what} is not supported yet` },
  badCall: { code: 305, format: (p: { detail: string }) => p.detail },

  // types and values
  typeMismatch: { code: 401, format: (p: { detail: string }) => p.detail },
  badOperands: {
    code: 402,
    format: (p: { op: string; left: string; right: string }) => `'${p.op}' cannot combine ${p.left} and ${p.right}`,
  },
  badOperand: { code: 403, format: (p: { op: string; operand: string }) => `'${p.op}' cannot be applied to ${p.operand}` },
  shapeMismatch: { code: 404, format: (p: { op: string; left: string; right: string }) => `'${p.op}' needs equal shapes, but got ${p.left} and ${p.right}` },
  notCompileTime: { code: 405, format: (p: { what: string; value: string }) => `${p.what} must be known at compile time, but this is ${p.value}` },
  badValue: { code: 406, format: (p: { detail: string }) => p.detail },
  divisionByZero: { code: 407, format: () => "division by zero" },
  badInputType: { code: 408, format: (p: { got: string }) => `input() needs a secret type such as sfix, sint or sfix[N], but got ${p.got}` },
  badParty: {
    code: 409,
    format: (p: { party: string; parties: number }) => `party ${p.party} does not exist: the program runs with ${p.parties} parties (0 to ${p.parties - 1})`,
  },

  protocol: { code: 410, format: (p: { problem: string }) => p.problem },

  // secrecy
  secretNotAllowed: { code: 501, format: (p: { what: string; why: string }) => `${p.what} is secret: ${p.why}` },

  // ranges
  outOfRange: {
    code: 701,
    format: (p: { what: string; bits: number; ring: number; limit: number }) =>
      `${p.what} can need ${p.bits} bits, more than the ${p.ring}-bit ring allows here (${p.limit})`,
  },
  outsideBounds: { code: 702, format: (p: { detail: string }) => p.detail },

  // limits
  tooLarge: { code: 601, format: (p: { what: string; limit: string }) => `${p.what} exceeds the limit of ${p.limit}` },
} as const;

export type MessageName = keyof typeof messages;
type FormatArgs<K extends MessageName> = Parameters<(typeof messages)[K]["format"]>;
export type MessageParams<K extends MessageName> = FormatArgs<K> extends [] ? Record<string, never> : FormatArgs<K>[0];

export function codeOf(name: MessageName): string {
  return `MPC${String(messages[name].code).padStart(4, "0")}`;
}
