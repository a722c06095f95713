// The source text to show beside a line number in the report. Instructions record only a line
// number, so a line of an inlined module function is shown with its module's name.

import { lineText, type SourceFile } from "../diagnostics/source.js";
import type { IrProgram, Sequence } from "../ir/ir.js";

/** For `mpcc compile --report`: the IR's spans say which file each line number came from. */
export function sourceLines(ir: IrProgram, sources: ReadonlyMap<string, SourceFile>, main: string): (line: number) => string | undefined {
  const files = new Map<number, Set<string>>();
  const walk = (seq: Sequence): void => {
    for (const item of seq.items) {
      if (typeof item === "number") {
        const span = ir.gates[item]!.span;
        if (span !== null) files.set(span.line, (files.get(span.line) ?? new Set()).add(span.file));
      } else if (item.kind === "if") {
        walk(item.then);
        walk(item.otherwise);
      } else if (item.kind === "loop") walk(item.body);
    }
  };
  walk(ir.body);
  return (line) => {
    const from = [...(files.get(line) ?? [main])];
    if (from.length !== 1) return undefined;
    const source = sources.get(from[0]!);
    if (source === undefined) return undefined;
    const text = lineText(source, line).trim();
    return from[0] === main ? text : `${baseName(from[0]!)}: ${text}`;
  };
}

/** For `mpcc report prog.bc --source prog.mpc`: the lines of one file. */
export function fileLines(source: SourceFile): (line: number) => string | undefined {
  return (line) => (line >= 1 && line <= source.lineStarts.length ? lineText(source, line).trim() : undefined);
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
