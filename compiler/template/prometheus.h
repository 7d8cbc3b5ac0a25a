#pragma once
// Prometheus' alert templates (template/template.go at the pinned version): the data an alert's
// labels and annotations see ($labels, $value, $externalLabels, $externalURL; .Labels, .Value,
// ...), and Prometheus' template functions (humanize, query, reReplaceAll, ...).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "compiler/template/exec.h"
#include "compiler/template/value.h"

namespace mzr::tmpl {

struct PrometheusEnv {
  int64_t timestamp_ms = 0;  // the evaluation time: `now`
  std::string external_url;  // `externalURL`, `pathPrefix`
  // Runs a PromQL query at the evaluation time: a list of samples (prometheus_sample), or
  // nullopt with `error` set. Unset: `query` fails with a message saying no evaluator runs it.
  std::function<std::optional<Value>(const std::string& query, std::string& error)> query;
  // The template set, for `tmpl` (Prometheus' HTML mode); may be null.
  const Set* set = nullptr;
};

// Prometheus' functions, on top of Go's builtins.
FuncMap prometheus_functions(const PrometheusEnv& env);

// Prometheus' HTML mode adds `tmpl NAME DATA`, which executes template NAME of `set` with `funcs`
// and returns its output as safe HTML. `set` and `funcs` must outlive the map.
void add_prometheus_html_functions(FuncMap& funcs, const Set& set, const ExecOptions& options);

// A query result sample: {Labels, Value}; `histogram` is (count, sum) for a native histogram.
Value prometheus_sample(std::map<std::string, std::string> labels, double value);
Value prometheus_histogram_sample(std::map<std::string, std::string> labels, double count,
                                  double sum);
// A list of samples, as `query` returns.
Value prometheus_query_result(std::vector<Value> samples);

// What Prometheus passes an alert's templates: Labels, ExternalLabels, ExternalURL, Value.
Value alert_template_data(const std::map<std::string, std::string>& labels,
                          const std::map<std::string, std::string>& external_labels,
                          const std::string& external_url, double value);

// The definitions Prometheus puts before every alert label and annotation template.
inline constexpr std::string_view kAlertTemplatePrefix =
    "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
    "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

// common/helpers/templates.HumanizeDuration, which Alertmanager shares.
Function humanize_duration_function();

Value string_map(const std::map<std::string, std::string>& m);

}  // namespace mzr::tmpl
