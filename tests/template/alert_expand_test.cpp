// The API rule unit tests use to expand an alert's labels and annotations as Prometheus does.

#include "compiler/template/alert_expand.h"

#include <gtest/gtest.h>

namespace mzr::tmpl {
namespace {

AlertContext alert() {
  AlertContext a;
  a.rule_name = "HighLatency";
  a.labels = {{"alertname", "HighLatency"}, {"instance", "db-1:9100"}, {"job", "db"}};
  a.external_labels = {{"cluster", "eu-1"}};
  a.external_url = "http://prometheus.example:9090/prom";
  a.value = 0.1234567;
  return a;
}

TEST(AlertExpand, LabelsValueAndFunctions) {
  auto r = expand_alert_template(
      "{{ $labels.instance | stripPort }} on {{ $externalLabels.cluster }}: "
      "{{ $value | humanizePercentage }} ({{ .Labels.job }}, {{ $labels.missing }}|{{ pathPrefix "
      "}})",
      alert());
  EXPECT_FALSE(r.error.has_value()) << r.go_error;
  EXPECT_EQ(r.value, "db-1 on eu-1: 12.35% (db, |/prom)");
}

TEST(AlertExpand, ExecutionErrorBecomesPrometheusErrorText) {
  auto r = expand_alert_template("x{{ humanize \"one\" }}", alert());
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->kind, ErrorKind::Execution);
  EXPECT_EQ(r.error->begin, 4u);  // the offset of `humanize` in the text, not in the prefix
  EXPECT_EQ(r.value,
            "<error expanding template: error executing template __alert_HighLatency: template: "
            "__alert_HighLatency:1:116: executing \"__alert_HighLatency\" at <humanize \"one\">: "
            "error calling humanize: strconv.ParseFloat: parsing \"one\": invalid syntax>");
}

TEST(AlertExpand, SyntaxErrorPointsIntoTheText) {
  auto r = expand_alert_template("ok {{ if $labels.job }}", alert());
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->kind, ErrorKind::Syntax);
  EXPECT_TRUE(r.value.starts_with("<error expanding template: error parsing template")) << r.value;
}

TEST(AlertExpand, QueryNeedsAnEvaluator) {
  auto r = expand_alert_template("{{ query \"up\" | first | value }}", alert());
  ASSERT_TRUE(r.error.has_value());
  EXPECT_NE(r.value.find("no PromQL evaluator"), std::string::npos) << r.value;
  AlertContext with = alert();
  with.query = [](const std::string& q, std::string&) -> std::optional<Value> {
    return prometheus_query_result({prometheus_sample({{"q", q}}, 42)});
  };
  auto ok = expand_alert_template(
      "{{ query \"up\" | first | value }} {{ with query \"up\" }}"
      "{{ . | first | label \"q\" }}{{ end }}",
      with);
  EXPECT_EQ(ok.value, "42 up");
}

}  // namespace
}  // namespace mzr::tmpl
