// A source file and the spans that point into it: every AST node, IR gate and instruction
// carries a Span so that any later stage can still name a line of the user's .mpc file.

export interface SourceFile {
  readonly path: string;
  readonly text: string;
  readonly lineStarts: readonly number[];
}

/** A half-open character range [start, end) with the 1-based line and column of its start. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly col: number;
}

export function sourceFile(path: string, text: string): SourceFile {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  }
  return { path, text, lineStarts };
}

export function lineOf(source: SourceFile, offset: number): number {
  let lo = 0;
  let hi = source.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (source.lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function spanAt(source: SourceFile, start: number, end: number): Span {
  const line = lineOf(source, start);
  return { file: source.path, start, end, line, col: start - source.lineStarts[line - 1]! + 1 };
}

export function lineText(source: SourceFile, line: number): string {
  const start = source.lineStarts[line - 1] ?? source.text.length;
  const next = source.lineStarts[line];
  const end = next === undefined ? source.text.length : next - 1;
  return source.text.slice(start, end).replace(/\r$/, "");
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  const first = a.start <= b.start ? a : b;
  return { ...first, end: Math.max(a.end, b.end) };
}
