// LogQL as Loki 3.x parses it (pkg/logql/syntax/syntax.y), written for ANTLR's SLL mode:
// alternatives that yacc spells out one by one (25 shapes of a log range) are factored so that
// each decision is made by a short lookahead. Loki's checks after parsing (which aggregation
// needs `unwrap`, which legs a binary operation accepts, empty-compatible selectors, ...) are not
// in the grammar; compiler/logql/check.cpp applies them to the typed AST.
parser grammar LogQLParser;

options { tokenVocab = LogQLLexer; }

root : expr EOF;

// Precedence from the tightest: ^ (right), * / %, + -, comparisons, and/unless, or.
expr
  : <assoc = right> expr op = POW binModifier expr
  | expr op = (MUL | DIV | MOD) binModifier expr
  | expr op = (ADD | SUB) binModifier expr
  | expr op = (CMP_EQ | NEQ | GT | GTE | LT | LTE) binModifier expr
  | expr op = (KW_AND | KW_UNLESS) binModifier expr
  | expr op = KW_OR binModifier expr
  | primary
  ;

binModifier : KW_BOOL? matching?;
matching
  : on = (KW_ON | KW_IGNORING) LPAREN labelList? RPAREN
    (group = (KW_GROUP_LEFT | KW_GROUP_RIGHT) (LPAREN include = labelList? RPAREN)?)?
  ;

primary
  : selector pipeline?                                                      # logQuery
  | rangeOp LPAREN (NUMBER COMMA)? logRange RPAREN grouping?                # rangeAggregation
  | vectorOp (grouping LPAREN vectorArgs RPAREN | LPAREN vectorArgs RPAREN grouping?)
                                                                            # vectorAggregation
  | KW_LABEL_REPLACE LPAREN expr COMMA STRING COMMA STRING COMMA STRING COMMA STRING RPAREN
                                                                            # labelReplace
  | KW_VECTOR LPAREN NUMBER RPAREN                                          # vectorCall
  | sign = (ADD | SUB)? NUMBER                                              # literal
  | LPAREN expr RPAREN                                                      # parens
  ;

vectorArgs : (NUMBER COMMA)? expr;

rangeOp
  : KW_RATE | KW_RATE_COUNTER | KW_COUNT_OVER_TIME | KW_BYTES_RATE | KW_BYTES_OVER_TIME
  | KW_AVG_OVER_TIME | KW_SUM_OVER_TIME | KW_MIN_OVER_TIME | KW_MAX_OVER_TIME
  | KW_STDVAR_OVER_TIME | KW_STDDEV_OVER_TIME | KW_QUANTILE_OVER_TIME | KW_FIRST_OVER_TIME
  | KW_LAST_OVER_TIME | KW_ABSENT_OVER_TIME
  ;

vectorOp
  : KW_SUM | KW_AVG | KW_MAX | KW_MIN | KW_COUNT | KW_STDDEV | KW_STDVAR | KW_BOTTOMK | KW_TOPK
  | KW_SORT | KW_SORT_DESC | KW_APPROX_TOPK
  ;

// The shapes Loki accepts: the pipeline and unwrap before the range, or after it; the selector
// with its pipeline in parentheses before the range; and any of these in parentheses.
logRange
  : selector
    (pipeline unwrap? RANGE offset? | unwrap RANGE offset? | RANGE offset? pipeline? unwrap?)
  | LPAREN selector (pipeline unwrap? | unwrap) RPAREN RANGE offset?
  | LPAREN selector RPAREN RANGE offset? unwrap?
  | LPAREN logRange RPAREN
  ;

offset : KW_OFFSET DURATION;

unwrap
  : PIPE KW_UNWRAP
    ( IDENTIFIER
    | conv = (KW_BYTES_CONV | KW_DURATION_CONV | KW_DURATION_SECONDS_CONV) LPAREN IDENTIFIER RPAREN
    )
    (PIPE labelFilterExpr)*
  ;

grouping : (KW_BY | KW_WITHOUT) LPAREN labelList? RPAREN;
labelList : IDENTIFIER (COMMA IDENTIFIER)*;

selector : LBRACE (matcher (COMMA matcher)*)? RBRACE;
matcher : IDENTIFIER op = (EQ | NEQ | RE | NRE) STRING;

pipeline : stage+;

stage
  : lineFilter                                                # lineFilterStage
  | PIPE KW_JSON extractionList?                              # jsonStage
  | PIPE KW_LOGFMT FLAG* extractionList?                      # logfmtStage
  | PIPE KW_REGEXP STRING                                     # regexpStage
  | PIPE KW_PATTERN STRING                                    # patternStage
  | PIPE KW_UNPACK                                            # unpackStage
  | PIPE KW_LINE_FORMAT STRING                                # lineFormatStage
  | PIPE KW_DECOLORIZE                                        # decolorizeStage
  | PIPE KW_LABEL_FORMAT labelFormat (COMMA labelFormat)*     # labelFormatStage
  | PIPE kind = (KW_DROP | KW_KEEP) namedMatcher (COMMA namedMatcher)*  # dropKeepStage
  | PIPE labelFilterExpr                                      # labelFilterStage
  ;

lineFilter
  : op = (PIPE_EXACT | NEQ | PIPE_MATCH | NRE | PIPE_PATTERN | NPA) lineFilterValue
    (KW_OR lineFilterValue)*
  ;
lineFilterValue : STRING | KW_IP LPAREN STRING RPAREN;

extractionList : extraction (COMMA extraction)*;
extraction : IDENTIFIER (EQ STRING)?;
labelFormat : IDENTIFIER EQ (IDENTIFIER | STRING);
namedMatcher : IDENTIFIER (op = (EQ | NEQ | RE | NRE) STRING)?;

// A flat sequence; the builder gives it Loki's grouping (`and` binds tighter than `or`; a comma
// or plain juxtaposition means `and` and takes everything after it as its right operand).
labelFilterExpr : labelFilterAtom (labelFilterOp? labelFilterAtom)*;
labelFilterOp : KW_AND | KW_OR | COMMA;
labelFilterAtom
  : LPAREN labelFilterExpr RPAREN                                          # labelFilterParens
  | IDENTIFIER op = (EQ | NEQ) KW_IP LPAREN STRING RPAREN                  # ipLabelFilter
  | IDENTIFIER op = (EQ | NEQ | RE | NRE) STRING                           # stringLabelFilter
  | IDENTIFIER op = (GT | GTE | LT | LTE | NEQ | EQ | CMP_EQ) value = (DURATION | BYTES)
                                                                           # unitLabelFilter
  | IDENTIFIER op = (GT | GTE | LT | LTE | NEQ | EQ | CMP_EQ) sign = (ADD | SUB)? NUMBER
                                                                           # numberLabelFilter
  ;
