#include "compiler/check/route_tests.h"

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/routing/inhibit.h"
#include "compiler/routing/route_tree.h"
#include "compiler/routing/time_interval.h"

namespace mzr {
namespace {

bool is_template(const std::string& v) {
  return v.find("{{") != std::string::npos;
}

struct Candidate {
  const model::Rule* rule = nullptr;
  routing::LabelSet labels;
  std::vector<const model::LabelPair*> templated;
};

// The labels an alert of rule `r` in group `g` arrives with, before the test's own labels.
Candidate candidate(const model::RuleGroup& g, const model::Rule& r, const model::Stack& stack) {
  Candidate c;
  c.rule = &r;
  for (const model::LabelPair& p : stack.external_labels) c.labels[p.name.value] = p.value.value;
  for (const auto* set : {&g.labels, &r.labels}) {
    for (const model::LabelPair& p : *set) {
      if (is_template(p.value.value)) {
        c.labels.erase(p.name.value);
        c.templated.push_back(&p);
      } else {
        c.labels[p.name.value] = p.value.value;
      }
    }
  }
  c.labels["alertname"] = r.name.value;
  return c;
}

bool consistent(const Candidate& c, const std::vector<model::LabelPair>& given) {
  for (const model::LabelPair& p : given) {
    auto it = c.labels.find(p.name.value);
    if (it != c.labels.end() && it->second != p.value.value && p.name.value != "alertname")
      return false;
  }
  return true;
}

// The label set a test routes, or nullopt (with a diagnostic) when its alert does not resolve.
std::optional<routing::LabelSet> resolve(const model::RouteTest& t, const RouteTestInputs& in,
                                         Diagnostics& diags) {
  routing::LabelSet labels;
  if (t.alert) {
    std::vector<Candidate> all;
    std::vector<std::string_view> names;
    for (const model::RuleSet& set : in.rule_sets) {
      for (const model::RuleGroup& g : set.groups) {
        for (const model::Rule& r : g.rules) {
          if (r.kind != model::RuleKind::Alerting) continue;
          names.push_back(r.name.value);
          if (r.name.value == t.alert->value) all.push_back(candidate(g, r, in.stack));
        }
      }
    }
    if (all.empty()) {
      diags.report(DiagKind::RouteTestUnknownAlert, t.alert->span,
                   fmt::format("no alerting rule is named '{}'{}", t.alert->value,
                               did_you_mean(t.alert->value, names)));
      return std::nullopt;
    }
    std::vector<const Candidate*> fits;
    for (const Candidate& c : all) {
      if (consistent(c, t.labels)) fits.push_back(&c);
    }
    bool same = !fits.empty();
    for (const Candidate* c : fits) same = same && c->labels == fits.front()->labels;
    if (!same) {
      auto& d = diags.report(
          DiagKind::RouteTestAmbiguousAlert, t.alert->span,
          fits.empty()
              ? fmt::format("no alerting rule '{}' has the labels this test gives", t.alert->value)
              : fmt::format("{} alerting rules are named '{}' with different labels; give labels "
                            "that choose one",
                            fits.size(), t.alert->value));
      for (const Candidate& c : all) d.note(c.rule->name.span, "defined here");
      return std::nullopt;
    }
    labels = fits.front()->labels;
    for (const model::LabelPair* p : fits.front()->templated) {
      bool given = false;
      for (const model::LabelPair& q : t.labels) given |= q.name.value == p->name.value;
      if (!given) {
        diags
            .report(DiagKind::RouteTestTemplatedLabel, t.alert->span,
                    fmt::format("label '{}' of alert '{}' is a template; the test routes the "
                                "alert without it",
                                p->name.value, t.alert->value))
            .note(p->value.span, "the template");
      }
    }
  }
  for (const model::LabelPair& p : t.labels) labels[p.name.value] = p.value.value;
  return labels;
}

std::string test_name(const model::RouteTest& t) {
  if (t.name) return t.name->value;
  std::string labels;
  for (const model::LabelPair& p : t.labels) {
    labels += fmt::format("{}{}={}", labels.empty() ? "" : ", ", p.name.value,
                          routing::go_quote(p.value.value));
  }
  if (t.alert) return labels.empty() ? t.alert->value : t.alert->value + " {" + labels + "}";
  return "{" + labels + "}";
}

std::string label_set_text(const std::vector<model::LabelPair>& pairs) {
  routing::LabelSet set;
  for (const model::LabelPair& p : pairs) set[p.name.value] = p.value.value;
  std::string out;
  for (const auto& [k, v] : set) {
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", k, routing::go_quote(v));
  }
  return "{" + out + "}";
}

}  // namespace

std::string receiver_list(const std::vector<std::string>& receivers) {
  if (receivers.empty()) return "(none)";
  std::string out;
  for (size_t i = 0; i < receivers.size(); ++i) out += (i ? "," : "") + receivers[i];
  return out;
}

std::vector<RouteTestResult> run_route_tests(const std::vector<model::RouteTest>& tests,
                                             const RouteTestInputs& in, Diagnostics& diags) {
  std::vector<RouteTestResult> out;
  if (!in.config.route) return out;
  routing::RoutingTree tree = routing::RoutingTree::build(*in.config.route);
  std::vector<routing::InhibitRule> inhibit = routing::compile_inhibit_rules(in.config);
  for (const model::RouteTest& t : tests) {
    RouteTestResult r;
    r.test = &t;
    r.name = test_name(t);
    std::optional<routing::Instant> at;
    if (t.at) {
      at = routing::parse_rfc3339(t.at->value);
      if (!at) {
        diags.report(DiagKind::RouteTestInvalidTime, t.at->span,
                     fmt::format("invalid time '{}': expected RFC 3339 such as "
                                 "2024-12-25T10:00:00Z",
                                 t.at->value));
      }
    }
    auto labels = resolve(t, in, diags);
    if (t.receivers) {
      for (const model::Text& name : *t.receivers) {
        if (in.config.find_receiver(name.value) == nullptr) {
          std::vector<std::string_view> known;
          for (const model::AmReceiver& rc : in.config.receivers) known.push_back(rc.name.value);
          diags.report(DiagKind::RouteTestUnknownReceiver, name.span,
                       fmt::format("receiver '{}' is not defined{}", name.value,
                                   did_you_mean(name.value, known)));
        }
      }
    }
    if (!labels || (t.at && !at)) {
      out.push_back(std::move(r));
      continue;
    }
    r.ran = true;
    r.labels = *labels;
    std::vector<const routing::RouteNode*> matched = tree.match(r.labels);
    std::vector<std::string> muted;
    for (const routing::RouteNode* n : matched) {
      if (at) {
        routing::MuteResult m = routing::route_muted(n->options, in.config, *at);
        if (m.muted) {
          muted.push_back(fmt::format("{} ({})", n->options.receiver,
                                      m.because == "outside active intervals"
                                          ? m.because
                                          : fmt::format("muted by '{}'", m.because)));
          continue;
        }
      }
      r.receivers.push_back(n->options.receiver);
    }
    if (t.receivers) {
      std::vector<std::string> expected;
      for (const model::Text& name : *t.receivers) expected.push_back(name.value);
      if (expected != r.receivers) {
        std::string line = fmt::format("receivers: expected {}, got {}", receiver_list(expected),
                                       receiver_list(r.receivers));
        if (!muted.empty()) {
          line += "; muted at " + t.at->value + ":";
          for (const std::string& m : muted) line += " " + m;
        }
        r.failures.push_back(std::move(line));
      }
    }
    for (const model::RouteTestInhibition& inh : t.inhibitions) {
      std::vector<routing::LabelSet> firing;
      for (const auto& pairs : inh.firing) {
        routing::LabelSet s;
        for (const model::LabelPair& p : pairs) s[p.name.value] = p.value.value;
        firing.push_back(std::move(s));
      }
      std::optional<routing::Inhibition> hit = routing::find_inhibition(inhibit, r.labels, firing);
      if (inh.expect_inhibited && !hit) {
        std::string alerts;
        for (const auto& pairs : inh.firing) {
          alerts += (alerts.empty() ? "" : " ") + label_set_text(pairs);
        }
        r.failures.push_back(
            fmt::format("inhibition: expected inhibited by {}, but no inhibit rule applies",
                        alerts.empty() ? "(no alerts)" : alerts));
      } else if (!inh.expect_inhibited && hit) {
        const model::AmInhibitRule* rule = inhibit[hit->rule_index].rule;
        std::string where;
        if (rule != nullptr && rule->span.file != kNoSource) {
          where = rule->name ? fmt::format(" '{}'", rule->name->value)
                             : fmt::format(" #{}", hit->rule_index + 1);
        }
        r.failures.push_back(
            fmt::format("inhibition: expected not inhibited, but inhibit rule{} "
                        "mutes it with firing alert {}",
                        where, label_set_text(inh.firing[hit->source_index])));
      }
    }
    r.passed = r.failures.empty();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace mzr
