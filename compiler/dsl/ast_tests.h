#pragma once
// Route tests and rule unit tests in the .mzr syntax tree (docs/dsl.md, "Route tests";
// docs/rule-tests.md, "Tests in the DSL"). Part of compiler/dsl/ast.h,
// which includes this file where the shared leaf nodes are declared: include ast.h, not this.
//
//   test route "pages the adapter team" alert EnvdDown { namespace = "prod" }
//     at "2024-12-25T10:00:00Z" not inhibited_by { severity = "info" } -> [pagerduty-adapter]

#include "compiler/dsl/ast.h"

namespace mzr::dsl {

struct TestInhibition {
  bool expect_inhibited = true;  // `inhibited_by`, or `not inhibited_by`
  std::vector<LabelMap> firing;
  Span span;
};

struct RouteTestBlock {
  Name kind;  // "route", the only kind of test so far
  std::optional<Text> title;
  std::optional<Name> alert;  // `alert NAME`
  std::optional<LabelMap> labels;
  std::optional<Text> at;
  std::vector<TestInhibition> inhibitions;
  std::optional<std::vector<Name>> receivers;  // after `->`
  Span receivers_span;
  Span span;
  Comments comments;
};

// One entry of a `test rules` block, in the order written.
//
//   series up{job="api"} 1x5 0x20
//   at 12m fires ApiDown { severity = "critical" } summary "api is down"
//   at 4m silent ApiDown
//   at 10m expr sum(up) -> [{} 0]
//   external_labels { cluster = "c1" }
//   external_url "https://prometheus.example"
struct RuleTestEntry {
  enum class Kind : uint8_t { Series, Fires, Silent, Expr, ExternalLabels, Setting };
  Kind kind = Kind::Series;
  Span keyword;                         // `series`, `at`, `external_labels`, the setting's name
  std::optional<DurationValue> at;      // Fires, Silent, Expr
  std::optional<Expression> raw;        // Series: the series and its values; Expr: `Q -> [...]`
  std::optional<Name> alert;            // Fires, Silent
  std::optional<LabelMap> labels;       // Fires (expected labels), ExternalLabels
  std::vector<AlertField> annotations;  // Fires: Summary, Description, Runbook, Annotations
  std::optional<Name> setting;          // Setting: `external_url`
  std::optional<Text> text;             // Setting: its value
  Span span;
  Comments comments;
};

// `test rules ["TITLE"] [every DURATION] { ... }`: one test group, run against the repository's
// rule groups; `every` is the interval of the input series.
struct RuleTestBlock {
  std::optional<Text> title;
  std::optional<DurationValue> every;
  std::vector<RuleTestEntry> entries;
  Span span;
  Comments comments;
  Comments inner;  // comments before the closing brace
};

}  // namespace mzr::dsl
