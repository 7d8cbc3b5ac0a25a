#pragma once
// How the Thanos ruler is deployed: by the thanos subchart of the materialize-monitoring chart
// (its values), or by prometheus-operator from a ThanosRuler resource that mzrules writes beside
// the PrometheusRules it selects (`chart { thanos { ruler { deployed_by operator ... } } }`).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/model/rules.h"

namespace mzr::model {

enum class ThanosRulerBy : uint8_t { Chart, Operator };

// A key of a Secret in the ruler's namespace (a SecretKeySelector); both are required.
struct SecretKeyRef {
  Text secret;
  Text key;
  Span span;
};

// One requirement of a label selector: `name = "v"` is matchLabels (or In with one value),
// `name != "v"` is NotIn, which also matches objects without the label.
struct LabelRequirement {
  enum class Op : uint8_t { Equals, NotEquals };
  Text name;
  Op op = Op::Equals;
  Text value;
  Span span;
};

// A remote-write endpoint for the ruler's recorded series; its token, when it needs one, comes
// from a Secret (`authorization`, sent as a Bearer credential).
struct RulerRemoteWrite {
  Text url;
  std::optional<SecretKeyRef> authorization;
  Span span;
};

// The ThanosRuler resource's settings. Unset fields keep prometheus-operator's defaults.
struct ThanosRulerStack {
  ThanosRulerBy by = ThanosRulerBy::Chart;
  std::optional<Text> name;        // default "mzrules"
  std::optional<Text> namespace_;  // default: the stack's rules_namespace
  std::optional<Text> version;     // the Thanos version (`spec.version`): vMAJOR.MINOR.PATCH
  std::optional<int64_t> replicas;
  std::optional<Text> evaluation_interval;
  std::optional<Text> retention;
  std::vector<Text> query_endpoints;
  std::optional<SecretKeyRef> query_config;
  // Where alerts go: an Alertmanager URL from which mzrules writes the alertmanagers
  // configuration Secret, or a Secret of the user's.
  std::optional<Text> alertmanager_url;
  std::optional<SecretKeyRef> alertmanagers_config;
  std::optional<SecretKeyRef> object_storage;
  std::vector<RulerRemoteWrite> remote_write;
  std::vector<Text> alert_drop_labels;
  // The rule selector as written; unset, it requires every label our PrometheusRules carry.
  std::optional<std::vector<LabelRequirement>> rule_selector;
  Span rule_selector_span;
  Span span;  // of the ruler block; invalid when there is none
};

}  // namespace mzr::model
