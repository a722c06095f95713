// The front door of the syntax stage: text in, AST and diagnostics out. Turns chevrotain's
// errors into our diagnostics and resynchronises at the next top-level statement after each one.

import { EOF, type IToken, type TokenType } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { spanAt, type SourceFile } from "../diagnostics/source.js";
import type { Module, Stmt } from "./ast.js";
import { AstBuilder } from "./build-ast.js";
import { tokenize } from "./lexer.js";
import { decodeExpected, parser } from "./parser.js";
import * as T from "./tokens.js";
import { MAX_NESTING } from "../../vm/bytecode/limits.js";

export const MAX_ERRORS = 20;

export interface ParseResult {
  readonly module: Module;
  readonly diagnostics: Diagnostic[];
}

export function parse(source: SourceFile): ParseResult {
  const { tokens, diagnostics } = tokenize(source);
  const body: Stmt[] = [];
  const builder = new AstBuilder(source);
  // Each top-level statement is parsed on its own: its CST is dropped as soon as its AST is built,
  // and a syntax error costs only that statement, so one run reports errors in several statements.
  for (const chunk of topLevelStatements(tokens)) {
    if (diagnostics.length >= MAX_ERRORS) break;
    const deep = tooDeep(chunk);
    if (deep !== null) {
      diagnostics.push(diagnostic("tooDeep", spanAt(source, deep.startOffset, deep.startOffset + Math.max(1, deep.image.length)), { limit: MAX_NESTING }));
      continue;
    }
    parser.input = chunk;
    const cst = parser.statement();
    const error = parser.errors[0];
    if (error !== undefined) {
      diagnostics.push(syntaxDiagnostic(source, tokens, error.token, error.message));
      continue;
    }
    body.push(...builder.statement(cst));
  }
  diagnostics.push(...builder.diagnostics);
  if (diagnostics.length >= MAX_ERRORS) {
    diagnostics.length = MAX_ERRORS;
    diagnostics.push(diagnostic("tooManyErrors", null, { limit: MAX_ERRORS }));
  }
  return { module: { path: source.path, body }, diagnostics };
}

/**
 * Splits the token stream into top-level statements: a statement ends at a NEWLINE or DEDENT at
 * block depth zero, unless the next token continues it (its indented block, elif, else).
 */
function* topLevelStatements(tokens: IToken[]): Generator<IToken[]> {
  let start = 0;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    depth += nesting(type);
    if (depth !== 0 || (type !== T.Newline && type !== T.Dedent)) continue;
    const next = tokens[i + 1]?.tokenType;
    if (next === T.Indent || next === T.Dedent || next === T.Elif || next === T.Else) continue;
    yield tokens.slice(start, i + 1);
    start = i + 1;
  }
  if (start < tokens.length) yield tokens.slice(start);
}

/** The parser's error messages are structured (see errorMessages below); here they become diagnostics. */
function syntaxDiagnostic(source: SourceFile, tokens: IToken[], token: IToken, message: string): Diagnostic {
  const at = token.tokenType === EOF ? source.text.length : token.startOffset;
  const span = spanAt(source, at, token.tokenType === EOF ? at : token.startOffset + Math.max(1, token.image.length));
  const found = token.startOffset >= source.text.length ? "the end of the file" : describeToken(token);
  const expected = decodeExpected(message);
  const closing = expected.length === 1 ? T.closingBrackets.find((b) => label(b) === expected[0]) : undefined;
  if (closing !== undefined) {
    const opener = unclosedOpener(tokens, token);
    if (opener !== null) {
      return diagnostic("expectedClosing", span, {
        close: opener.close,
        open: opener.token.image,
        line: opener.token.startLine ?? 0,
        found,
      });
    }
  }
  if (token.tokenType === T.Indent) return diagnostic("unexpectedToken", span, { found: "indentation" });
  if (expected.includes(label(T.Identifier)) && expected.includes(label(T.IntegerLiteral))) {
    return diagnostic("expectedToken", span, { expected: "an expression", found });
  }
  if (expected.length === 0 || expected.length > 4) return diagnostic("unexpectedToken", span, { found });
  return diagnostic("expectedToken", span, { expected: joinAlternatives(expected), found });
}

function unclosedOpener(tokens: IToken[], before: IToken): { token: IToken; close: string } | null {
  const stack: IToken[] = [];
  for (const t of tokens) {
    if (t.startOffset >= before.startOffset && t.tokenType !== EOF && t !== before) break;
    if (t === before) break;
    if (T.openingBrackets.includes(t.tokenType)) stack.push(t);
    else if (T.closingBrackets.includes(t.tokenType)) stack.pop();
  }
  const open = stack[stack.length - 1];
  if (open === undefined) return null;
  return { token: open, close: label(T.closingBrackets[T.openingBrackets.indexOf(open.tokenType)]!).slice(1, -1) };
}

/** The first token nested past MAX_NESTING blocks and brackets, whose parsing would recurse too deep. */
function tooDeep(chunk: readonly IToken[]): IToken | null {
  let depth = 0;
  for (const token of chunk) {
    const type = token.tokenType;
    depth += nesting(type) + (T.openingBrackets.includes(type) ? 1 : T.closingBrackets.includes(type) ? -1 : 0);
    if (depth > MAX_NESTING) return token;
  }
  return null;
}

function nesting(type: TokenType): number {
  return type === T.Indent ? 1 : type === T.Dedent ? -1 : 0;
}

function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return "the end of the file";
  if (token.tokenType === T.Newline) return "the end of the line";
  if (token.tokenType === T.Dedent) return "the end of the block";
  if (token.tokenType === T.Indent) return "indentation";
  return `'${token.image}'`;
}

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function joinAlternatives(items: string[]): string {
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}
