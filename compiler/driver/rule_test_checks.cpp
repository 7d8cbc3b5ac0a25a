#include "compiler/driver/rule_test_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>

#include "compiler/base/suggest.h"
#include "compiler/check/routing_analysis.h"
#include "compiler/ruletest/series_input.h"

namespace mzr::driver {
namespace {

constexpr int64_t kLookbackMs = 5 * 60 * 1000;
constexpr int64_t kDefaultIntervalMs = 60 * 1000;

// Why `alert` can never carry `name="value"`, or empty when it can.
std::string contradiction(const AlertLabels& alert, const std::string& name,
                          const std::string& value) {
  if (name == "alertname") return "";
  auto known = alert.known.find(name);
  if (known != alert.known.end()) {
    if (known->second == value) return "";
    return fmt::format("the rule sets '{}' to \"{}\"", name, known->second);
  }
  if (alert.may_carry(name)) return "";
  return fmt::format("neither the rule's labels nor its expression's result have a label '{}'",
                     name);
}

void check_expected_labels(const model::AlertTestCase& t, const std::vector<AlertLabels>& alerts,
                           Diagnostics& diags) {
  std::vector<const AlertLabels*> rules;
  for (const AlertLabels& a : alerts) {
    if (a.rule->name.value == t.alertname.value) rules.push_back(&a);
  }
  if (rules.empty()) return;
  for (const model::ExpectedAlert& e : t.alerts) {
    for (const model::LabelPair& l : e.labels) {
      std::string why;
      for (const AlertLabels* a : rules) {
        why = contradiction(*a, l.name.value, l.value.value);
        if (why.empty()) break;
      }
      if (why.empty()) continue;
      diags.report(DiagKind::RuleTestImpossibleLabels, l.name.span,
                   fmt::format("alert '{}' can never carry {}=\"{}\": {}; this test can never "
                               "pass",
                               t.alertname.value, l.name.value, l.value.value, why));
    }
  }
}

// The time of the last input sample of `g`, or nullopt when its series do not parse.
std::optional<int64_t> last_sample(const model::RuleTestGroup& g, Diagnostics& diags) {
  ruletest::SeriesInput input;
  int64_t interval = g.interval ? g.interval->value.ms : kDefaultIntervalMs;
  if (interval <= 0) return std::nullopt;
  if (!ruletest::load_input_series(g, interval, 0, input, diags)) return std::nullopt;
  int64_t last = -1;
  for (const ruletest::SeriesInput::Pending& p : input.samples) last = std::max(last, p.t);
  return last;
}

void check_eval_time(const model::TimeSpan& at, int64_t last, Diagnostics& diags) {
  if (at.value.ms <= last + kLookbackMs) return;
  diags.report(DiagKind::RuleTestEvalBeyondSeries, at.span,
               last < 0 ? std::string("this test has no input series: nothing can be evaluated")
                        : fmt::format("evaluated at {}ms, but the last input sample is at {}ms "
                                      "and samples go stale 5m after it; extend the series",
                                      at.value.ms, last));
}

}  // namespace

void check_dsl_rule_tests(Compilation& c) {
  if (c.dsl_rule_tests.empty()) return;
  std::vector<std::string_view> alert_names;
  for (const model::RuleSet& set : c.rule_sets) {
    if (set.language != model::QueryLanguage::PromQL) continue;
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        if (r.kind == model::RuleKind::Alerting) alert_names.push_back(r.name.value);
      }
    }
  }
  std::sort(alert_names.begin(), alert_names.end());
  std::vector<AlertLabels> alerts = alert_labels(c.rule_sets, model::Stack{}, c.alert_series);
  std::map<std::string, Span> names;
  for (const model::RuleTestFile& f : c.dsl_rule_tests) {
    for (const model::RuleTestGroup& g : f.tests) {
      if (!g.name.value.empty()) {
        auto [it, fresh] = names.emplace(g.name.value, g.name.span);
        if (!fresh) {
          c.diags
              .report(DiagKind::RuleTestDuplicateName, g.name.span,
                      fmt::format("a rule test named \"{}\" exists already", g.name.value))
              .note(it->second, "the first is here");
        }
      }
      for (const model::AlertTestCase& t : g.alert_tests) {
        if (!std::binary_search(alert_names.begin(), alert_names.end(), t.alertname.value)) {
          c.diags.report(
              DiagKind::RuleTestNoSuchAlert, t.alertname.span,
              fmt::format("no alerting rule of the repository is named '{}'{}", t.alertname.value,
                          did_you_mean(t.alertname.value, alert_names)));
          continue;
        }
        check_expected_labels(t, alerts, c.diags);
      }
      auto last = last_sample(g, c.diags);
      if (!last) continue;
      for (const model::AlertTestCase& t : g.alert_tests)
        check_eval_time(t.eval_time, *last, c.diags);
      for (const model::PromqlTestCase& t : g.promql_tests) {
        check_eval_time(t.eval_time, *last, c.diags);
      }
    }
  }
}

}  // namespace mzr::driver
