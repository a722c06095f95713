// Turns .mpc text into tokens, with Python's layout rules: NEWLINE ends a logical line, INDENT
// and DEDENT bracket blocks; newlines inside brackets and blank or comment-only lines are ignored.

import { createTokenInstance, Lexer, type IToken, type TokenType } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { spanAt, type SourceFile } from "../diagnostics/source.js";
import * as T from "./tokens.js";

const rawLexer = new Lexer(T.allTokens, { positionTracking: "full", ensureOptimizations: false });

const TAB_WIDTH = 8;

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

export function tokenize(source: SourceFile): LexResult {
  const raw = rawLexer.tokenize(source.text);
  const diagnostics: Diagnostic[] = raw.errors.map((e) =>
    diagnostic("unexpectedCharacter", spanAt(source, e.offset, e.offset + 1), { char: source.text[e.offset] ?? "" }),
  );
  const tokens = new LayoutBuilder(source, diagnostics).build(raw.tokens);
  return { tokens, diagnostics };
}

interface OpenBracket {
  readonly token: IToken;
  readonly close: TokenType;
}

/** The indentation pass: one instance per file, so no state outlives a compilation. */
class LayoutBuilder {
  private readonly out: IToken[] = [];
  private readonly indents: number[] = [0];
  private readonly brackets: OpenBracket[] = [];

  constructor(
    private readonly source: SourceFile,
    private readonly diagnostics: Diagnostic[],
  ) {}

  build(raw: IToken[]): IToken[] {
    let atLineStart = true;
    for (const token of raw) {
      if (token.tokenType === T.LineBreak) {
        if (this.brackets.length === 0 && !atLineStart) {
          this.push(T.Newline, token.startOffset, token.startOffset + 1, "");
          atLineStart = true;
        }
        continue;
      }
      if (atLineStart) {
        this.layoutLine(token);
        atLineStart = false;
      }
      this.trackBrackets(token);
      this.out.push(token);
    }
    this.finish(atLineStart);
    return this.out;
  }

  /** At the first token of a logical line: compare its indentation with the enclosing blocks. */
  private layoutLine(first: IToken): void {
    const lineStart = this.source.lineStarts[(first.startLine ?? 1) - 1]!;
    const width = indentWidth(this.source.text, lineStart, first.startOffset);
    const current = this.indents[this.indents.length - 1]!;
    if (width > current) {
      this.indents.push(width);
      this.push(T.Indent, lineStart, first.startOffset, this.source.text.slice(lineStart, first.startOffset));
      return;
    }
    while (width < this.indents[this.indents.length - 1]!) {
      this.indents.pop();
      this.push(T.Dedent, first.startOffset, first.startOffset, "");
    }
    if (width !== this.indents[this.indents.length - 1]!) {
      this.diagnostics.push(diagnostic("inconsistentDedent", spanAt(this.source, lineStart, first.startOffset + 1), {}));
      this.indents.push(width);
    }
  }

  private trackBrackets(token: IToken): void {
    const opening = T.openingBrackets.indexOf(token.tokenType);
    if (opening >= 0) {
      this.brackets.push({ token, close: T.closingBrackets[opening]! });
      return;
    }
    if (!T.closingBrackets.includes(token.tokenType)) return;
    // A closing bracket with nothing open is left for the parser to report in context.
    if (this.brackets.length > 0 && this.brackets[this.brackets.length - 1]!.close === token.tokenType) {
      this.brackets.pop();
    }
  }

  private finish(atLineStart: boolean): void {
    const end = this.source.text.length;
    if (!atLineStart) this.push(T.Newline, end, end, "");
    while (this.indents.length > 1) {
      this.indents.pop();
      this.push(T.Dedent, end, end, "");
    }
  }

  private push(type: TokenType, start: number, end: number, image: string): void {
    const span = spanAt(this.source, start, end);
    this.out.push(createTokenInstance(type, image, start, Math.max(start, end - 1), span.line, span.line, span.col, span.col));
  }
}

function indentWidth(text: string, from: number, to: number): number {
  let width = 0;
  for (let i = from; i < to; i++) {
    width = text[i] === "\t" ? (Math.floor(width / TAB_WIDTH) + 1) * TAB_WIDTH : width + 1;
  }
  return width;
}
