#include "compiler/ruletest/rule_manager.h"

#include <fmt/format.h>

#include <cmath>

#include "compiler/template/alert_expand.h"

namespace mzr::ruletest {
namespace {

constexpr int64_t kResolvedRetentionMs = 15 * 60 * 1000;

std::map<std::string, std::string> label_map(const eval::Labels& ls) {
  std::map<std::string, std::string> m;
  for (const eval::Label& l : ls) m[l.name] = l.value;
  return m;
}

bool has_same_labelset(const std::vector<eval::InstantSample>& v) {
  std::map<std::string, int> seen;
  for (const eval::InstantSample& s : v) {
    if (++seen[eval::signature(s.labels)] > 1) return true;
  }
  return false;
}

}  // namespace

RuleManager::RuleManager(std::vector<LoadedGroup> groups, ManagerOptions options)
    : groups_(std::move(groups)), options_(std::move(options)) {
  for (const LoadedGroup& g : groups_) states_.emplace_back(g.rules.size());
}

// rules.EngineQueryFunc: an instant query whose scalar result becomes one sample without labels.
std::vector<eval::InstantSample> RuleManager::query(const eval::Store& store, const LoadedRule& r,
                                                    int64_t ts, std::string& error) const {
  eval::Outcome out = eval::instant_query(store, r.parsed.root, ts, options_.query);
  if (!out.ok) {
    error = out.error;
    return {};
  }
  if (out.result.type == promql::ValueType::Scalar) {
    eval::InstantSample s;
    s.f = out.result.scalar;
    return {s};
  }
  if (out.result.type != promql::ValueType::Vector) {
    error = "rule result is not a vector or scalar";
    return {};
  }
  return std::move(out.result.vector);
}

bool RuleManager::eval_recording(eval::Store& store, const LoadedGroup& g, const LoadedRule& r,
                                 int64_t ts, std::vector<eval::InstantSample>& out,
                                 std::string& error) const {
  std::vector<eval::InstantSample> v = query(store, r, ts - g.query_offset_ms, error);
  if (!error.empty()) return false;
  for (eval::InstantSample& s : v) {
    eval::set(s.labels, eval::kMetricName, r.rule->name.value);
    for (const model::LabelPair& l : r.rule->labels)
      eval::set(s.labels, l.name.value, l.value.value);
  }
  if (has_same_labelset(v)) {
    error = "vector contains metrics with the same labelset after applying rule labels";
    return false;
  }
  if (g.limit > 0 && static_cast<int64_t>(v.size()) > g.limit) {
    error = fmt::format("exceeded limit of {} with {} series", g.limit, v.size());
    return false;
  }
  out = std::move(v);
  return true;
}

bool RuleManager::eval_alerting(eval::Store& store, const LoadedGroup& g, const LoadedRule& r,
                                RuleState& state, int64_t ts, std::vector<eval::InstantSample>& out,
                                std::string& error) const {
  int64_t qts = ts - g.query_offset_ms;
  std::vector<eval::InstantSample> v = query(store, r, qts, error);
  if (!error.empty()) return false;
  const model::Rule& rule = *r.rule;
  tmpl::AlertContext context;
  context.rule_name = rule.name.value;
  context.external_labels = label_map(options_.external_labels);
  context.external_url = options_.external_url;
  context.timestamp_ms = ts;
  // `query` in a template runs at the evaluation time on the test's series.
  context.query = [&](const std::string& q, std::string& err) -> std::optional<tmpl::Value> {
    Diagnostics scratch;
    promql::ParseResult parsed =
        promql::parse_expr(EmbeddedText::verbatim(q, kNoSource, 0), promql::Options{}, scratch);
    if (!parsed.ok) {
      err = scratch.all().empty() ? "cannot parse the query" : scratch.all().front().message;
      return std::nullopt;
    }
    eval::Outcome o = eval::instant_query(store, parsed.root, qts, options_.query);
    if (!o.ok) {
      err = o.error;
      return std::nullopt;
    }
    std::vector<tmpl::Value> samples;
    if (o.result.type == promql::ValueType::Scalar) {
      samples.push_back(tmpl::prometheus_sample({}, o.result.scalar));
    } else {
      for (const eval::InstantSample& s : o.result.vector) {
        samples.push_back(tmpl::prometheus_sample(label_map(s.labels), s.f));
      }
    }
    return tmpl::prometheus_query_result(std::move(samples));
  };

  std::map<std::string, ActiveAlert> current;
  for (const eval::InstantSample& s : v) {
    context.labels = label_map(s.labels);
    context.value = s.f;
    eval::Labels lbs = s.labels;
    eval::remove(lbs, eval::kMetricName);
    for (const model::LabelPair& l : rule.labels) {
      eval::set(lbs, l.name.value, tmpl::expand_alert_template(l.value.value, context).value);
    }
    eval::set(lbs, "alertname", rule.name.value);
    eval::Labels annotations;
    for (const model::LabelPair& a : rule.annotations) {
      annotations.push_back(
          {a.name.value, tmpl::expand_alert_template(a.value.value, context).value});
    }
    eval::normalize(annotations);
    std::string h = eval::signature(lbs);
    if (current.count(h)) {
      error = "vector contains metrics with the same labelset after applying alert labels";
      return false;
    }
    ActiveAlert a;
    a.labels = std::move(lbs);
    a.annotations = std::move(annotations);
    a.active_at = ts;
    a.state = AlertState::Pending;
    a.value = s.f;
    current.emplace(std::move(h), std::move(a));
  }
  for (auto& [h, a] : current) {
    auto it = state.active.find(h);
    if (it != state.active.end() && it->second.state != AlertState::Inactive) {
      it->second.value = a.value;
      it->second.annotations = a.annotations;
      continue;
    }
    state.active[h] = std::move(a);
  }
  int64_t hold = rule.for_duration ? rule.for_duration->value.ms : 0;
  int64_t keep_for = rule.keep_firing_for ? rule.keep_firing_for->value.ms : 0;
  for (auto it = state.active.begin(); it != state.active.end();) {
    ActiveAlert& a = it->second;
    if (!current.count(it->first)) {
      bool keep_firing = false;
      if (a.state == AlertState::Firing && keep_for > 0) {
        if (!a.keep_firing_set) {
          a.keep_firing_since = ts;
          a.keep_firing_set = true;
        }
        if (ts - a.keep_firing_since < keep_for) keep_firing = true;
      }
      if (!keep_firing) {
        bool drop = a.state == AlertState::Pending ||
                    (a.resolved_at != 0 && ts - a.resolved_at > kResolvedRetentionMs);
        if (a.state != AlertState::Inactive) {
          a.state = AlertState::Inactive;
          a.resolved_at = ts;
        }
        it = drop ? state.active.erase(it) : std::next(it);
        continue;
      }
    } else {
      a.keep_firing_set = false;
    }
    if (a.state == AlertState::Pending && ts - a.active_at >= hold) {
      a.state = AlertState::Firing;
      a.fired_at = ts;
    }
    eval::InstantSample alert;
    alert.labels = a.labels;
    eval::set(alert.labels, eval::kMetricName, "ALERTS");
    eval::set(alert.labels, "alertstate", a.state == AlertState::Firing ? "firing" : "pending");
    alert.f = 1;
    out.push_back(std::move(alert));
    eval::InstantSample for_state;
    for_state.labels = a.labels;
    eval::set(for_state.labels, eval::kMetricName, "ALERTS_FOR_STATE");
    for_state.f = static_cast<double>(a.active_at / 1000);
    out.push_back(std::move(for_state));
    ++it;
  }
  return true;
}

std::vector<RuleError> RuleManager::eval(eval::Store& store, int64_t ts) {
  std::vector<RuleError> errors;
  for (size_t gi = 0; gi < groups_.size(); ++gi) {
    const LoadedGroup& g = groups_[gi];
    for (size_t ri = 0; ri < g.rules.size(); ++ri) {
      const LoadedRule& r = g.rules[ri];
      RuleState& state = states_[gi][ri];
      if (!r.parsed.ok) continue;
      std::vector<eval::InstantSample> out;
      std::string error;
      bool ok = r.rule->kind == model::RuleKind::Recording
                    ? eval_recording(store, g, r, ts, out, error)
                    : eval_alerting(store, g, r, state, ts, out, error);
      if (!ok) {
        errors.push_back({r.rule, error});
        continue;
      }
      std::map<std::string, eval::Labels> written;
      for (eval::InstantSample& s : out) {
        std::string key = eval::signature(s.labels);
        if (s.h != nullptr) {
          store.add_histogram(s.labels, ts, *s.h);
        } else {
          store.add(s.labels, ts, s.f);
        }
        written.emplace(std::move(key), std::move(s.labels));
      }
      // Series this rule returned last time and not now end with a staleness marker.
      for (const auto& [key, labels] : state.written) {
        if (!written.count(key)) store.add(labels, ts - g.query_offset_ms, eval::stale_nan());
      }
      state.written = std::move(written);
    }
  }
  return errors;
}

std::vector<const ActiveAlert*> RuleManager::firing(const std::string& name) const {
  std::vector<const ActiveAlert*> out;
  for (size_t gi = 0; gi < groups_.size(); ++gi) {
    for (size_t ri = 0; ri < groups_[gi].rules.size(); ++ri) {
      const LoadedRule& r = groups_[gi].rules[ri];
      if (r.rule->kind != model::RuleKind::Alerting || r.rule->name.value != name) continue;
      for (const auto& [h, a] : states_[gi][ri].active) {
        if (a.state == AlertState::Firing) out.push_back(&a);
      }
    }
  }
  return out;
}

}  // namespace mzr::ruletest
