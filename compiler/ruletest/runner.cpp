#include "compiler/ruletest/runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "compiler/base/go_quote.h"
#include "compiler/ruletest/go_text.h"
#include "compiler/ruletest/rule_manager.h"
#include "compiler/ruletest/series_input.h"

namespace mzr::ruletest {
namespace {

constexpr int64_t kDefaultIntervalMs = 60 * 1000;

// promtool's indentLines: every line after the first gets `indent`.
std::string indent_lines(const std::string& text, const std::string& indent) {
  std::string out;
  size_t start = 0;
  bool first = true;
  while (true) {
    size_t nl = text.find('\n', start);
    if (!first) out += indent;
    out += text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (nl == std::string::npos) break;
    out += '\n';
    start = nl + 1;
    first = false;
  }
  return out;
}

struct AlertValue {
  eval::Labels labels;
  eval::Labels annotations;
  friend auto operator<=>(const AlertValue&, const AlertValue&) = default;
};

std::string alerts_text(const std::vector<AlertValue>& alerts) {
  if (alerts.empty()) return "[]";
  std::string s;
  for (size_t i = 0; i < alerts.size(); ++i) {
    std::string one = "\nLabels:" + labels_text(alerts[i].labels) +
                      "\nAnnotations:" + labels_text(alerts[i].annotations);
    s += (i == 0 ? "[\n0:" : ",\n" + std::to_string(i) + ":") + indent_lines(one, "  ");
  }
  return s + "\n]";
}

struct SampleValue {
  eval::Labels labels;
  double value = 0;
  std::string histogram;  // Prometheus' test expression of a native histogram, or empty
};

std::string samples_text(const std::vector<SampleValue>& samples) {
  if (samples.empty()) return "nil";
  std::string s;
  for (size_t i = 0; i < samples.size(); ++i) {
    if (i > 0) s += ", ";
    s += labels_text(samples[i].labels) + " " +
         (samples[i].histogram.empty() ? float_e(samples[i].value) : samples[i].histogram);
  }
  return s;
}

bool floats_equal(double x, double y, bool fuzzy) {
  if (x == y) return true;
  return fuzzy && (std::nextafter(x, -INFINITY) == y || std::nextafter(x, INFINITY) == y);
}

// The alerts only expected ('-') and only got ('+'), one a line; both lists sorted.
std::string alerts_diff(const std::vector<AlertValue>& exp, const std::vector<AlertValue>& got) {
  std::string out;
  auto line = [](char sign, const AlertValue& a) {
    return fmt::format("  {} {} {}\n", sign, labels_text(a.labels),
                       a.annotations.empty() ? std::string() : labels_text(a.annotations));
  };
  for (const AlertValue& a : exp) {
    if (!std::binary_search(got.begin(), got.end(), a)) out += line('-', a);
  }
  for (const AlertValue& a : got) {
    if (!std::binary_search(exp.begin(), exp.end(), a)) out += line('+', a);
  }
  return out;
}

std::string sample_text(const SampleValue& s) {
  return labels_text(s.labels) + " " + (s.histogram.empty() ? float_e(s.value) : s.histogram);
}

// The samples only expected ('-') and only got ('+'); both lists sorted by labels.
std::string samples_diff(const std::vector<SampleValue>& exp, const std::vector<SampleValue>& got,
                         bool fuzzy) {
  auto same = [&](const SampleValue& a, const SampleValue& b) {
    return a.labels == b.labels && a.histogram == b.histogram &&
           floats_equal(a.value, b.value, fuzzy);
  };
  std::string out;
  for (const SampleValue& e : exp) {
    if (std::none_of(got.begin(), got.end(), [&](const SampleValue& g) { return same(e, g); }))
      out += "  - " + sample_text(e) + "\n";
  }
  for (const SampleValue& g : got) {
    if (std::none_of(exp.begin(), exp.end(), [&](const SampleValue& e) { return same(e, g); }))
      out += "  + " + sample_text(g) + "\n";
  }
  return out;
}

class GroupRun {
 public:
  GroupRun(const model::RuleTestFile& file, const model::RuleTestGroup& group,
           const std::vector<const model::RuleSet*>& rule_sets, const RunOptions& options,
           Diagnostics& diags)
      : file_(file), group_(group), rule_sets_(rule_sets), options_(options), diags_(diags) {}

  std::vector<ExpectationResult> take_expectations() { return std::move(expectations_); }

  std::vector<std::string> run() {
    int64_t eval_interval =
        file_.evaluation_interval ? file_.evaluation_interval->value.ms : kDefaultIntervalMs;
    int64_t series_interval = group_.interval ? group_.interval->value.ms : eval_interval;
    if (eval_interval <= 0 || series_interval <= 0) {
      return fail(group_.span, DiagKind::RuleTestBadSeries, "the interval must be positive");
    }
    const int64_t mint = group_.start_ms;
    SeriesInput input;
    if (!load_input_series(group_, series_interval, mint, input, diags_)) {
      return {"    the input series do not parse (see the diagnostics)"};
    }
    for (const model::AlertTestCase& a : group_.alert_tests) {
      if (a.alertname.value.empty()) {
        std::string where = group_.name.value.empty()
                                ? std::string()
                                : fmt::format(" (in TestGroup {})", group_.name.value);
        return fail(a.span, DiagKind::RuleTestMissingAlertname,
                    fmt::format("an item under alert_rule_test misses required attribute "
                                "alertname at eval_time {}{}",
                                prom_duration(a.eval_time.value.ms), where));
      }
    }
    eval::QueryOptions qopts;
    qopts.lookback_ms = options_.lookback_ms;
    qopts.default_subquery_step_ms = eval_interval;
    ManagerOptions mopts;
    for (const model::LabelPair& l : group_.external_labels) {
      mopts.external_labels.push_back({l.name.value, l.value.value});
    }
    eval::normalize(mopts.external_labels);
    mopts.external_url = group_.external_url;
    mopts.query = qopts;
    RuleManager manager(load_groups(), mopts);

    std::set<std::string> defined_alerts;
    for (const LoadedGroup& g : manager.groups()) {
      for (const LoadedRule& r : g.rules) {
        if (r.rule->kind == model::RuleKind::Alerting) defined_alerts.insert(r.rule->name.value);
      }
    }
    std::map<int64_t, std::vector<const model::AlertTestCase*>> alert_times;
    int64_t maxt = 0;
    for (const model::AlertTestCase& a : group_.alert_tests) {
      alert_times[a.eval_time.value.ms].push_back(&a);
      maxt = std::max(maxt, a.eval_time.value.ms);
      if (!defined_alerts.count(a.alertname.value)) {
        diags_.report(
            DiagKind::RuleTestUnknownAlert, a.alertname.span,
            fmt::format("no rule file of this test defines the alert '{}'", a.alertname.value));
      }
    }
    for (const model::PromqlTestCase& p : group_.promql_tests) {
      maxt = std::max(maxt, p.eval_time.value.ms);
    }

    eval::Store store;
    std::vector<std::string> errs;
    auto next_alert = alert_times.begin();
    for (int64_t ts = mint; ts <= mint + maxt; ts += eval_interval) {
      input.append_till(ts, store);
      std::vector<std::string> eval_errs;
      for (const RuleError& e : manager.eval(store, ts)) {
        std::string text = fmt::format("    rule: {}, time: {}, err: {}", e.rule->name.value,
                                       go_duration(ts), e.message);
        diags_.report(DiagKind::RuleTestEvalError, e.rule->expr_span,
                      fmt::format("evaluating '{}' at {} failed: {}", e.rule->name.value,
                                  go_duration(ts - mint), e.message));
        eval_errs.push_back(std::move(text));
      }
      if (!eval_errs.empty()) {
        errs.insert(errs.end(), eval_errs.begin(), eval_errs.end());
        return errs;
      }
      while (next_alert != alert_times.end() && ts - mint <= next_alert->first &&
             next_alert->first < ts + eval_interval - mint) {
        for (const model::AlertTestCase* a : next_alert->second) check_alerts(manager, *a, errs);
        ++next_alert;
      }
    }
    for (const model::PromqlTestCase& p : group_.promql_tests)
      check_expr(store, qopts, mint, p, errs);
    return errs;
  }

 private:
  std::vector<std::string> fail(Span at, DiagKind kind, std::string message) {
    diags_.report(kind, at, message);
    return {std::move(message)};
  }

  // The rule groups of the rule files, ordered by 'group_eval_order' (groups it does not name
  // come first, in file order: promtool gives them order 0 and leaves their order to a map).
  std::vector<LoadedGroup> load_groups() {
    std::map<std::string, size_t> order;
    for (size_t i = 0; i < file_.group_eval_order.size(); ++i) {
      order.emplace(file_.group_eval_order[i].value, i);
    }
    std::vector<std::pair<size_t, LoadedGroup>> keyed;
    for (const model::RuleSet* set : rule_sets_) {
      for (const model::RuleGroup& g : set->groups) {
        LoadedGroup lg;
        lg.name = g.name.value;
        lg.limit = g.limit;
        lg.query_offset_ms = g.query_offset ? g.query_offset->value.ms : 0;
        for (const model::Rule& r : g.rules) {
          LoadedRule lr;
          lr.rule = &r;
          Diagnostics scratch;  // the rule files were checked when they were loaded
          lr.parsed = promql::parse_expr(r.expr, promql::Options{}, scratch);
          lg.rules.push_back(std::move(lr));
        }
        auto it = order.find(lg.name);
        keyed.emplace_back(it == order.end() ? 0 : it->second, std::move(lg));
      }
    }
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<LoadedGroup> out;
    for (auto& [k, g] : keyed) out.push_back(std::move(g));
    return out;
  }

  std::string group_prefix() const {
    return group_.name.value.empty() ? std::string()
                                     : fmt::format("    name: {},\n", group_.name.value);
  }

  void check_alerts(const RuleManager& manager, const model::AlertTestCase& t,
                    std::vector<std::string>& errs) {
    std::vector<AlertValue> got;
    for (const ActiveAlert* a : manager.firing(t.alertname.value)) {
      got.push_back({a->labels, a->annotations});
    }
    std::vector<AlertValue> exp;
    for (const model::ExpectedAlert& e : t.alerts) {
      AlertValue v;
      for (const model::LabelPair& l : e.labels) v.labels.push_back({l.name.value, l.value.value});
      eval::set(v.labels, "alertname", t.alertname.value);
      for (const model::LabelPair& l : e.annotations) {
        v.annotations.push_back({l.name.value, l.value.value});
      }
      eval::normalize(v.labels);
      eval::normalize(v.annotations);
      exp.push_back(std::move(v));
    }
    std::sort(got.begin(), got.end());
    std::sort(exp.begin(), exp.end());
    std::string when = prom_duration(t.eval_time.value.ms);
    ExpectationResult& result = expectations_.emplace_back();
    result.name = fmt::format("alert {} at {}", t.alertname.value, when);
    result.span = t.span;
    result.passed = got == exp;
    if (got == exp) return;
    result.diff = alerts_diff(exp, got);
    errs.push_back(fmt::format("{}    alertname: {}, time: {}, \n        exp:{}, \n        got:{}",
                               group_prefix(), t.alertname.value, when,
                               indent_lines(alerts_text(exp), "            "),
                               indent_lines(alerts_text(got), "            ")));
    diags_.report(
        DiagKind::RuleTestFailed, t.span,
        fmt::format("alert '{}' at {}: expected {} firing alert{}, got {}{}", t.alertname.value,
                    when, exp.size(), exp.size() == 1 ? "" : "s", got.size(),
                    exp.size() == got.size() ? " with other labels or annotations" : ""));
  }

  void check_expr(const eval::Store& store, const eval::QueryOptions& qopts, int64_t mint,
                  const model::PromqlTestCase& t, std::vector<std::string>& errs) {
    std::string when = prom_duration(t.eval_time.value.ms);
    ExpectationResult& result = expectations_.emplace_back();
    result.name = fmt::format("expr {} at {}", t.expr.value, when);
    result.span = t.span;
    result.alert = false;
    std::string head = fmt::format("    expr: {}, time: {}", go_quote(t.expr.value), when);
    promql::ParseResult parsed = promql::parse_expr(
        EmbeddedText::verbatim(t.expr.value, kNoSource, 0), promql::Options{}, parse_diags_);
    if (!parsed.ok) {
      std::string message = parse_diags_.all().empty() ? std::string("cannot parse the query")
                                                       : parse_diags_.all().back().message;
      errs.push_back(fmt::format("{}, err: {}", head, message));
      result.diff = "  error: " + message + "\n";
      diags_.report(DiagKind::RuleTestFailed, t.expr.span,
                    fmt::format("the query does not parse: {}", message));
      return;
    }
    eval::Outcome out = eval::instant_query(store, parsed.root, mint + t.eval_time.value.ms, qopts);
    if (out.ok && out.result.type != promql::ValueType::Vector &&
        out.result.type != promql::ValueType::Scalar) {
      out.ok = false;
      out.error = "rule result is not a vector or scalar";
    }
    if (!out.ok) {
      errs.push_back(fmt::format("{}, err: {}", head, out.error));
      result.diff = "  error: " + out.error + "\n";
      diags_.report(DiagKind::RuleTestFailed, t.expr.span,
                    fmt::format("the query fails at {}: {}", when, out.error));
      return;
    }
    std::vector<SampleValue> got;
    if (out.result.type == promql::ValueType::Scalar) {
      got.push_back({{}, out.result.scalar, ""});
    } else {
      for (const eval::InstantSample& s : out.result.vector) {
        got.push_back({s.labels, s.h ? 0 : s.f, s.h ? eval::to_string(*s.h) : std::string()});
      }
    }
    std::vector<SampleValue> exp;
    for (const model::ExpectedSample& e : t.samples) {
      auto labels = parse_metric(e.labels.value);
      std::string histogram;
      std::string error = labels ? std::string() : "cannot parse the labels";
      if (labels && !e.histogram.value.empty()) {
        auto h = parse_histogram_value(e.histogram.value, error);
        if (h) histogram = eval::to_string(*h);
      }
      if (!error.empty()) {
        errs.push_back(
            fmt::format("{}, err: labels {}: {}", head, go_quote(e.labels.value), error));
        result.diff = "  error: " + error + "\n";
        diags_.report(DiagKind::RuleTestBadSample, e.span,
                      fmt::format("expected sample {}: {}", go_quote(e.labels.value), error));
        return;
      }
      exp.push_back({std::move(*labels), histogram.empty() ? e.value : 0, histogram});
    }
    auto by_labels = [](const SampleValue& a, const SampleValue& b) { return a.labels < b.labels; };
    std::stable_sort(got.begin(), got.end(), by_labels);
    std::stable_sort(exp.begin(), exp.end(), by_labels);
    bool equal = got.size() == exp.size();
    for (size_t i = 0; equal && i < got.size(); ++i) {
      equal = got[i].labels == exp[i].labels && got[i].histogram == exp[i].histogram &&
              floats_equal(exp[i].value, got[i].value, file_.fuzzy_compare);
    }
    result.passed = equal;
    if (equal) return;
    result.diff = samples_diff(exp, got, file_.fuzzy_compare);
    errs.push_back(fmt::format("{},\n        exp: {}\n        got: {}", head, samples_text(exp),
                               samples_text(got)));
    diags_.report(DiagKind::RuleTestFailed, t.span,
                  fmt::format("query {} at {}: expected {}, got {}", go_quote(t.expr.value), when,
                              samples_text(exp), samples_text(got)));
  }

  const model::RuleTestFile& file_;
  const model::RuleTestGroup& group_;
  const std::vector<const model::RuleSet*>& rule_sets_;
  const RunOptions& options_;
  Diagnostics& diags_;
  Diagnostics parse_diags_;
  std::vector<ExpectationResult> expectations_;
};

}  // namespace

std::vector<GroupResult> run_rule_test_file(const model::RuleTestFile& file,
                                            const std::vector<const model::RuleSet*>& rule_sets,
                                            bool rules_ok, const RunOptions& options,
                                            Diagnostics& diags) {
  std::vector<GroupResult> results;
  std::set<std::string> order;
  for (const model::Text& g : file.group_eval_order) {
    if (!order.insert(g.value).second) {
      std::string message = fmt::format("group name repeated in evaluation order: {}", g.value);
      diags.report(DiagKind::RuleTestRepeatedGroup, g.span, message);
      GroupResult r;
      r.span = g.span;
      r.failures.push_back(message);
      results.push_back(std::move(r));
      return results;
    }
  }
  for (size_t i = 0; i < file.tests.size(); ++i) {
    const model::RuleTestGroup& g = file.tests[i];
    if (options.run && !options.run(g.name.value)) continue;
    if (options.only_group && *options.only_group != i) continue;
    GroupResult r;
    r.index = i;
    r.name = g.name.value.empty() ? fmt::format("unnamed#{}", i) : g.name.value;
    r.span = g.span;
    if (!rules_ok) {
      r.failures.push_back("    the rule files do not load (see the diagnostics)");
    } else {
      GroupRun run(file, g, rule_sets, options, diags);
      r.failures = run.run();
      r.expectations = run.take_expectations();
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace mzr::ruletest
