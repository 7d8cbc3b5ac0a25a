#pragma once
// Label-set inference: which labels the series of a vector expression can carry.
//
// A metric known to the catalog has a closed set (its labels, plus `le` on histogram buckets and
// `quantile` on summaries); an unknown metric has an open set (anything may be there). Inference
// follows Prometheus' engine (aggregations, vector matching, label_replace/label_join,
// count_values, absent, histogram_quantile, functions that drop `__name__`), and reports the
// mistakes it proves as warnings: grouping or matching on a label that cannot exist,
// group_left/group_right labels missing on the "one" side, rate() over a gauge,
// histogram_quantile() over a vector without `le`, and one-to-one matches where a side certainly
// has several series per match group.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "compiler/base/diagnostics.h"
#include "compiler/promql/ast.h"

namespace mzr::promql {

enum class MetricKind : uint8_t { Counter, Gauge, Histogram, Summary, Info, Unknown };

struct MetricInfo {
  std::string name;
  MetricKind kind = MetricKind::Unknown;
  std::set<std::string> labels;  // without __name__
  // Labels that certainly take several values among series alike in every other label (see
  // LabelSet::varying); for a histogram's `_bucket` series, `le`.
  std::set<std::string> varying;
  // The labels are not known exhaustively: the series may carry others too.
  bool open = false;
  // Labels whose every value the deployment fixes (the scrape job names of the chart, say).
  std::map<std::string, std::set<std::string>> values;
};

// What is known about metrics. Histograms and summaries answer for their derived series too
// (`x_bucket`, `x_sum`, `x_count`).
class Catalog {
 public:
  // A name added twice (several rules recording it) has the union of the labels, and is open
  // when either is.
  void add(MetricInfo metric);
  // The series `name` as queried: kind and full label set (with `le`/`quantile` where due).
  std::optional<MetricInfo> find(std::string_view name) const;
  bool empty() const { return metrics_.empty(); }

 private:
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, MetricInfo, NameHash, std::equal_to<>> metrics_;
};

// A small text format for tests and for `mzrules expr --catalog`, one metric per line:
//   counter   http_requests_total {job, instance, code}
//   histogram request_seconds {job}
// Blank lines and '#' comments are ignored. Returns nullopt with `error` set on a bad line.
std::optional<Catalog> parse_catalog(std::string_view text, std::string* error);

struct LabelSet {
  bool closed = false;
  // Closed: exactly the labels series may carry. Open: labels known to be possible.
  std::set<std::string> labels;
  // Open sets only: labels known to be absent (removed by `without`, `ignoring`, ...).
  std::set<std::string> removed;
  // Labels that certainly take several values among the series that agree on every other label:
  // `le` of classic histogram buckets, kept through functions and aggregations that keep it.
  // Empty whenever that is not certain (a matcher on the label, a filter, a join).
  std::set<std::string> varying;

  bool may_have(const std::string& l) const {
    return closed ? labels.count(l) > 0 : removed.count(l) == 0;
  }
};

// "{a, b}" for a closed set, "{a, b, ...}" for an open one.
std::string format_labels(const LabelSet& s);

struct InferOptions {
  // The expression is an alerting rule's condition: also warn about raw counters compared with
  // a threshold.
  bool alert = false;
};

// The label set of `root` (nullopt for scalars and strings). `root` must have type-checked.
std::optional<LabelSet> infer_labels(const Expr* root, const Catalog& catalog, Diagnostics& diags,
                                     const InferOptions& options = {});

}  // namespace mzr::promql
