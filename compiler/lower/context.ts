// What lowering shares across one compilation: the IR under construction, the arithmetic,
// logic and vector helpers, the options, and the bookkeeping of parties, outputs and modules.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../diagnostics/source.js";
import type { IrBuilder } from "../ir/builder.js";
import type { Arithmetic } from "./arithmetic.js";
import type { FixedFunctions } from "./fixed-functions.js";
import type { Logic } from "./logic.js";
import type { Numeric } from "./numeric.js";
import type { Scope } from "./scope.js";
import type { Vectors } from "./vectors.js";

export interface LowerContext {
  readonly ir: IrBuilder;
  readonly arith: Arithmetic;
  readonly logic: Logic;
  readonly vectors: Vectors;
  readonly numeric: Numeric;
  readonly fixed: FixedFunctions;
  /** The party count fixed by the user, or null to infer it from the parties the program names. */
  readonly fixedParties: number | null;
  /** The most iterations a loop on a revealed condition may run. */
  readonly maxIterations: number;
  /** The highest party index the program has named so far. */
  highestParty: number;
  readonly outputNames: Set<string>;
  /** Every source file read (the program and the modules it imports), for rendering diagnostics. */
  readonly sources: Map<string, SourceFile>;
  /** Diagnostics from imported modules, reported with the program's own. */
  readonly diagnostics: Diagnostic[];
  readonly builtins: Scope;
  /** Loads a module by name for `from NAME import ...`, relative to the importing file. */
  loadModule(name: string, from: string, span: Span): Scope;
}
