// PromQL tokens as Prometheus 3.x lexes them (promql/parser/lex.go).
//
// The lexer is deliberately permissive: malformed numbers, durations and strings become tokens
// of their own (BAD_NUMBER, UNTERMINATED_STRING, ...) so that compiler/syntax can report them
// with Prometheus' wording and an exact position, instead of ANTLR's generic recovery.
// Keywords are case-insensitive; function names are plain identifiers.
lexer grammar PromQLLexer;

// COLON only occurs inside brackets: elsewhere ':' starts a metric name, as in Prometheus.
//
// Keywords are lexed as IDENTIFIER and given their type by compiler/syntax/promql_parser.cpp,
// which looks the identifier up (case-insensitively) outside brackets. A rule per keyword, each
// spelled with a fragment per letter, made the lexer's automaton many times larger, and
// building its DFA was a large part of checking a directory of rule files. The result is the
// same: a keyword matched only when it is the whole identifier, as with longest match before.
// Kept in this order: compiler/syntax tests ranges of these types.
tokens {
  COLON,
  INF_LIT, NAN_LIT,
  AND, OR, UNLESS, ATAN2,
  SUM, AVG, COUNT, MIN, MAX, GROUP, STDDEV, STDVAR, TOPK, BOTTOMK, COUNT_VALUES, QUANTILE, LIMITK,
  LIMIT_RATIO,
  OFFSET, SMOOTHED, ANCHORED, BY, WITHOUT, ON, IGNORING, GROUP_LEFT, GROUP_RIGHT, BOOL, START, END,
  STEP, RANGE, MAX_OF, MIN_OF, FILL, FILL_LEFT, FILL_RIGHT
}

// -- Literals ------------------------------------------------------------------------------------
// Durations come first so that `5m` is never split into NUMBER IDENTIFIER; a number followed by
// letters that is not a valid duration becomes BAD_NUMBER (longest match).
DURATION : (DIGITS DURATION_UNIT)+ ;
NUMBER
  : DIGITS ('.' DIGITS?)? EXPONENT?
  | '.' DIGITS EXPONENT?
  | '0' [xX] '_'? HEX_DIGITS
  ;
BAD_NUMBER : [0-9.] [0-9a-zA-Z_.]* ;

STRING
  : '"' (ESCAPE | ~["\\\r\n])* '"'
  | '\'' (ESCAPE | ~['\\\r\n])* '\''
  | '`' ~'`'* '`'
  ;
// A quote that is never closed on its line (or, for raw strings, before the end of input).
UNTERMINATED_STRING
  : '"' (ESCAPE | ~["\\\r\n])* '\\'?
  | '\'' (ESCAPE | ~['\\\r\n])* '\\'?
  | '`' ~'`'*
  ;

// Metric names may start with ':' (Prometheus' lexer treats ':' like a letter outside brackets).
METRIC_IDENTIFIER : ([a-zA-Z_] [a-zA-Z0-9_]*)? ':' [a-zA-Z0-9_:]* ;
IDENTIFIER : [a-zA-Z_] [a-zA-Z0-9_]* ;

// -- Operators and punctuation -------------------------------------------------------------------
ADD : '+' ;
SUB : '-' ;
MUL : '*' ;
DIV : '/' ;
MOD : '%' ;
POW : '^' ;
EQLC : '==' ;
NEQ : '!=' ;
LTE : '<=' ;
GTE : '>=' ;
TRIM_UPPER : '</' ;
TRIM_LOWER : '>/' ;
LSS : '<' ;
GTR : '>' ;
EQL_REGEX : '=~' ;
NEQ_REGEX : '!~' ;
EQL : '=' ;
AT : '@' ;
COMMA : ',' ;
LEFT_PAREN : '(' ;
RIGHT_PAREN : ')' ;
LEFT_BRACE : '{' ;
RIGHT_BRACE : '}' ;
LEFT_BRACKET : '[' -> pushMode(DURATIONS) ;
RIGHT_BRACKET : ']' ;

COMMENT : '#' ~[\r\n]* -> skip ;
WS : [ \t\r\n]+ -> skip ;
// Anything else; reported as "unexpected character" before parsing.
ERROR_CHAR : . ;

// Inside `[...]` Prometheus lexes only durations and their arithmetic (lexDurationExpr).
mode DURATIONS;
D_RIGHT_BRACKET : ']' -> type(RIGHT_BRACKET), popMode ;
D_DURATION : (DIGITS DURATION_UNIT)+ -> type(DURATION) ;
D_NUMBER
  : (DIGITS ('.' DIGITS?)? EXPONENT? | '.' DIGITS EXPONENT? | '0' [xX] '_'? HEX_DIGITS)
    -> type(NUMBER)
  ;
D_BAD_NUMBER : [0-9.] [0-9a-zA-Z_.]* -> type(BAD_NUMBER) ;
D_STEP : S T E P -> type(STEP) ;
D_RANGE : R A N G E -> type(RANGE) ;
D_MAX_OF : M A X '_' O F -> type(MAX_OF) ;
D_MIN_OF : M I N '_' O F -> type(MIN_OF) ;
D_IDENTIFIER : [a-zA-Z_] [a-zA-Z0-9_]* -> type(IDENTIFIER) ;
D_ADD : '+' -> type(ADD) ;
D_SUB : '-' -> type(SUB) ;
D_MUL : '*' -> type(MUL) ;
D_DIV : '/' -> type(DIV) ;
D_MOD : '%' -> type(MOD) ;
D_POW : '^' -> type(POW) ;
D_COLON : ':' -> type(COLON) ;
D_COMMA : ',' -> type(COMMA) ;
D_LEFT_PAREN : '(' -> type(LEFT_PAREN) ;
D_RIGHT_PAREN : ')' -> type(RIGHT_PAREN) ;
D_WS : [ \t\r\n]+ -> skip ;
// A nested '[', a string, a brace...: reported as unexpected in a duration expression.
D_ERROR_CHAR : . -> type(ERROR_CHAR) ;

fragment DIGITS : [0-9]+ ('_' [0-9]+)* ;
fragment HEX_DIGITS : [0-9a-fA-F]+ ('_' [0-9a-fA-F]+)* ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;
fragment DURATION_UNIT : 'ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'y' ;
fragment ESCAPE : '\\' . ;
fragment A : [aA] ;
fragment B : [bB] ;
fragment C : [cC] ;
fragment D : [dD] ;
fragment E : [eE] ;
fragment F : [fF] ;
fragment G : [gG] ;
fragment H : [hH] ;
fragment I : [iI] ;
fragment K : [kK] ;
fragment L : [lL] ;
fragment M : [mM] ;
fragment N : [nN] ;
fragment O : [oO] ;
fragment P : [pP] ;
fragment Q : [qQ] ;
fragment R : [rR] ;
fragment S : [sS] ;
fragment T : [tT] ;
fragment U : [uU] ;
fragment V : [vV] ;
fragment W : [wW] ;
fragment X : [xX] ;
fragment Y : [yY] ;
