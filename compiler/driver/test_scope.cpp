#include "compiler/driver/test_scope.h"

#include <set>

namespace mzr::driver {

void keep_test_diagnostics(Compilation& c) {
  std::set<SourceId> read;
  for (const model::RuleSet& s : c.rule_sets) read.insert(s.file);
  for (const model::AlertmanagerConfig& a : c.alertmanager_configs) read.insert(a.file);
  for (const model::RouteTest& t : c.route_tests) read.insert(t.span.file);
  for (const model::RuleTestFile& f : c.rule_test_files) read.insert(f.file);
  for (const model::RuleTestFile& f : c.dsl_rule_tests) read.insert(f.file);
  for (const model::Catalog& cat : c.catalogs) read.insert(cat.span.file);
  std::set<SourceId> dashboards_only;
  for (const model::Dashboard& d : c.dashboards) {
    if (!read.count(d.span.file)) dashboards_only.insert(d.span.file);
  }
  // A .json file the tests do not read is a dashboard, also when it is too broken to load as one.
  auto unread_json = [&](SourceId id) {
    return id != kNoSource && !read.count(id) && c.sources.file(id).path().ends_with(".json");
  };
  // What is found inside a dashboard (a .mzr file may hold rules and dashboards alike).
  auto in_dashboard = [&](const Span& s) {
    for (const model::Dashboard& d : c.dashboards) {
      if (s.valid() && d.span.file == s.file && d.span.begin <= s.begin && s.end <= d.span.end)
        return true;
    }
    return false;
  };
  c.diags.relevel([&](const Diagnostic& d) {
    if (dashboards_only.count(d.span.file) || unread_json(d.span.file) || in_dashboard(d.span))
      return Severity::Off;
    return d.severity;
  });
}

}  // namespace mzr::driver
