#pragma once
// Expanding an alerting rule's labels and annotations as Prometheus does when the alert fires
// (rules/alerting.go): the $labels/$value prefix, the template name __alert_<rule>,
// missingkey=zero, and on failure the text "<error expanding template: ...>" in place of the
// value. Rule unit tests compare what this returns with their expected annotations.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/template/error.h"
#include "compiler/template/prometheus.h"

namespace mzr::tmpl {

struct AlertContext {
  std::string rule_name;
  std::map<std::string, std::string> labels;  // the series' labels
  std::map<std::string, std::string> external_labels;
  std::string external_url;
  double value = 0;
  int64_t timestamp_ms = 0;
  PrometheusEnv::QueryFn query;  // unset: `query` fails with a clear message
};

struct AlertExpansion {
  std::string value;           // the expanded text, or Prometheus' error text in its place
  std::optional<Error> error;  // why it failed; positions are into `text`
  std::string go_error;        // the error as Prometheus logs it
};

AlertExpansion expand_alert_template(std::string_view text, const AlertContext& alert);

}  // namespace mzr::tmpl
