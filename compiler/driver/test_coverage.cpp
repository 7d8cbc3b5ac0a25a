#include "compiler/driver/test_coverage.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "compiler/routing/route_tree.h"

namespace mzr::driver {
namespace {

using Key = std::pair<std::string, std::string>;  // group, rule

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == ':';
}

// Whether `name` occurs in `expr` as a whole metric name.
bool mentions(std::string_view expr, std::string_view name) {
  for (size_t at = expr.find(name); at != std::string_view::npos; at = expr.find(name, at + 1)) {
    bool before = at > 0 && is_name_char(expr[at - 1]);
    size_t end = at + name.size();
    bool after = end < expr.size() && is_name_char(expr[end]);
    if (!before && !after) return true;
  }
  return false;
}

const ruletest::ExpectationResult* result_at(const ruletest::GroupResult& r, Span span) {
  for (const ruletest::ExpectationResult& e : r.expectations) {
    if (e.span == span) return &e;
  }
  return nullptr;
}

std::string where(const SourceManager& sources, Span s) {
  if (s.file == kNoSource) return "";
  const SourceFile& f = sources.file(s.file);
  LineCol lc = f.line_col(s.begin);
  return fmt::format("{}:{}:{}", f.path(), lc.line, lc.column);
}

struct Share {
  size_t covered = 0;
  size_t total = 0;
  double percent() const {
    return total == 0 ? 100.0 : 100.0 * static_cast<double>(covered) / static_cast<double>(total);
  }
};

Share share(const std::vector<CoverageEntry>& entries, bool CoverageEntry::*flag) {
  Share s;
  for (const CoverageEntry& e : entries) {
    ++s.total;
    s.covered += e.*flag ? 1 : 0;
  }
  return s;
}

struct Measure {
  std::string_view key;
  Share share;
  const model::CoverageMinimum* minimum;
};

std::vector<Measure> measures(const Coverage& c, const model::CoverageMinimums* m) {
  static const model::CoverageMinimums none;
  if (m == nullptr) m = &none;
  return {
      {"alerts_fire", share(c.alerts, &CoverageEntry::fires), &m->alerts_fire},
      {"alerts_silent", share(c.alerts, &CoverageEntry::silent), &m->alerts_silent},
      {"recording_rules", share(c.recording_rules, &CoverageEntry::covered), &m->recording_rules},
      {"routes", share(c.routes, &CoverageEntry::covered), &m->routes},
      {"receivers", share(c.receivers, &CoverageEntry::covered), &m->receivers}};
}

}  // namespace

Coverage compute_coverage(const std::vector<model::RuleSet>& repository,
                          const std::vector<RuleTestRunView>& runs,
                          const model::AlertmanagerConfig* config,
                          const std::vector<RouteTestResult>& route_results) {
  std::set<Key> fires, silent, queried;
  for (const RuleTestRunView& run : runs) {
    // The alerts and records of the rule sets this file ran against, by name.
    std::map<std::string, std::vector<std::string>> alert_groups;
    std::vector<Key> records;
    for (const model::RuleSet* set : run.rule_sets) {
      for (const model::RuleGroup& g : set->groups) {
        for (const model::Rule& r : g.rules) {
          if (r.kind == model::RuleKind::Alerting) {
            alert_groups[r.name.value].push_back(g.name.value);
          } else {
            records.emplace_back(g.name.value, r.name.value);
          }
        }
      }
    }
    for (const ruletest::GroupResult& r : *run.groups) {
      if (r.index >= run.file->tests.size()) continue;
      const model::RuleTestGroup& g = run.file->tests[r.index];
      for (const model::AlertTestCase& a : g.alert_tests) {
        const ruletest::ExpectationResult* e = result_at(r, a.span);
        if (e == nullptr || !e->passed) continue;
        auto it = alert_groups.find(a.alertname.value);
        if (it == alert_groups.end()) continue;
        for (const std::string& group : it->second) {
          (a.alerts.empty() ? silent : fires).insert({group, a.alertname.value});
        }
      }
      for (const model::PromqlTestCase& p : g.promql_tests) {
        const ruletest::ExpectationResult* e = result_at(r, p.span);
        if (e == nullptr || !e->passed) continue;
        for (const Key& k : records) {
          if (mentions(p.expr.value, k.second)) queried.insert(k);
        }
      }
    }
  }

  Coverage out;
  for (const model::RuleSet& set : repository) {
    if (set.language != model::QueryLanguage::PromQL) continue;
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        CoverageEntry e;
        e.group = g.name.value;
        e.name = r.name.value;
        e.span = r.name.span;
        Key k{g.name.value, r.name.value};
        if (r.kind == model::RuleKind::Alerting) {
          e.kind = "alert";
          e.fires = fires.count(k) > 0;
          e.silent = silent.count(k) > 0;
          out.alerts.push_back(std::move(e));
        } else {
          e.kind = "recording rule";
          e.covered = queried.count(k) > 0;
          out.recording_rules.push_back(std::move(e));
        }
      }
    }
  }

  if (config != nullptr && config->route) {
    routing::RoutingTree tree = routing::RoutingTree::build(*config->route);
    std::set<const routing::RouteNode*> reached;
    std::set<std::string> receivers;
    for (const RouteTestResult& r : route_results) {
      if (!r.ran) continue;
      for (const routing::RouteNode* n : tree.match(r.labels)) {
        for (const routing::RouteNode* p = n; p != nullptr; p = p->parent) reached.insert(p);
      }
      receivers.insert(r.receivers.begin(), r.receivers.end());
    }
    for (const routing::RouteNode* n : tree.walk()) {
      CoverageEntry e;
      e.kind = "route";
      e.name = fmt::format("{} -> {}", n->key(), n->options.receiver);
      e.span = n->source != nullptr ? n->source->span : Span{};
      e.covered = reached.count(n) > 0;
      out.routes.push_back(std::move(e));
    }
    for (const model::AmReceiver& rc : config->receivers) {
      CoverageEntry e;
      e.kind = "receiver";
      e.name = rc.name.value;
      e.span = rc.name.span;
      e.covered = receivers.count(rc.name.value) > 0;
      out.receivers.push_back(std::move(e));
    }
  }
  return out;
}

std::string coverage_table(const Coverage& c, const SourceManager& sources) {
  std::string out = "test coverage:\n";
  auto mark = [](bool b) { return b ? "yes" : "-"; };
  size_t width = std::string_view("recording rule").size();  // the widest heading
  for (const auto* list : {&c.alerts, &c.recording_rules, &c.routes, &c.receivers}) {
    for (const CoverageEntry& e : *list) width = std::max(width, e.name.size());
  }
  width = std::min<size_t>(width, 60);
  if (!c.alerts.empty()) {
    out += fmt::format("\n  {:<{}}  fires  silent\n", "alert", width);
    for (const CoverageEntry& e : c.alerts) {
      out += fmt::format("  {:<{}}  {:<5}  {:<6}  {}\n", e.name, width, mark(e.fires),
                         mark(e.silent), where(sources, e.span));
    }
  }
  auto simple = [&](const std::vector<CoverageEntry>& list, std::string_view head,
                    std::string_view column) {
    if (list.empty()) return;
    out += fmt::format("\n  {:<{}}  {}\n", head, width, column);
    for (const CoverageEntry& e : list) {
      out += fmt::format("  {:<{}}  {:<{}}  {}\n", e.name, width, mark(e.covered), column.size(),
                         where(sources, e.span));
    }
  };
  simple(c.recording_rules, "recording rule", "queried");
  simple(c.routes, "route", "reached");
  simple(c.receivers, "receiver", "reached");
  out += "\n";
  for (const Measure& m : measures(c, nullptr)) {
    out += fmt::format("  {:<16} {:>4}/{:<4} {:6.1f}%\n", m.key, m.share.covered, m.share.total,
                       m.share.percent());
  }
  return out;
}

std::string coverage_json(const Coverage& c, const SourceManager& sources) {
  nlohmann::json doc = nlohmann::json::object();
  auto list = [&](const std::vector<CoverageEntry>& entries, bool alerts) {
    nlohmann::json a = nlohmann::json::array();
    for (const CoverageEntry& e : entries) {
      nlohmann::json o;
      if (!e.group.empty()) o["group"] = e.group;
      o["name"] = e.name;
      o["location"] = where(sources, e.span);
      if (alerts) {
        o["fires"] = e.fires;
        o["silent"] = e.silent;
      } else {
        o["covered"] = e.covered;
      }
      a.push_back(std::move(o));
    }
    return a;
  };
  doc["alerts"] = list(c.alerts, true);
  doc["recording_rules"] = list(c.recording_rules, false);
  doc["routes"] = list(c.routes, false);
  doc["receivers"] = list(c.receivers, false);
  nlohmann::json summary = nlohmann::json::object();
  for (const Measure& m : measures(c, nullptr)) {
    summary[std::string(m.key)] = {
        {"covered", m.share.covered}, {"total", m.share.total}, {"percent", m.share.percent()}};
  }
  doc["summary"] = std::move(summary);
  return doc.dump(2);
}

bool check_coverage(const Coverage& c, const model::CoverageMinimums& minimums,
                    Diagnostics& diags) {
  bool ok = true;
  for (const Measure& m : measures(c, &minimums)) {
    if (!m.minimum->percent || m.share.percent() + 1e-9 >= *m.minimum->percent) continue;
    ok = false;
    diags.report(
        DiagKind::RuleTestCoverageBelow, m.minimum->span,
        fmt::format("test coverage '{}' is {:.1f}% ({} of {}), below the minimum {}%", m.key,
                    m.share.percent(), m.share.covered, m.share.total, *m.minimum->percent));
  }
  return ok;
}

}  // namespace mzr::driver
