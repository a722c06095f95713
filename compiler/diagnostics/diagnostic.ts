// Diagnostics: what the compiler tells a user about their program, built from the message table
// and rendered as `file:line:col: error MPC0123: message`, the source line and a caret.

import { codeOf, messages, type MessageName, type MessageParams } from "./messages.js";
import { lineText, type SourceFile, type Span } from "./source.js";

export interface Diagnostic {
  readonly code: string;
  readonly message: string;
  readonly span: Span | null;
  readonly hint?: string;
  /** Errors stop the compilation; warnings are reported and the bytecode is still written. */
  readonly severity?: "warning";
}

export function warning<K extends MessageName>(name: K, span: Span | null, params: MessageParams<K>, hint?: string): Diagnostic {
  return { ...diagnostic(name, span, params, hint), severity: "warning" };
}

export function diagnostic<K extends MessageName>(name: K, span: Span | null, params: MessageParams<K>, hint?: string): Diagnostic {
  const format = messages[name].format as (p: MessageParams<K>) => string;
  const d: Diagnostic = { code: codeOf(name), message: format(params), span };
  return hint === undefined ? d : { ...d, hint };
}

/** Thrown inside a compiler stage to abandon the current statement; caught and recorded by the stage. */
export class CompileError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

export function fail<K extends MessageName>(name: K, span: Span | null, params: MessageParams<K>, hint?: string): never {
  throw new CompileError(diagnostic(name, span, params, hint));
}

/** Renders one diagnostic; `sources` maps a file path to its text so the line can be quoted. */
export function renderDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, SourceFile>): string {
  const kind = d.severity ?? "error";
  if (d.span === null) return `${kind} ${d.code}: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ""}`;
  const { file, line, col } = d.span;
  const lines = [`${file}:${line}:${col}: ${kind} ${d.code}: ${d.message}`];
  const source = sources.get(file);
  if (source !== undefined) {
    const text = lineText(source, line);
    const width = Math.max(1, Math.min(d.span.end - d.span.start, text.length - col + 1));
    const gutter = `${String(line).padStart(4)} | `;
    lines.push(gutter + text.replace(/\t/g, " "));
    lines.push(`${" ".repeat(gutter.length + col - 1)}^${"~".repeat(width - 1)}`);
  }
  if (d.hint !== undefined) lines.push(`  hint: ${d.hint}`);
  return lines.join("\n");
}
