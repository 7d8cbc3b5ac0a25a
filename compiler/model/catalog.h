#pragma once
// Metric catalogs: what can be queried, with its type and labels.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/model/rules.h"

namespace mzr::model {

enum class MetricType : uint8_t { Counter, Gauge, Histogram, Summary, Info };
std::string_view metric_type_name(MetricType t);

struct MetricDecl {
  MetricType type = MetricType::Gauge;
  Text name;
  std::vector<Text> labels;  // the metric's own labels, without the catalog's target labels
  // False when the declaration states no label list: the labels are not known, so the series'
  // label set stays open.
  bool labels_known = true;
  std::optional<Text> help;
  Span span;
};

struct Catalog {
  Text name;
  std::vector<Text> target_labels;  // added by the scrape to every metric of the catalog
  std::vector<MetricDecl> metrics;
  // Labels whose every value the deployment fixes (mzrules.yaml's catalogs.label_values).
  std::map<std::string, std::vector<std::string>> label_values;
  Span span;
};

}  // namespace mzr::model
