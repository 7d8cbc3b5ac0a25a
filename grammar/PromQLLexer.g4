// PromQL tokens as Prometheus 3.x lexes them (promql/parser/lex.go).
//
// The lexer is deliberately permissive: malformed numbers, durations and strings become tokens
// of their own (BAD_NUMBER, UNTERMINATED_STRING, ...) so that compiler/syntax can report them
// with Prometheus' wording and an exact position, instead of ANTLR's generic recovery.
// Keywords are case-insensitive; function names are plain identifiers.
lexer grammar PromQLLexer;

// COLON only occurs inside brackets: elsewhere ':' starts a metric name, as in Prometheus.
tokens { COLON }

// -- Literals ------------------------------------------------------------------------------------
// Durations come first so that `5m` is never split into NUMBER IDENTIFIER; a number followed by
// letters that is not a valid duration becomes BAD_NUMBER (longest match).
DURATION : (DIGITS DURATION_UNIT)+ ;
NUMBER
  : DIGITS ('.' DIGITS?)? EXPONENT?
  | '.' DIGITS EXPONENT?
  | '0' [xX] '_'? HEX_DIGITS
  ;
INF_LIT : I N F ;
NAN_LIT : N A N ;
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

// -- Keywords ------------------------------------------------------------------------------------
AND : A N D ;
OR : O R ;
UNLESS : U N L E S S ;
ATAN2 : A T A N '2' ;
SUM : S U M ;
AVG : A V G ;
COUNT : C O U N T ;
MIN : M I N ;
MAX : M A X ;
GROUP : G R O U P ;
STDDEV : S T D D E V ;
STDVAR : S T D V A R ;
TOPK : T O P K ;
BOTTOMK : B O T T O M K ;
COUNT_VALUES : C O U N T '_' V A L U E S ;
QUANTILE : Q U A N T I L E ;
LIMITK : L I M I T K ;
LIMIT_RATIO : L I M I T '_' R A T I O ;
OFFSET : O F F S E T ;
SMOOTHED : S M O O T H E D ;
ANCHORED : A N C H O R E D ;
BY : B Y ;
WITHOUT : W I T H O U T ;
ON : O N ;
IGNORING : I G N O R I N G ;
GROUP_LEFT : G R O U P '_' L E F T ;
GROUP_RIGHT : G R O U P '_' R I G H T ;
BOOL : B O O L ;
START : S T A R T ;
END : E N D ;
STEP : S T E P ;
RANGE : R A N G E ;
MAX_OF : M A X '_' O F ;
MIN_OF : M I N '_' O F ;
// Prometheus treats `fill*` as keywords only before a parenthesis; the parser lets them be metric
// names elsewhere, which has the same effect without a lexer predicate.
FILL : F I L L ;
FILL_LEFT : F I L L '_' L E F T ;
FILL_RIGHT : F I L L '_' R I G H T ;

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
