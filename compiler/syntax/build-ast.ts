// Builds the AST from the parser's CST: resolves operator precedence over the flat operation
// rule (Pratt style), unescapes literals, and checks assignment targets.

import type { CstElement, CstNode, IToken } from "chevrotain";
import { CompileError, diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { joinSpans, spanAt, type SourceFile, type Span } from "../diagnostics/source.js";
import type * as A from "./ast.js";
import * as T from "./tokens.js";

type Children = Record<string, CstElement[] | undefined>;

const PREC_OR = 1;
const PREC_AND = 2;
const PREC_NOT = 3;
const PREC_COMPARE = 4;
const PREC_UNARY = 11;
const PREC_POWER = 12;

const binaryPrecedence: Record<string, number> = {
  or: PREC_OR,
  and: PREC_AND,
  "<": PREC_COMPARE,
  "<=": PREC_COMPARE,
  ">": PREC_COMPARE,
  ">=": PREC_COMPARE,
  "==": PREC_COMPARE,
  "!=": PREC_COMPARE,
  in: PREC_COMPARE,
  "not in": PREC_COMPARE,
  "|": 5,
  "^": 6,
  "&": 7,
  "<<": 8,
  ">>": 8,
  "+": 9,
  "-": 9,
  "*": 10,
  "/": 10,
  "//": 10,
  "%": 10,
  "@": 10,
  "**": PREC_POWER,
};

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly source: SourceFile) {}

  // ---- statements

  statement(node: CstNode): A.Stmt[] {
    const [child] = Object.values(node.children).flat() as CstNode[];
    try {
      switch (child!.name) {
        case "simpleStatement":
          return this.nodes(child!.children, "smallStatement").map((s) => this.smallStatement(s));
        case "ifStatement":
          return [this.ifStatement(child!)];
        case "forStatement":
          return [this.forStatement(child!)];
        case "whileStatement":
          return [this.whileStatement(child!)];
        default:
          return [this.defStatement(child!)];
      }
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      this.diagnostics.push(e.diagnostic);
      return [];
    }
  }

  private smallStatement(node: CstNode): A.Stmt {
    const span = this.span(node);
    const c = node.children;
    if (c.Pass) return { kind: "pass", span };
    if (c.Break) return { kind: "break", span };
    if (c.Continue) return { kind: "continue", span };
    if (c.returnStatement) {
      const list = this.optionalNode(this.node(c, "returnStatement").children, "expressionList");
      return { kind: "return", span, value: list ? this.expressionList(list) : null };
    }
    if (c.assertStatement) {
      const [condition, message] = this.nodes(this.node(c, "assertStatement").children, "expression");
      return { kind: "assert", span, condition: this.expression(condition!), message: message ? this.expression(message) : null };
    }
    if (c.importStatement) return this.importStatement(this.node(c, "importStatement"), span);
    return this.expressionStatement(this.node(c, "expressionStatement"), span);
  }

  private importStatement(node: CstNode, span: Span): A.Stmt {
    const module = this.tokens(node.children, "module")
      .map((t) => t.image)
      .join(".");
    const names = this.nodes(node.children, "importName").map((n) => {
      const name = this.tokens(n.children, "name")[0]!;
      const alias = this.tokens(n.children, "alias")[0] ?? name;
      return { name: name.image, alias: alias.image, span: this.tokenSpan(name) };
    });
    return { kind: "import", span, module, names };
  }

  private expressionStatement(node: CstNode, span: Span): A.Stmt {
    const c = node.children;
    const first = this.expressionList(this.node(c, "first"));
    const augmented = this.tokens(c, "augmented")[0];
    if (augmented !== undefined) {
      this.checkTarget(first, false);
      const op = augmented.image.slice(0, -1) as A.BinaryOp;
      return { kind: "augassign", span, target: first, op, value: this.expressionList(this.node(c, "value")) };
    }
    const rest = this.nodes(c, "rest").map((n) => this.expressionList(n));
    if (rest.length === 0) return { kind: "expr", span, expr: first };
    const targets = [first, ...rest.slice(0, -1)];
    for (const target of targets) this.checkTarget(target, true);
    return { kind: "assign", span, targets, value: rest[rest.length - 1]! };
  }

  private checkTarget(target: A.Expr, allowUnpacking: boolean): void {
    if (target.kind === "name" || target.kind === "index") return;
    if (allowUnpacking && (target.kind === "tuple" || target.kind === "list")) {
      for (const item of target.items) this.checkTarget(item, true);
      return;
    }
    throw new CompileError(diagnostic("badAssignTarget", target.span, { what: describeTarget(target) }));
  }

  private ifStatement(node: CstNode): A.Stmt {
    const c = node.children;
    const conditions = this.nodes(c, "condition");
    const bodies = this.nodes(c, "body");
    const branches = conditions.map((cond, i) => ({ condition: this.expression(cond), body: this.block(bodies[i]!) }));
    const otherwise = this.optionalNode(c, "otherwise");
    return { kind: "if", span: this.span(node), branches, otherwise: otherwise ? this.block(otherwise) : null };
  }

  private forStatement(node: CstNode): A.Stmt {
    const c = node.children;
    const target = this.targetList(this.node(c, "target"));
    this.checkTarget(target, true);
    return {
      kind: "for",
      span: this.headerSpan(node),
      target,
      iterable: this.expressionList(this.node(c, "iterable")),
      body: this.block(this.node(c, "body")),
    };
  }

  private whileStatement(node: CstNode): A.Stmt {
    const c = node.children;
    return { kind: "while", span: this.headerSpan(node), condition: this.expression(this.node(c, "condition")), body: this.block(this.node(c, "body")) };
  }

  private defStatement(node: CstNode): A.Stmt {
    const c = node.children;
    const params = this.nodes(c, "parameter").map((p): A.Param => {
      const name = this.tokens(p.children, "name")[0]!;
      const annotation = this.optionalNode(p.children, "annotation");
      const dflt = this.optionalNode(p.children, "default");
      return {
        name: name.image,
        span: this.tokenSpan(name),
        annotation: annotation ? this.expression(annotation) : null,
        default: dflt ? this.expression(dflt) : null,
      };
    });
    const name = this.tokens(c, "name")[0]!;
    return { kind: "def", span: this.tokenSpan(name), name: name.image, params, body: this.block(this.node(c, "body")) };
  }

  private block(node: CstNode): A.Stmt[] {
    const simple = this.optionalNode(node.children, "simpleStatement");
    if (simple) return this.nodes(simple.children, "smallStatement").map((s) => this.smallStatement(s));
    return this.nodes(node.children, "statement").flatMap((s) => this.statement(s));
  }

  // ---- expressions

  private expressionList(node: CstNode): A.Expr {
    const items = this.nodes(node.children, "items").map((n) => this.expression(n));
    if ((node.children.commas ?? []).length === 0) return items[0]!;
    return { kind: "tuple", span: this.span(node), items };
  }

  private targetList(node: CstNode): A.Expr {
    const items = this.nodes(node.children, "items").map((n) => this.operation(n));
    if ((node.children.commas ?? []).length === 0) return items[0]!;
    return { kind: "tuple", span: this.span(node), items };
  }

  private expression(node: CstNode): A.Expr {
    const c = node.children;
    const value = this.operation(this.node(c, "value"));
    const condition = this.optionalNode(c, "condition");
    if (!condition) return value;
    return {
      kind: "conditional",
      span: this.span(node),
      condition: this.operation(condition),
      then: value,
      otherwise: this.expression(this.node(c, "otherwise")),
    };
  }

  private operation(node: CstNode): A.Expr {
    return new OperationReader(this, node.children.parts as CstElement[]).read();
  }

  primary(node: CstNode): A.Expr {
    let expr = this.atom(this.node(node.children, "atom"));
    for (const trailer of this.nodes(node.children, "trailers")) expr = this.trailer(expr, trailer);
    return expr;
  }

  private trailer(target: A.Expr, node: CstNode): A.Expr {
    const c = node.children;
    const span = joinSpans(target.span, this.span(node));
    if (c.LParen) {
      const args: A.Expr[] = [];
      const keywords: A.Keyword[] = [];
      const list = this.optionalNode(c, "argumentList");
      for (const arg of list ? this.nodes(list.children, "args") : []) {
        const value = this.expression(this.node(arg.children, "value"));
        const keyword = this.tokens(arg.children, "keyword")[0];
        if (keyword) keywords.push({ name: keyword.image, span: this.tokenSpan(keyword), value });
        else if (keywords.length > 0) {
          throw new CompileError(diagnostic("badCall", value.span, { detail: "a positional argument cannot follow a keyword argument" }));
        } else args.push(value);
      }
      return { kind: "call", span, callee: target, args, keywords };
    }
    if (c.LBracket) {
      return { kind: "index", span, target, indices: this.nodes(c, "subscripts").map((s) => this.subscript(s)) };
    }
    return { kind: "attribute", span, target, name: this.tokens(c, "attribute")[0]!.image };
  }

  private subscript(node: CstNode): A.Subscript {
    const span = this.span(node);
    const lower = this.optionalNode(node.children, "lower");
    const rest = this.optionalNode(node.children, "sliceRest");
    if (!rest) return { kind: "at", span, index: this.expression(lower!) };
    const upper = this.optionalNode(rest.children, "upper");
    const step = this.optionalNode(rest.children, "step");
    return {
      kind: "slice",
      span,
      lower: lower ? this.expression(lower) : null,
      upper: upper ? this.expression(upper) : null,
      step: step ? this.expression(step) : null,
    };
  }

  private atom(node: CstNode): A.Expr {
    const c = node.children;
    const span = this.span(node);
    if (c.Identifier) return { kind: "name", span, name: (c.Identifier[0] as IToken).image };
    if (c.IntegerLiteral) return { kind: "int", span, value: BigInt((c.IntegerLiteral[0] as IToken).image.replace(/_/g, "")) };
    if (c.FloatLiteral) return { kind: "float", span, value: Number((c.FloatLiteral[0] as IToken).image.replace(/_/g, "")) };
    if (c.StringLiteral)
      return {
        kind: "str",
        span,
        value: this.tokens(c, "StringLiteral")
          .map((t) => unescapeLiteral(t.image))
          .join(""),
      };
    if (c.True) return { kind: "bool", span, value: true };
    if (c.False) return { kind: "bool", span, value: false };
    if (c.None) return { kind: "none", span };
    if (c.listDisplay) return this.listDisplay(this.node(c, "listDisplay"), span);
    const items = this.optionalNode(this.node(c, "parenthesized").children, "items");
    if (!items) return { kind: "tuple", span, items: [] };
    const inner = this.expressionList(items);
    return inner.kind === "tuple" ? { ...inner, span } : inner;
  }

  private listDisplay(node: CstNode, span: Span): A.Expr {
    const c = node.children;
    const first = this.optionalNode(c, "first");
    if (!first) return { kind: "list", span, items: [] };
    const element = this.expression(first);
    const clauses = this.nodes(c, "clauses");
    if (clauses.length === 0) {
      return { kind: "list", span, items: [element, ...this.nodes(c, "rest").map((n) => this.expression(n))] };
    }
    return {
      kind: "comprehension",
      span,
      element,
      clauses: clauses.map((clause) => {
        const target = this.targetList(this.node(clause.children, "target"));
        this.checkTarget(target, true);
        return {
          target,
          iterable: this.operation(this.node(clause.children, "iterable")),
          conditions: this.nodes(clause.children, "conditions").map((n) => this.operation(n)),
        };
      }),
    };
  }

  // ---- CST access

  span(node: CstNode): Span {
    const loc = node.location!;
    return spanAt(this.source, loc.startOffset, (loc.endOffset ?? loc.startOffset) + 1);
  }

  tokenSpan(token: IToken): Span {
    return spanAt(this.source, token.startOffset, (token.endOffset ?? token.startOffset) + 1);
  }

  /** The span of a compound statement's first line, so errors about the loop point at its header. */
  private headerSpan(node: CstNode): Span {
    const colon = this.tokens(node.children, "Colon")[0];
    const start = node.location!.startOffset;
    return spanAt(this.source, start, colon ? colon.startOffset + 1 : start + 1);
  }

  private nodes(children: Children, label: string): CstNode[] {
    return (children[label] ?? []) as CstNode[];
  }

  private tokens(children: Children, label: string): IToken[] {
    return (children[label] ?? []) as IToken[];
  }

  private node(children: Children, label: string): CstNode {
    return this.nodes(children, label)[0]!;
  }

  private optionalNode(children: Children, label: string): CstNode | undefined {
    return this.nodes(children, label)[0];
  }
}

/** Reads the flat parts of one `operation` (prefix* primary (op prefix* primary)*) by precedence. */
class OperationReader {
  private pos = 0;

  constructor(
    private readonly builder: AstBuilder,
    private readonly parts: CstElement[],
  ) {}

  read(): A.Expr {
    return this.parse(0);
  }

  private parse(minPrecedence: number): A.Expr {
    let left = this.prefix();
    for (;;) {
      const op = this.peekOperator();
      if (op === null) return left;
      const precedence = binaryPrecedence[op.text]!;
      if (precedence < minPrecedence) return left;
      this.pos += op.width;
      if (precedence === PREC_COMPARE) left = this.comparison(left, op);
      else if (op.text === "and" || op.text === "or") left = this.logical(left, op.text, precedence);
      else {
        const right = op.text === "**" ? this.parse(PREC_UNARY) : this.parse(precedence + 1);
        left = { kind: "binary", span: joinSpans(left.span, right.span), op: op.text as A.BinaryOp, left, right };
      }
    }
  }

  private comparison(first: A.Expr, firstOp: { text: string; span: Span }): A.Expr {
    const rest: { op: A.CompareOp; span: Span; right: A.Expr }[] = [];
    let op: { text: string; span: Span; width: number } | null = { ...firstOp, width: 0 };
    while (op !== null) {
      const right = this.parse(PREC_COMPARE + 1);
      rest.push({ op: op.text as A.CompareOp, span: op.span, right });
      op = this.peekOperator();
      if (op === null || binaryPrecedence[op.text] !== PREC_COMPARE) break;
      this.pos += op.width;
    }
    return { kind: "compare", span: joinSpans(first.span, rest[rest.length - 1]!.right.span), first, rest };
  }

  private logical(left: A.Expr, op: "and" | "or", precedence: number): A.Expr {
    const right = this.parse(precedence + 1);
    const operands = left.kind === "logical" && left.op === op ? [...left.operands, right] : [left, right];
    return { kind: "logical", span: joinSpans(left.span, right.span), op, operands };
  }

  private prefix(): A.Expr {
    const part = this.parts[this.pos++]!;
    if ("name" in part) return this.builder.primary(part);
    const span = this.builder.tokenSpan(part);
    const operand = part.image === "not" ? this.parse(PREC_NOT) : this.parse(PREC_UNARY);
    return { kind: "unary", span: joinSpans(span, operand.span), op: part.image as A.UnaryOp, operand };
  }

  private peekOperator(): { text: string; span: Span; width: number } | null {
    const part = this.parts[this.pos];
    if (part === undefined || "name" in part) return null;
    const span = this.builder.tokenSpan(part);
    if (part.tokenType === T.Not) return { text: "not in", span, width: 2 };
    return { text: part.image, span, width: 1 };
  }
}

function describeTarget(e: A.Expr): string {
  switch (e.kind) {
    case "call":
      return "a function call";
    case "int":
    case "float":
    case "str":
    case "bool":
    case "none":
      return "a literal";
    default:
      return "an expression";
  }
}

function unescapeLiteral(literal: string): string {
  const body = literal.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e[0] === "x" || e[0] === "u") return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: "\n", t: "\t", r: "\r", "0": "\0" } as Record<string, string>)[e] ?? e;
  });
}
