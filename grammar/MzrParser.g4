// The structure of the .mzr language (docs/dsl.md).
parser grammar MzrParser;

options { tokenVocab = MzrLexer; }

file : item* EOF;

item
  : metricsBlock | rulesBlock | alertsBlock | stackBlock | lokiBlock | streamsBlock
  | receiverBlock | routeBlock | inhibitBlock | timeIntervalBlock | globalBlock | templatesBlock
  | ruleTestBlock | testBlock | dashboardBlock | unknownBlock
  ;

// The alternatives named unknown* take misspelt keywords, so that the mistake is reported once,
// with a suggestion, and parsing goes on as if it had been spelt right.
unknownBlock : (NAME | notBlockKeyword) (~(LBRACE | RBRACE))* braceBody;
braceBody    : LBRACE (~(LBRACE | RBRACE) | braceBody)* RBRACE;

metricsBlock : METRICS name LBRACE metricsEntry* RBRACE;
metricsEntry
  : TARGET_LABELS nameList                 # targetLabels
  | metricType name nameList? text?        # metricDecl
  | NAME name nameList? text?              # unknownMetricEntry
  ;
metricType : COUNTER | GAUGE | HISTOGRAM | SUMMARY | INFO;
nameList   : LBRACE (name (COMMA name)* COMMA?)? RBRACE;

rulesBlock  : RULES name groupOption* LBRACE recordRule* RBRACE;
alertsBlock : ALERTS name groupOption* LBRACE alertRule* RBRACE;
groupOption
  : EVERY DURATION             # everyOption
  | OFFSET DURATION            # offsetOption
  | LIMIT NUMBER               # limitOption
  | PARTIAL_RESPONSE name      # partialResponseOption
  | LABELS labelMap            # labelsOption
  | TENANT text                # tenantOption
  | NAME (DURATION | NUMBER | NAME)?  # unknownGroupOption
  ;

// Rule groups for the Loki ruler: the same groups, with LogQL expressions and a tenant.
lokiBlock    : LOKI (rulesBlock | alertsBlock);
// The labels log streams carry, for the LogQL label inference.
streamsBlock : STREAMS name nameList;

recordRule  : RECORD name ASSIGN RAW_EXPR (LABELS labelMap)?;
alertRule   : ALERT name alertOption* LBRACE alertField* RBRACE;
alertOption
  : FOR DURATION               # forOption
  | KEEP_FIRING_FOR DURATION   # keepFiringForOption
  | NAME DURATION?             # unknownAlertOption
  ;
alertField
  : EXPR RAW_EXPR              # exprField
  | LABELS labelMap            # labelsField
  | ANNOTATIONS labelMap       # annotationsField
  | SUMMARY text               # summaryField
  | DESCRIPTION text           # descriptionField
  | RUNBOOK text               # runbookField
  | NAME (labelMap | text)?    # unknownAlertField
  ;

labelMap  : LBRACE (labelPair (COMMA? labelPair)* COMMA?)? RBRACE;
labelPair : name ASSIGN text;
text      : STRING+;

stackBlock : STACK LBRACE stackEntry* RBRACE;
stackEntry
  : EXTERNAL_LABELS labelMap                         # externalLabels
  | THANOS LBRACE (PARTIAL_RESPONSE name)? RBRACE    # thanosSettings
  | RULES_NAMESPACE text                             # rulesNamespace
  | RULE_SELECTOR labelMap                           # ruleSelector
  | LOKI LBRACE lokiSetting* RBRACE                  # lokiSettings
  | GRAFANA amBody                                   # grafanaSettings
  | NAME amBody                                      # namedStackSettings
  | NAME (labelMap | text | braceBody)?              # unknownStackEntry
  ;

lokiSetting : (TENANT | NAME) text;

// Alertmanager. Bodies are settings in alertmanager.yml's own names, checked when lowered; a
// setting whose first value is a matcher (name op value) takes a list of matchers.
receiverBlock     : RECEIVER name amBody;
routeBlock        : ROUTE amBody;
inhibitBlock      : INHIBIT amBody;
timeIntervalBlock : TIME_INTERVAL name amBody+;
globalBlock       : GLOBAL amBody;
templatesBlock    : TEMPLATES amValue (COMMA amValue)*;

amBody : LBRACE (amEntry COMMA?)* RBRACE;
amEntry
  : name amMatcher (COMMA amMatcher)*       # amMatchEntry
  | CONTINUE                                # amContinueEntry
  | name ASSIGN? amValue (COMMA amValue)*   # amSettingEntry
  ;
amMatcher      : name amMatchOp amMatcherValue?;
amMatchOp      : ASSIGN | NOT_EQUAL | REGEX_MATCH | NOT_REGEX;
amMatcherValue : STRING | NAME | NUMBER | DECIMAL | DURATION | keyword;
amValue
  : text | NAME | keyword | NUMBER | DECIMAL | DURATION | RANGE | TIME_RANGE | ELLIPSIS | amBody
  | amList;
amList : LBRACK (amValue (COMMA amValue)* COMMA?)? RBRACK;

// Route tests: `test route [TITLE] {labels} | alert NAME [{labels}]`, then `at "TIME"`,
// `[not] inhibited_by {labels}...`, and `-> [receivers]`.
testBlock   : TEST name text? testSubject testClause* (ARROW receiverList)?;
testSubject
  : labelMap                     # labelsSubject
  | ALERT name labelMap?         # alertSubject
  ;
testClause
  : AT text                      # atClause
  | NOT? INHIBITED_BY labelMap+  # inhibitedByClause
  ;
receiverList : LBRACK (name (COMMA name)* COMMA?)? RBRACK;

// Rule unit tests (docs/rule-tests.md): input series and what is expected at given times, run
// against the repository's rule groups. `series` and `expr` take the rest of their line (and
// deeper lines) as they are; an expression test ends in `-> [samples]`.
ruleTestBlock : TEST RULES text? (EVERY DURATION)? LBRACE ruleTestEntry* RBRACE;
ruleTestEntry
  : SERIES RAW_EXPR                                 # seriesEntry
  | AT DURATION FIRES name labelMap? firesField*    # firesEntry
  | AT DURATION SILENT name                         # silentEntry
  | AT DURATION EXPR RAW_EXPR                       # exprEntry
  | EXTERNAL_LABELS labelMap                        # testExternalLabels
  | NAME text?                                      # testSetting
  ;
firesField
  : SUMMARY text            # firesSummary
  | DESCRIPTION text        # firesDescription
  | RUNBOOK text            # firesRunbook
  | ANNOTATIONS labelMap    # firesAnnotations
  ;

// Grafana dashboards: `dashboard UID "TITLE" { ... }`. Bodies hold settings named after the
// dashboard JSON's fields (with values as in Alertmanager bodies), titled blocks (`row "T" {...}`,
// `timeseries "T" {...}`), queries cut out by indentation, variables and threshold steps.
dashboardBlock : DASHBOARD name text? dashBody;
dashBody       : LBRACE dashEntry* RBRACE;
dashEntry
  : QUERY RAW_EXPR                                # dashQuery
  | VARIABLE name (ASSIGN RAW_EXPR | dashBody)    # dashVariable
  | THRESHOLDS thresholdStep (COMMA thresholdStep)*  # dashThresholds
  | name dashBody                                 # dashBlock
  | name amValue (COMMA amValue)* dashBody?       # dashSetting
  ;
thresholdStep : (NUMBER | DECIMAL)? name;

name : NAME | STRING | keyword;
notBlockKeyword
  : TARGET_LABELS | COUNTER | GAUGE | HISTOGRAM | SUMMARY | INFO | RECORD | ALERT | EVERY | OFFSET
  | LIMIT | PARTIAL_RESPONSE | LABELS | ANNOTATIONS | FOR | KEEP_FIRING_FOR | DESCRIPTION | RUNBOOK
  | EXTERNAL_LABELS | THANOS | RULES_NAMESPACE | RULE_SELECTOR
  | TENANT | CONTINUE | AT | NOT | INHIBITED_BY | SERIES | FIRES | SILENT | VARIABLE | QUERY
  | THRESHOLDS | GRAFANA
  ;
keyword
  : METRICS | TARGET_LABELS | COUNTER | GAUGE | HISTOGRAM | SUMMARY | INFO | RULES | ALERTS
  | RECORD | ALERT | EVERY | OFFSET | LIMIT | PARTIAL_RESPONSE | LABELS | ANNOTATIONS | FOR
  | KEEP_FIRING_FOR | EXPR | DESCRIPTION | RUNBOOK | STACK | EXTERNAL_LABELS | THANOS
  | RULES_NAMESPACE | RULE_SELECTOR
  | LOKI | TENANT | STREAMS
  | RECEIVER | ROUTE | INHIBIT | TIME_INTERVAL | GLOBAL | TEMPLATES
  | TEST | AT | NOT | INHIBITED_BY | SERIES | FIRES | SILENT
  | DASHBOARD | VARIABLE | QUERY | THRESHOLDS | GRAFANA
  ;
