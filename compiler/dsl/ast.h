#pragma once
// The syntax tree of a .mzr file, as written: what `mzrules fmt` prints back and what lowering
// turns into the model. Every node keeps its span and the comments around it.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/base/duration.h"
#include "compiler/base/embedded.h"
#include "compiler/base/source.h"

namespace mzr::dsl {

struct Comment {
  std::string text;  // from '#' to the end of the line
  Span span;
};

// Comments on their own lines before a node, and one on the same line after it.
struct Comments {
  std::vector<Comment> leading;
  std::optional<Comment> trailing;
};

struct Name {
  std::string value;
  Span span;
  bool quoted = false;
};

struct Text {
  std::string value;               // the adjacent strings joined, escapes resolved
  std::vector<std::string> parts;  // each string as written, without quotes
  Span span;
};

struct DurationValue {
  Duration value;
  std::string written;
  Span span;
};

struct LabelPair {
  Name name;
  Text value;
  Comments comments;
};

struct LabelMap {
  std::vector<LabelPair> pairs;
  Span span;
  Comments inner;  // comments before the closing brace
};

enum class MetricType : uint8_t { Counter, Gauge, Histogram, Summary, Info };

struct Metric {
  MetricType type = MetricType::Gauge;
  Name name;
  std::optional<std::vector<Name>> labels;
  std::optional<Text> help;
  Span span;
  Comments comments;
};

struct MetricsBlock {
  Name name;
  std::optional<std::vector<Name>> target_labels;
  Comments target_comments;
  std::vector<Metric> metrics;
  Span span;
  Comments comments;
  Comments inner;
};

struct Expression {
  EmbeddedText text;  // verbatim, with its place in the file
  Span span;
};

struct GroupOptions {
  std::optional<DurationValue> every;
  std::optional<DurationValue> offset;
  std::optional<int64_t> limit;
  std::optional<Name> partial_response;
  std::optional<LabelMap> labels;
  std::optional<Text> tenant;  // Loki groups
};

struct RecordRule {
  Name name;
  Expression expr;
  std::optional<LabelMap> labels;
  Span span;
  Comments comments;
};

// One field of an alert, in the order written.
struct AlertField {
  enum class Kind : uint8_t { Expr, Labels, Annotations, Summary, Description, Runbook };
  Kind kind = Kind::Expr;
  Span keyword;                    // the field's keyword
  std::optional<Expression> expr;  // Expr
  std::optional<LabelMap> map;     // Labels, Annotations
  std::optional<Text> text;        // Summary, Description, Runbook
  Comments comments;
};

struct AlertRule {
  Name name;
  std::optional<DurationValue> for_duration;
  std::optional<DurationValue> keep_firing_for;
  std::vector<AlertField> fields;
  Span span;
  Comments comments;
  Comments inner;
};

struct RuleGroupBlock {
  bool alerting = false;
  bool loki = false;  // `loki rules` / `loki alerts`: LogQL, evaluated by the Loki ruler
  Name name;
  GroupOptions options;
  std::vector<RecordRule> records;
  std::vector<AlertRule> alerts;
  Span span;
  Comments comments;
  Comments inner;
};

}  // namespace mzr::dsl

#include "compiler/dsl/ast_alertmanager.h"  // NOLINT(misc-header-include-cycle)

namespace mzr::dsl {

// `key "value"`, as in the stack's `loki { tenant "loki" }`.
struct KeyText {
  Name key;
  Text value;
  Comments comments;
};

struct StackEntry {
  enum class Kind : uint8_t {
    ExternalLabels,
    Thanos,
    RulesNamespace,
    RuleSelector,
    Loki,
    Grafana,
    Chart
  };
  Kind kind = Kind::ExternalLabels;
  Span keyword;
  std::optional<LabelMap> map;                  // ExternalLabels, RuleSelector
  std::optional<Name> thanos_partial_response;  // Thanos
  std::optional<Text> text;                     // RulesNamespace
  std::vector<KeyText> settings;                // Loki
  std::optional<AmValueNode> body;  // Grafana, Chart: settings as in Alertmanager bodies
  Span close;                       // Loki: the closing brace
  Comments inner;                   // Loki: comments before the closing brace
  Comments comments;
};

struct StackBlock {
  std::vector<StackEntry> entries;
  Span span;
  Comments comments;
  Comments inner;
};

// `streams NAME { namespace, pod, ... }`: labels that log streams carry.
struct StreamsBlock {
  Name name;
  std::vector<Name> labels;
  Span span;
  Comments comments;
};

}  // namespace mzr::dsl

#include "compiler/dsl/ast_dashboard.h"  // NOLINT(misc-header-include-cycle)
#include "compiler/dsl/ast_tests.h"      // NOLINT(misc-header-include-cycle)

namespace mzr::dsl {

using Item = std::variant<MetricsBlock, RuleGroupBlock, StackBlock, StreamsBlock, AmBlock,
                          RouteTestBlock, DashboardBlock, RuleTestBlock>;

struct File {
  SourceId source = kNoSource;
  std::vector<Item> items;
  std::vector<Comment> trailing;   // comments after the last item
  bool has_errors = false;         // syntax errors were reported: the tree may be incomplete
  std::vector<Span> all_comments;  // every comment outside expressions, to prove none is lost
};

}  // namespace mzr::dsl
