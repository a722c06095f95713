// What lowering shares between the evaluator and the builtins of one compilation: the IR under
// construction, the secret arithmetic, and the party count as it is being inferred.

import type { Span } from "../diagnostics/source.js";
import type { IrBuilder } from "../ir/builder.js";
import type { SecretArithmetic } from "./secret-arithmetic.js";
import type { Value } from "./values.js";

export const MAX_PARTIES = 10;

export interface LowerContext {
  readonly ir: IrBuilder;
  readonly arithmetic: SecretArithmetic;
  /** The party count fixed by the user, or null to infer it from the parties the program names. */
  readonly fixedParties: number | null;
  /** The highest party index the program has named so far. */
  highestParty: number;
  readonly outputNames: Set<string>;
  binary(op: string, a: Value, b: Value, span: Span): Value;
}
