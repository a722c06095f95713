// The token types of the .mpc language, as chevrotain token definitions.
// Imports nothing of ours; the lexer and the parser both read this list.

import { createToken, Lexer, type TokenType } from "chevrotain";

// Categories let the parser consume "any binary operator" or "any augmented assignment" at once.
export const BinaryOperator = createToken({ name: "BinaryOperator", pattern: Lexer.NA, label: "an operator" });
export const PrefixOperator = createToken({ name: "PrefixOperator", pattern: Lexer.NA, label: "an operator" });
export const AugmentedAssign = createToken({ name: "AugmentedAssign", pattern: Lexer.NA, label: "'+=' or the like" });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "a name" });

function keyword(word: string, categories: TokenType[] = []): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `'${word}'`,
    categories,
  });
}

export const Def = keyword("def");
export const Return = keyword("return");
export const If = keyword("if");
export const Elif = keyword("elif");
export const Else = keyword("else");
export const For = keyword("for");
export const In = keyword("in", [BinaryOperator]);
export const While = keyword("while");
export const Break = keyword("break");
export const Continue = keyword("continue");
export const Pass = keyword("pass");
export const And = keyword("and", [BinaryOperator]);
export const Or = keyword("or", [BinaryOperator]);
export const Not = keyword("not", [PrefixOperator]);
export const True = keyword("True");
export const False = keyword("False");
export const None = keyword("None");
export const From = keyword("from");
export const Import = keyword("import");
export const As = keyword("as");
export const Assert = keyword("assert");

// Longest first, so that 'as' does not take the front of 'assert'.
const keywords = [Def, Return, If, Elif, Else, For, In, While, Break, Continue, Pass, And, Or, Not, True, False, None, From, Import, As, Assert].sort(
  (a, b) => (b.PATTERN as RegExp).source.length - (a.PATTERN as RegExp).source.length,
);

// Floats before integers, so that "1.5" and "1e6" are one token.
export const FloatLiteral = createToken({
  name: "FloatLiteral",
  pattern: /(?:\d[\d_]*\.\d[\d_]*|\.\d[\d_]*|\d[\d_]*\.)(?:[eE][+-]?\d+)?|\d[\d_]*[eE][+-]?\d+/,
  label: "a number",
});
export const IntegerLiteral = createToken({
  name: "IntegerLiteral",
  pattern: /0[xX][0-9a-fA-F_]+|0[bB][01_]+|\d[\d_]*/,
  label: "a number",
});
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/,
  label: "a string",
});

function punct(name: string, text: string, categories: TokenType[] = []): TokenType {
  const escaped = text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return createToken({ name, pattern: new RegExp(escaped), label: `'${text}'`, categories });
}

// Longer operators first: chevrotain takes the first pattern that matches.
export const DoubleSlashAssign = punct("DoubleSlashAssign", "//=", [AugmentedAssign]);
export const ShiftLeftAssign = punct("ShiftLeftAssign", "<<=", [AugmentedAssign]);
export const ShiftRightAssign = punct("ShiftRightAssign", ">>=", [AugmentedAssign]);
export const PowerAssign = punct("PowerAssign", "**=", [AugmentedAssign]);
export const Power = punct("Power", "**", [BinaryOperator]);
export const DoubleSlash = punct("DoubleSlash", "//", [BinaryOperator]);
export const ShiftLeft = punct("ShiftLeft", "<<", [BinaryOperator]);
export const ShiftRight = punct("ShiftRight", ">>", [BinaryOperator]);
export const LessEqual = punct("LessEqual", "<=", [BinaryOperator]);
export const GreaterEqual = punct("GreaterEqual", ">=", [BinaryOperator]);
export const EqualEqual = punct("EqualEqual", "==", [BinaryOperator]);
export const NotEqual = punct("NotEqual", "!=", [BinaryOperator]);
export const Arrow = punct("Arrow", "->");
export const PlusAssign = punct("PlusAssign", "+=", [AugmentedAssign]);
export const MinusAssign = punct("MinusAssign", "-=", [AugmentedAssign]);
export const StarAssign = punct("StarAssign", "*=", [AugmentedAssign]);
export const SlashAssign = punct("SlashAssign", "/=", [AugmentedAssign]);
export const PercentAssign = punct("PercentAssign", "%=", [AugmentedAssign]);
export const AtAssign = punct("AtAssign", "@=", [AugmentedAssign]);
export const AmpAssign = punct("AmpAssign", "&=", [AugmentedAssign]);
export const PipeAssign = punct("PipeAssign", "|=", [AugmentedAssign]);
export const CaretAssign = punct("CaretAssign", "^=", [AugmentedAssign]);
export const Less = punct("Less", "<", [BinaryOperator]);
export const Greater = punct("Greater", ">", [BinaryOperator]);
export const Assign = punct("Assign", "=");
export const Plus = punct("Plus", "+", [BinaryOperator, PrefixOperator]);
export const Minus = punct("Minus", "-", [BinaryOperator, PrefixOperator]);
export const Star = punct("Star", "*", [BinaryOperator]);
export const Slash = punct("Slash", "/", [BinaryOperator]);
export const Percent = punct("Percent", "%", [BinaryOperator]);
export const At = punct("At", "@", [BinaryOperator]);
export const Amp = punct("Amp", "&", [BinaryOperator]);
export const Pipe = punct("Pipe", "|", [BinaryOperator]);
export const Caret = punct("Caret", "^", [BinaryOperator]);
export const Tilde = punct("Tilde", "~", [PrefixOperator]);
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const LBrace = punct("LBrace", "{");
export const RBrace = punct("RBrace", "}");
export const Comma = punct("Comma", ",");
export const Colon = punct("Colon", ":");
export const Semicolon = punct("Semicolon", ";");
export const Dot = punct("Dot", ".");

// Layout. The raw lexer produces LineBreak; the indentation pass turns line breaks into
// NEWLINE, INDENT and DEDENT (which have no pattern of their own).
export const LineBreak = createToken({ name: "LineBreak", pattern: /\r?\n/, label: "a line break" });
export const Newline = createToken({ name: "Newline", pattern: Lexer.NA, label: "end of line" });
export const Indent = createToken({ name: "Indent", pattern: Lexer.NA, label: "an indented block" });
export const Dedent = createToken({ name: "Dedent", pattern: Lexer.NA, label: "the end of the block" });
export const Whitespace = createToken({ name: "Whitespace", pattern: /[ \t\f]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\n]*/, group: Lexer.SKIPPED });
export const LineContinuation = createToken({ name: "LineContinuation", pattern: /\\\r?\n/, group: Lexer.SKIPPED });

export const openingBrackets = [LParen, LBracket, LBrace];
export const closingBrackets = [RParen, RBracket, RBrace];

export const allTokens: TokenType[] = [
  Whitespace,
  Comment,
  LineContinuation,
  LineBreak,
  ...keywords,
  Identifier,
  FloatLiteral,
  IntegerLiteral,
  StringLiteral,
  DoubleSlashAssign,
  ShiftLeftAssign,
  ShiftRightAssign,
  PowerAssign,
  Power,
  DoubleSlash,
  ShiftLeft,
  ShiftRight,
  LessEqual,
  GreaterEqual,
  EqualEqual,
  NotEqual,
  Arrow,
  PlusAssign,
  MinusAssign,
  StarAssign,
  SlashAssign,
  PercentAssign,
  AtAssign,
  AmpAssign,
  PipeAssign,
  CaretAssign,
  Less,
  Greater,
  Assign,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  At,
  Amp,
  Pipe,
  Caret,
  Tilde,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Semicolon,
  Dot,
  Newline,
  Indent,
  Dedent,
  BinaryOperator,
  PrefixOperator,
  AugmentedAssign,
];
