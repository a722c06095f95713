// The abstract syntax tree of a .mpc file: plain data, every node with its source span.
// Built by build-ast.ts from the parser's CST; read by check/ and lower/.

import type { Span } from "../diagnostics/source.js";

export type Expr =
  | { kind: "name"; span: Span; name: string }
  | { kind: "int"; span: Span; value: bigint }
  | { kind: "float"; span: Span; value: number }
  | { kind: "str"; span: Span; value: string }
  | { kind: "bool"; span: Span; value: boolean }
  | { kind: "none"; span: Span }
  | { kind: "list"; span: Span; items: Expr[] }
  | { kind: "tuple"; span: Span; items: Expr[] }
  | { kind: "comprehension"; span: Span; element: Expr; clauses: ComprehensionClause[] }
  | { kind: "unary"; span: Span; op: UnaryOp; operand: Expr }
  | { kind: "binary"; span: Span; op: BinaryOp; left: Expr; right: Expr }
  | { kind: "logical"; span: Span; op: "and" | "or"; operands: Expr[] }
  | { kind: "compare"; span: Span; first: Expr; rest: { op: CompareOp; span: Span; right: Expr }[] }
  | { kind: "conditional"; span: Span; condition: Expr; then: Expr; otherwise: Expr }
  | { kind: "call"; span: Span; callee: Expr; args: Expr[]; keywords: Keyword[] }
  | { kind: "index"; span: Span; target: Expr; indices: Subscript[] }
  | { kind: "attribute"; span: Span; target: Expr; name: string };

export type UnaryOp = "-" | "+" | "~" | "not";
export type BinaryOp = "+" | "-" | "*" | "/" | "//" | "%" | "@" | "**" | "<<" | ">>" | "&" | "|" | "^";
export type CompareOp = "<" | "<=" | ">" | ">=" | "==" | "!=" | "in" | "not in";

export interface Keyword {
  readonly name: string;
  readonly span: Span;
  readonly value: Expr;
}

export type Subscript = { kind: "at"; span: Span; index: Expr } | { kind: "slice"; span: Span; lower: Expr | null; upper: Expr | null; step: Expr | null };

export interface ComprehensionClause {
  readonly target: Expr;
  readonly iterable: Expr;
  readonly conditions: Expr[];
}

export type Stmt =
  | { kind: "expr"; span: Span; expr: Expr }
  | { kind: "assign"; span: Span; targets: Expr[]; value: Expr }
  | { kind: "augassign"; span: Span; target: Expr; op: BinaryOp; value: Expr }
  | { kind: "if"; span: Span; branches: { condition: Expr; body: Stmt[] }[]; otherwise: Stmt[] | null }
  | { kind: "for"; span: Span; target: Expr; iterable: Expr; body: Stmt[] }
  | { kind: "while"; span: Span; condition: Expr; body: Stmt[] }
  | { kind: "def"; span: Span; name: string; params: Param[]; body: Stmt[] }
  | { kind: "return"; span: Span; value: Expr | null }
  | { kind: "break"; span: Span }
  | { kind: "continue"; span: Span }
  | { kind: "pass"; span: Span }
  | { kind: "assert"; span: Span; condition: Expr; message: Expr | null }
  | { kind: "import"; span: Span; module: string; names: { name: string; alias: string; span: Span }[] };

export interface Param {
  readonly name: string;
  readonly span: Span;
  readonly annotation: Expr | null;
  readonly default: Expr | null;
}

export interface Module {
  readonly path: string;
  readonly body: Stmt[];
}
