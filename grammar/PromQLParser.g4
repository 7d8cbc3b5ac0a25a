// PromQL as of Prometheus 3.x (promql/parser/generated_parser.y).
//
// An expression is a flat sequence `operand (op binModifier operand)*`; the AST builder groups
// it by Prometheus' precedence and associativity (compiler/syntax/promql_builder.cpp), the way
// the yacc grammar's %left/%right declarations do. Written this way every decision is LL(1) or
// LL(2), so SLL prediction always succeeds on valid input; an operand costs two rule contexts
// (operand, primaryExpr) instead of one per precedence level, and operator chains are loops, not
// recursion.
//
// Precedence, lowest first: or < and unless < comparisons < + - < * / % atan2 < unary + - < ^
// (right-associative) < postfix (offset, @, [range], [subquery], anchored, smoothed).
// Semantic rules (which keywords need a feature gate, what may carry an offset, ...) are checked
// by the AST builder in compiler/syntax, not here.
parser grammar PromQLParser;

options { tokenVocab = PromQLLexer; }

// The runtime's Parser::exitRule finds the parent context with dynamic_cast, once per rule
// invocation; a rule context's parent is always a rule context. The generated rule functions
// call this member, which hides the runtime's and does the same with a static_cast.
@parser::members {
void exitRule() {
  _ctx->stop = _matchedEOF ? _input->LT(1) : _input->LT(-1);
  if (!_parseListeners.empty()) triggerExitRuleEvent();
  setState(_ctx->invokingState);
  _ctx = static_cast<antlr4::ParserRuleContext*>(_ctx->parent);
}
}

root : expr? EOF ;

// The operator is a token child, not a rule of its own: one context less per operator.
expr
  : operand (
      ( OR | AND | UNLESS
      | EQLC | NEQ | LTE | LSS | GTE | GTR | TRIM_UPPER | TRIM_LOWER
      | ADD | SUB | MUL | DIV | MOD | ATAN2 | POW
      ) binModifier operand
    )*
  ;
// A sign applies to the operand and any `^` chain it starts: `-x ^ 2` is `-(x ^ 2)`, and
// `-x * y` is `(-x) * y`.
operand
  : (ADD | SUB) operand
  | primaryExpr postfix*
  ;

// Alternatives are told apart by their first token; unlabelled, each costs one context.
postfix
  : LEFT_BRACKET durationExpr (COLON durationExpr?)? RIGHT_BRACKET
  | OFFSET offsetValue
  | AT atValue
  | ANCHORED
  | SMOOTHED
  ;

// Unparenthesised arithmetic after `offset` belongs to the enclosing expression:
// `foo offset 5s - 8` is `(foo offset 5s) - 8`.
offsetValue : (ADD | SUB)? offsetAtom ;
offsetAtom
  : numberLiteral
  | durationCall
  | LEFT_PAREN durationExpr RIGHT_PAREN
  ;
atValue
  : (ADD | SUB)? numberLiteral
  | (START | END) LEFT_PAREN RIGHT_PAREN
  ;

// Every choice here is made on the next token alone (LL(1)), so the parser runs no prediction
// for a primary: a name that may start a call or an aggregation is matched first, and what
// follows it decides. The alternatives are told apart by the builder from the first token and
// the shape of the children. Function and metric names are token sets rather than rules of their
// own: one context less for nearly every operand.
primaryExpr
  : NUMBER | DURATION | INF_LIT | NAN_LIT
  | STRING
  | LEFT_PAREN expr RIGHT_PAREN
  | labelMatchers
  // An aggregation, or a selector whose metric is named like an aggregation operator.
  | aggregateOp (grouping aggregateBody | aggregateBody grouping? | labelMatchers?)
  // A function call, or a selector whose metric is named like a function.
  | (IDENTIFIER | START | END | STEP | RANGE | MAX_OF | MIN_OF)
    (LEFT_PAREN callArgs? RIGHT_PAREN | labelMatchers?)
  // A selector. Keywords that may also name a metric: not bool, on, ignoring, group_left,
  // group_right, atan2.
  | ( METRIC_IDENTIFIER | AND | OR | UNLESS | OFFSET | BY | WITHOUT | ANCHORED | SMOOTHED | FILL
      | FILL_LEFT | FILL_RIGHT
    ) labelMatchers?
  ;

numberLiteral : NUMBER | DURATION | INF_LIT | NAN_LIT ;

aggregateOp
  : SUM | AVG | COUNT | MIN | MAX | GROUP | STDDEV | STDVAR | TOPK | BOTTOMK | COUNT_VALUES
  | QUANTILE | LIMITK | LIMIT_RATIO
  ;
aggregateBody : LEFT_PAREN callArgs? RIGHT_PAREN ;
// A trailing comma is accepted here and reported by the builder with Prometheus' message.
callArgs : expr (COMMA expr)* COMMA? ;
grouping : (BY | WITHOUT) groupingLabels ;
groupingLabels : LEFT_PAREN (groupingLabel (COMMA groupingLabel)* COMMA?)? RIGHT_PAREN ;
groupingLabel : labelName | STRING ;

// Inside braces and grouping lists every keyword is a plain label name.
labelName
  : IDENTIFIER | AND | OR | UNLESS | ATAN2 | aggregateOp | OFFSET | SMOOTHED | ANCHORED | BY
  | WITHOUT | ON | IGNORING | GROUP_LEFT | GROUP_RIGHT | FILL | FILL_LEFT | FILL_RIGHT | BOOL
  | START | END | STEP | RANGE | MAX_OF | MIN_OF | INF_LIT | NAN_LIT
  ;

labelMatchers : LEFT_BRACE (matcher (COMMA matcher)* COMMA?)? RIGHT_BRACE ;
// LL(1): a quoted name is a label name before an operator, and a metric name alone.
matcher
  : labelName matchOp STRING
  | STRING (matchOp STRING)?
  ;
matchOp : EQL | NEQ | EQL_REGEX | NEQ_REGEX ;

binModifier : BOOL? (onOrIgnoring groupingLabels (groupSide groupingLabels?)?)? fillModifier* ;
onOrIgnoring : ON | IGNORING ;
groupSide : GROUP_LEFT | GROUP_RIGHT ;
fillModifier : (FILL | FILL_LEFT | FILL_RIGHT) LEFT_PAREN (ADD | SUB)? numberLiteral RIGHT_PAREN ;

// Durations inside brackets and after offset: literals in seconds or with units, arithmetic,
// step(), range(), min_of(), max_of(). Anything but a plain literal needs the
// promql-duration-expr feature. Flat like `expr`, grouped by the builder: + - < * / % < sign < ^.
durationExpr : durationOperand ((ADD | SUB | MUL | DIV | MOD | POW) durationOperand)* ;
durationOperand
  : (ADD | SUB) durationOperand
  | NUMBER | DURATION | INF_LIT | NAN_LIT
  | durationCall
  | LEFT_PAREN durationExpr RIGHT_PAREN
  ;
durationCall
  : (STEP | RANGE) LEFT_PAREN RIGHT_PAREN
  | (MIN_OF | MAX_OF) LEFT_PAREN durationExpr COMMA durationExpr RIGHT_PAREN
  ;
