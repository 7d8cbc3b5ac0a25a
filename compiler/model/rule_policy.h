#pragma once
// Project settings for rules: which catalogs are known, how recording rules are named, what
// every alert must carry, how often targets are scraped, and how jsonnet sources evaluate.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "compiler/base/duration.h"
#include "compiler/base/source.h"

namespace mzr::model {

struct CatalogSettings {
  // Whether the standard library's catalogs (kube-state-metrics, node-exporter, cAdvisor,
  // kubelet, Materialize) are known; `only` limits them to the named catalogs.
  bool stdlib = true;
  std::vector<std::string> only;
  // Labels every scraped series may carry besides its catalog's target labels: the external
  // labels of the Prometheus servers a Thanos querier reads, for example 'cluster'.
  std::vector<std::string> target_labels;
  // Per catalog, every value a label of its metrics takes in this deployment, for labels whose
  // values the deployment fixes (the job names of the chart's scrape configurations, for
  // example): a matcher that matches none of them selects nothing.
  struct LabelValues {
    std::string catalog;
    Span span;  // of the catalog's name in the settings
    std::map<std::string, std::vector<std::string>> values;
  };
  std::vector<LabelValues> label_values;
};

struct RequiredLabel {
  std::string name;
  std::vector<std::string> allowed;  // empty: any non-empty value
};

struct RulePolicy {
  // RE2 pattern a recording rule's name must match in full. The default is the Prometheus
  // convention level:metric:operations.
  std::string recording_name = "[^:]+:[^:]+:[^:]+";
  std::vector<RequiredLabel> required_labels;     // on every alerting rule
  std::vector<std::string> required_annotations;  // on every alerting rule
  // The scrape interval of the targets rules read (Prometheus' default: 1m).
  Duration scrape_interval{60'000};
};

struct JsonnetSettings {
  // Library search paths (-J), relative to the repository root.
  std::vector<std::string> library_paths;
  unsigned max_stack = 200;                // nested calls
  uint64_t max_output_bytes = 16u << 20;   // of the evaluated JSON
  uint64_t max_memory_bytes = 2ull << 30;  // added by an evaluation to what the compiler uses
  unsigned max_trace = 20;                 // lines of stack trace in error messages
};

}  // namespace mzr::model
