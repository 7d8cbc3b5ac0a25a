// LogQL tokens as Loki 3.x lexes them (pkg/logql/syntax/lex.go), with two deliberate shifts of
// work to the front end (compiler/syntax/logql_tokens.cpp):
//  - Every word is lexed as IDENTIFIER. Loki decides whether a word is a keyword from its
//    lower-cased spelling and, for function names such as `rate` or `ip`, from whether `(` (or
//    `by (` / `without (`) follows; that needs the raw text after the word, so the front end
//    retypes words into the KW_* types declared below before the parser runs.
//  - Literals are lexed by shape only; their values (escapes, durations, byte sizes, ranges) are
//    checked afterwards so that a malformed one gets a precise message instead of a token error.
lexer grammar LogQLLexer;

tokens {
  KW_BY, KW_WITHOUT, KW_BOOL, KW_OFFSET, KW_ON, KW_IGNORING, KW_GROUP_LEFT, KW_GROUP_RIGHT,
  KW_OR, KW_AND, KW_UNLESS,
  KW_JSON, KW_REGEXP, KW_LOGFMT, KW_UNPACK, KW_PATTERN, KW_LINE_FORMAT, KW_LABEL_FORMAT,
  KW_DECOLORIZE, KW_DROP, KW_KEEP, KW_UNWRAP,
  KW_RATE, KW_RATE_COUNTER, KW_COUNT_OVER_TIME, KW_BYTES_RATE, KW_BYTES_OVER_TIME,
  KW_AVG_OVER_TIME, KW_SUM_OVER_TIME, KW_MIN_OVER_TIME, KW_MAX_OVER_TIME, KW_STDVAR_OVER_TIME,
  KW_STDDEV_OVER_TIME, KW_QUANTILE_OVER_TIME, KW_FIRST_OVER_TIME, KW_LAST_OVER_TIME,
  KW_ABSENT_OVER_TIME,
  KW_SUM, KW_AVG, KW_MAX, KW_MIN, KW_COUNT, KW_STDDEV, KW_STDVAR, KW_BOTTOMK, KW_TOPK, KW_SORT,
  KW_SORT_DESC, KW_APPROX_TOPK,
  KW_VECTOR, KW_LABEL_REPLACE, KW_BYTES_CONV, KW_DURATION_CONV, KW_DURATION_SECONDS_CONV, KW_IP
}

// Go's text/scanner skips these four whitespace characters only; anything else is a token.
WS : [ \t\r\n]+ -> channel(HIDDEN);
// `#` comments are LogQL's; Loki's scanner also runs in Go mode, which skips Go comments.
HASH_COMMENT : '#' ~[\n]* -> channel(HIDDEN);
LINE_COMMENT : '//' ~[\n]* -> channel(HIDDEN);
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN);

// A range is one token in Loki: everything between the brackets is a Prometheus duration.
RANGE : '[' ~[\]]* ']';
UNCLOSED_RANGE : '[' ~[\]]*;
RBRACKET : ']';

STRING : '"' (~["\\\n] | '\\' ~[\n])* '"' | '`' ~[`]* '`';
UNTERMINATED_STRING : '"' (~["\\\n] | '\\' ~[\n])* '\\'? | '`' ~[`]*;
CHAR_LITERAL : '\'' (~['\\\n] | '\\' ~[\n])* '\''?;

// A number directly followed by duration letters is a duration, by byte-size letters a byte
// size (tried in that order, as Loki does: `5mb` is the duration `5m` and then `b`). A minus sign
// directly before a duration belongs to it.
DURATION : '-'? NUM_HEAD [0-9.]* DUR_RUNE [0-9.nu\u00B5mshdwy]*;
BYTES : NUM_HEAD [0-9.]* BYTES_RUNE [0-9.BikKMGTP]*;
NUMBER
  : DEC_DIGITS ('.' DEC_DIGITS?)? EXPONENT?
  | '.' DEC_DIGITS EXPONENT?
  | '0' [xX] '_'? HEX_DIGIT ('_'? HEX_DIGIT)*
  | '0' [xX] ('_'? HEX_DIGIT)* ('.' HEX_DIGIT*)? [pP] [+-]? DEC_DIGITS
  | '0' [oO] '_'? [0-7] ('_'? [0-7])*
  | '0' [bB] '_'? [01] ('_'? [01])*
  ;
fragment NUM_HEAD : [0-9]+ | '.' [0-9];
fragment DUR_RUNE : [nu\u00B5mshdwy];
fragment BYTES_RUNE : [BikKMGTP];
fragment DEC_DIGITS : [0-9] ('_'? [0-9])*;
fragment EXPONENT : [eE] [+-]? DEC_DIGITS;
fragment HEX_DIGIT : [0-9a-fA-F];

// Parser flags of `logfmt`; the front end accepts only --strict and --keep-empty.
FLAG : '--' [\p{L}] [\p{L}-]*;

PIPE_EXACT : '|=';
PIPE_MATCH : '|~';
PIPE_PATTERN : '|>';
PIPE : '|';
NEQ : '!=';
NRE : '!~';
NPA : '!>';
RE : '=~';
CMP_EQ : '==';
EQ : '=';
GTE : '>=';
GT : '>';
LTE : '<=';
LT : '<';
ADD : '+';
SUB : '-';
MUL : '*';
DIV : '/';
MOD : '%';
POW : '^';
LBRACE : '{';
RBRACE : '}';
LPAREN : '(';
RPAREN : ')';
COMMA : ',';
DOT : '.';

IDENTIFIER : [\p{L}_] [\p{L}\p{Nd}_]*;

// Anything else is a token of its own, so the parser reports it with its position.
UNEXPECTED_CHAR : .;
