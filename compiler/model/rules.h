#pragma once
// The rule model: rule groups with recording and alerting rules, whatever format they were
// written in. Every value keeps the span it was read from.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/base/duration.h"
#include "compiler/base/embedded.h"
#include "compiler/base/source.h"

namespace mzr::model {

struct Text {
  std::string value;
  Span span;
};

struct TimeSpan {
  Duration value;
  Span span;
};

struct LabelPair {
  Text name;
  Text value;
};

enum class RuleKind : uint8_t { Recording, Alerting };

struct Rule {
  RuleKind kind = RuleKind::Recording;
  Text name;  // the value of 'record' or 'alert'
  // The query, with the way back to its bytes in the source file; `expr_span` covers it.
  EmbeddedText expr;
  Span expr_span;
  std::optional<TimeSpan> for_duration;
  std::optional<TimeSpan> keep_firing_for;
  std::vector<LabelPair> labels;
  std::vector<LabelPair> annotations;
  Span span;
};

struct RuleGroup {
  Text name;
  std::optional<TimeSpan> interval;
  std::optional<TimeSpan> query_offset;
  int64_t limit = 0;
  std::optional<Text> partial_response_strategy;  // Thanos: "warn" or "abort"
  std::optional<Text> tenant;  // Loki: the tenant whose ruler evaluates the group
  std::vector<LabelPair> labels;
  std::vector<Rule> rules;
  Span span;
};

enum class RuleSourceFormat : uint8_t { RuleFile, PrometheusRule, Mzr };

// The query language of a rule set's expressions: PromQL for Prometheus and Thanos, LogQL for
// the Loki ruler.
enum class QueryLanguage : uint8_t { PromQL, LogQL };

// The groups of one rule file, or of one PrometheusRule custom resource.
struct RuleSet {
  RuleSourceFormat format = RuleSourceFormat::RuleFile;
  QueryLanguage language = QueryLanguage::PromQL;
  SourceId file = kNoSource;
  std::string resource_name;       // PrometheusRule metadata.name
  std::string resource_namespace;  // PrometheusRule metadata.namespace
  // PrometheusRule metadata.labels and .annotations, kept in the resource `build` writes: a
  // Prometheus of kube-prometheus selects rules by labels such as `prometheus: k8s`.
  std::vector<std::pair<std::string, std::string>> resource_labels;
  std::vector<std::pair<std::string, std::string>> resource_annotations;
  std::vector<RuleGroup> groups;
};

}  // namespace mzr::model
