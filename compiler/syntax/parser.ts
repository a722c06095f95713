// The grammar of .mpc as a chevrotain CST parser: Python's statement and expression forms.
// Produces a concrete syntax tree; build-ast.ts turns it into the AST. Errors are collected by the caller.

import { CstParser, type IParserErrorMessageProvider, type TokenType } from "chevrotain";
import * as T from "./tokens.js";

const startsExpression: TokenType[] = [
  T.Identifier,
  T.IntegerLiteral,
  T.FloatLiteral,
  T.StringLiteral,
  T.True,
  T.False,
  T.None,
  T.LParen,
  T.LBracket,
  T.Minus,
  T.Plus,
  T.Tilde,
  T.Not,
];

// Chevrotain's own messages have no positions and name tokens awkwardly; ours carry only the
// expected token labels, which parse.ts turns into a diagnostic at the offending token.
const EXPECTED_PREFIX = "expected:";

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function encodeExpected(types: TokenType[]): string {
  return EXPECTED_PREFIX + types.map(label).join("\u0000");
}

export function decodeExpected(message: string): string[] {
  if (!message.startsWith(EXPECTED_PREFIX)) return [];
  return [
    ...new Set(
      message
        .slice(EXPECTED_PREFIX.length)
        .split("\u0000")
        .filter((s) => s !== ""),
    ),
  ];
}

const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => encodeExpected([expected]),
  buildNotAllInputParsedMessage: () => encodeExpected([]),
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) => encodeExpected(expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0]!).filter(Boolean))),
  buildEarlyExitMessage: ({ expectedIterationPaths }) => encodeExpected(expectedIterationPaths.map((path) => path[0]!).filter(Boolean)),
};

class MpcParser extends CstParser {
  constructor() {
    super(T.allTokens, { nodeLocationTracking: "onlyOffset", recoveryEnabled: false, maxLookahead: 3, errorMessageProvider });
    this.performSelfAnalysis();
  }

  statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.ifStatement) },
      { ALT: () => this.SUBRULE(this.forStatement) },
      { ALT: () => this.SUBRULE(this.whileStatement) },
      { ALT: () => this.SUBRULE(this.defStatement) },
      { ALT: () => this.SUBRULE(this.simpleStatement) },
    ]);
  });

  simpleStatement = this.RULE("simpleStatement", () => {
    this.SUBRULE(this.smallStatement);
    this.MANY(() => {
      this.CONSUME(T.Semicolon);
      this.SUBRULE2(this.smallStatement);
    });
    this.CONSUME(T.Newline);
  });

  smallStatement = this.RULE("smallStatement", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Pass) },
      { ALT: () => this.CONSUME(T.Break) },
      { ALT: () => this.CONSUME(T.Continue) },
      { ALT: () => this.SUBRULE(this.returnStatement) },
      { ALT: () => this.SUBRULE(this.assertStatement) },
      { ALT: () => this.SUBRULE(this.importStatement) },
      { ALT: () => this.SUBRULE(this.expressionStatement) },
    ]);
  });

  returnStatement = this.RULE("returnStatement", () => {
    this.CONSUME(T.Return);
    this.OPTION(() => this.SUBRULE(this.expressionList));
  });

  assertStatement = this.RULE("assertStatement", () => {
    this.CONSUME(T.Assert);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression);
    });
  });

  importStatement = this.RULE("importStatement", () => {
    this.CONSUME(T.From);
    this.CONSUME(T.Identifier, { LABEL: "module" });
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier, { LABEL: "module" });
    });
    this.CONSUME(T.Import);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.importName) });
  });

  importName = this.RULE("importName", () => {
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME2(T.Identifier, { LABEL: "alias" });
    });
  });

  expressionStatement = this.RULE("expressionStatement", () => {
    this.SUBRULE(this.expressionList, { LABEL: "first" });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.AugmentedAssign, { LABEL: "augmented" });
          this.SUBRULE2(this.expressionList, { LABEL: "value" });
        },
      },
      {
        ALT: () =>
          this.MANY(() => {
            this.CONSUME(T.Assign);
            this.SUBRULE3(this.expressionList, { LABEL: "rest" });
          }),
      },
    ]);
  });

  ifStatement = this.RULE("ifStatement", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression, { LABEL: "condition" });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block, { LABEL: "body" });
    this.MANY(() => {
      this.CONSUME(T.Elif);
      this.SUBRULE2(this.expression, { LABEL: "condition" });
      this.CONSUME2(T.Colon);
      this.SUBRULE2(this.block, { LABEL: "body" });
    });
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.CONSUME3(T.Colon);
      this.SUBRULE3(this.block, { LABEL: "otherwise" });
    });
  });

  forStatement = this.RULE("forStatement", () => {
    this.CONSUME(T.For);
    this.SUBRULE(this.targetList, { LABEL: "target" });
    this.CONSUME(T.In);
    this.SUBRULE(this.expressionList, { LABEL: "iterable" });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block, { LABEL: "body" });
  });

  whileStatement = this.RULE("whileStatement", () => {
    this.CONSUME(T.While);
    this.SUBRULE(this.expression, { LABEL: "condition" });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block, { LABEL: "body" });
  });

  defStatement = this.RULE("defStatement", () => {
    this.CONSUME(T.Def);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.parameter) });
    this.CONSUME(T.RParen);
    this.OPTION(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE(this.expression, { LABEL: "returns" });
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block, { LABEL: "body" });
  });

  parameter = this.RULE("parameter", () => {
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.expression, { LABEL: "annotation" });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Assign);
      this.SUBRULE2(this.expression, { LABEL: "default" });
    });
  });

  block = this.RULE("block", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Newline);
          this.CONSUME(T.Indent);
          this.AT_LEAST_ONE(() => this.SUBRULE(this.statement));
          this.CONSUME(T.Dedent);
        },
      },
      { ALT: () => this.SUBRULE(this.simpleStatement) },
    ]);
  });

  /** Loop targets: operations without a bare 'in', so that 'for x in xs' stops before 'in'. */
  targetList = this.RULE("targetList", () => {
    this.SUBRULE(this.targetOperation, { LABEL: "items" });
    this.MANY(() => {
      this.CONSUME(T.Comma, { LABEL: "commas" });
      this.OPTION({
        GATE: () => startsExpression.includes(this.LA(1).tokenType),
        DEF: () => this.SUBRULE2(this.targetOperation, { LABEL: "items" }),
      });
    });
  });

  expressionList = this.RULE("expressionList", () => {
    this.SUBRULE(this.expression, { LABEL: "items" });
    this.MANY(() => {
      this.CONSUME(T.Comma, { LABEL: "commas" });
      this.OPTION({
        GATE: () => startsExpression.includes(this.LA(1).tokenType),
        DEF: () => this.SUBRULE2(this.expression, { LABEL: "items" }),
      });
    });
  });

  expression = this.RULE("expression", () => {
    this.SUBRULE(this.operation, { LABEL: "value" });
    this.OPTION(() => {
      this.CONSUME(T.If);
      this.SUBRULE2(this.operation, { LABEL: "condition" });
      this.CONSUME(T.Else);
      this.SUBRULE(this.expression, { LABEL: "otherwise" });
    });
  });

  /**
   * Operands and operators in a flat sequence; build-ast.ts applies Python's precedence to it.
   * One rule instead of one per precedence level keeps the CST shallow and the parser fast.
   */
  operation = this.RULE("operation", () => this.operationBody(false));
  targetOperation = this.RULE("targetOperation", () => this.operationBody(true));

  private operationBody(noIn: boolean): void {
    this.MANY(() => this.CONSUME(T.PrefixOperator, { LABEL: "parts" }));
    this.SUBRULE(this.primary, { LABEL: "parts" });
    this.MANY2({
      GATE: () => !(noIn && this.LA(1).tokenType === T.In),
      DEF: () => {
        this.OR([
          { ALT: () => this.CONSUME(T.BinaryOperator, { LABEL: "parts" }) },
          {
            GATE: () => this.LA(2).tokenType === T.In,
            ALT: () => {
              this.CONSUME(T.Not, { LABEL: "parts" });
              this.CONSUME(T.In, { LABEL: "parts" });
            },
          },
        ]);
        this.MANY3(() => this.CONSUME2(T.PrefixOperator, { LABEL: "parts" }));
        this.SUBRULE2(this.primary, { LABEL: "parts" });
      },
    });
  }

  primary = this.RULE("primary", () => {
    this.SUBRULE(this.atom);
    this.MANY(() => this.SUBRULE(this.trailer, { LABEL: "trailers" }));
  });

  trailer = this.RULE("trailer", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.OPTION(() => this.SUBRULE(this.argumentList));
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.subscript, { LABEL: "subscripts" });
          this.MANY2(() => {
            this.CONSUME2(T.Comma);
            this.OPTION2(() => this.SUBRULE2(this.subscript, { LABEL: "subscripts" }));
          });
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.CONSUME(T.Identifier, { LABEL: "attribute" });
        },
      },
    ]);
  });

  argumentList = this.RULE("argumentList", () => {
    this.SUBRULE(this.argument, { LABEL: "args" });
    this.MANY({
      GATE: () => this.LA(2).tokenType !== T.RParen,
      DEF: () => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.argument, { LABEL: "args" });
      },
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  argument = this.RULE("argument", () => {
    this.OPTION({
      GATE: () => this.LA(1).tokenType === T.Identifier && this.LA(2).tokenType === T.Assign,
      DEF: () => {
        this.CONSUME(T.Identifier, { LABEL: "keyword" });
        this.CONSUME(T.Assign);
      },
    });
    this.SUBRULE(this.expression, { LABEL: "value" });
  });

  subscript = this.RULE("subscript", () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.expression, { LABEL: "lower" });
          this.OPTION(() => this.SUBRULE(this.sliceRest));
        },
      },
      { ALT: () => this.SUBRULE2(this.sliceRest) },
    ]);
  });

  sliceRest = this.RULE("sliceRest", () => {
    this.CONSUME(T.Colon);
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: "upper" }));
    this.OPTION2(() => {
      this.CONSUME2(T.Colon, { LABEL: "stepColon" });
      this.OPTION3(() => this.SUBRULE2(this.expression, { LABEL: "step" }));
    });
  });

  atom = this.RULE("atom", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.IntegerLiteral) },
      { ALT: () => this.CONSUME(T.FloatLiteral) },
      { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(T.StringLiteral)) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.None) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.listDisplay) },
    ]);
  });

  parenthesized = this.RULE("parenthesized", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.expressionList, { LABEL: "items" }));
    this.CONSUME(T.RParen);
  });

  listDisplay = this.RULE("listDisplay", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression, { LABEL: "first" });
      this.OR([
        { ALT: () => this.AT_LEAST_ONE(() => this.SUBRULE(this.comprehensionFor, { LABEL: "clauses" })) },
        {
          ALT: () =>
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.OPTION2(() => this.SUBRULE2(this.expression, { LABEL: "rest" }));
            }),
        },
      ]);
    });
    this.CONSUME(T.RBracket);
  });

  comprehensionFor = this.RULE("comprehensionFor", () => {
    this.CONSUME(T.For);
    this.SUBRULE(this.targetList, { LABEL: "target" });
    this.CONSUME(T.In);
    this.SUBRULE(this.operation, { LABEL: "iterable" });
    this.MANY(() => {
      this.CONSUME(T.If);
      this.SUBRULE2(this.operation, { LABEL: "conditions" });
    });
  });
}

export const parser = new MpcParser();
export type { MpcParser };
