// Tokens of the .mzr language (docs/dsl.md). Embedded PromQL is not lexed here: the lexer in
// compiler/syntax/mzr_lexer.cpp cuts it out by indentation and hands it on as one RAW_EXPR token.
lexer grammar MzrLexer;

tokens { RAW_EXPR }

METRICS          : 'metrics';
TARGET_LABELS    : 'target_labels';
COUNTER          : 'counter';
GAUGE            : 'gauge';
HISTOGRAM        : 'histogram';
SUMMARY          : 'summary';
INFO             : 'info';
RULES            : 'rules';
ALERTS           : 'alerts';
RECORD           : 'record';
ALERT            : 'alert';
EVERY            : 'every';
OFFSET           : 'offset';
LIMIT            : 'limit';
PARTIAL_RESPONSE : 'partial_response';
LABELS           : 'labels';
ANNOTATIONS      : 'annotations';
FOR              : 'for';
KEEP_FIRING_FOR  : 'keep_firing_for';
EXPR             : 'expr';
DESCRIPTION      : 'description';
RUNBOOK          : 'runbook';
STACK            : 'stack';
EXTERNAL_LABELS  : 'external_labels';
THANOS           : 'thanos';
// Route tests (keep these before RULE_SELECTOR: the lexer treats METRICS..RULE_SELECTOR as names).
TEST             : 'test';
AT               : 'at';
NOT              : 'not';
INHIBITED_BY     : 'inhibited_by';
// Rule unit tests: `test rules` blocks. After `series`, the lexer cuts out the series by
// indentation, as after `expr`.
SERIES           : 'series';
FIRES            : 'fires';
SILENT           : 'silent';
RULES_NAMESPACE  : 'rules_namespace';
RULE_SELECTOR    : 'rule_selector';
// Loki: rule groups for the Loki ruler, the catalog of log stream labels, stack settings.
LOKI             : 'loki';
TENANT           : 'tenant';
STREAMS          : 'streams';

// Alertmanager: receivers, the routing tree, inhibit rules, time intervals, templates, global.
RECEIVER         : 'receiver';
ROUTE            : 'route';
INHIBIT          : 'inhibit';
TIME_INTERVAL    : 'time_interval';
GLOBAL           : 'global';
TEMPLATES        : 'templates';
CONTINUE         : 'continue';

// Grafana: dashboards and the stack's grafana settings. After `query`, and after `variable NAME =`,
// the lexer cuts out the query by indentation, as after `expr`.
DASHBOARD        : 'dashboard';
VARIABLE         : 'variable';
QUERY            : 'query';
THRESHOLDS       : 'thresholds';
GRAFANA          : 'grafana';

LBRACE : '{';
RBRACE : '}';
COMMA  : ',';
ASSIGN : '=';
ARROW  : '->';

// Alertmanager matcher operators, lists, and the time interval literals 09:00-17:00 and 1:5.
NOT_EQUAL   : '!=';
REGEX_MATCH : '=~';
NOT_REGEX   : '!~';
LBRACK      : '[';
RBRACK      : ']';
ELLIPSIS    : '...';
TIME_RANGE  : [0-9] [0-9]? ':' [0-9] [0-9] '-' [0-9] [0-9]? ':' [0-9] [0-9];
RANGE       : '-'? [0-9]+ ':' '-'? [0-9]+;

// Anything that starts with digits and goes on with letters; its units are checked later.
DURATION : [0-9]+ ('.' [0-9]+)? [a-zA-Z] [a-zA-Z0-9.]*;
NUMBER   : '-'? [0-9]+;
DECIMAL  : '-'? [0-9]+ '.' [0-9]+;
NAME     : [a-zA-Z_] [a-zA-Z0-9_.:\-]*;
STRING   : '"' (~["\\\r\n] | '\\' .)* '"';
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' .)*;

COMMENT : '#' ~[\r\n]* -> channel(2);
WS      : [ \t\r\n]+ -> skip;
ERROR_CHAR : .;
