#pragma once
// The phases composed: settings → sources → parse and load → checks. One compilation owns its
// sources, settings, diagnostics and model; nothing is global.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/file_system.h"
#include "compiler/base/source.h"
#include "compiler/check/dashboard_checks.h"
#include "compiler/check/rule_exprs.h"
#include "compiler/model/alertmanager.h"
#include "compiler/model/catalog.h"
#include "compiler/model/dashboard.h"
#include "compiler/model/route_test.h"
#include "compiler/model/rule_test.h"
#include "compiler/model/rules.h"
#include "compiler/model/settings.h"
#include "compiler/model/stack.h"
#include "compiler/model/streams.h"

namespace mzr::driver {

struct Compilation {
  SourceManager sources;
  Diagnostics diags;
  model::Settings settings;
  // Paths named on the command line whose rule files hold LogQL (relative to where mzrules runs).
  std::vector<std::string> loki_rule_paths;
  std::vector<model::RuleSet> rule_sets;
  std::vector<model::Catalog> catalogs;
  std::vector<model::StreamCatalog> streams;  // labels of log streams, for LogQL rules
  model::Stack stack;
  std::vector<model::AlertmanagerConfig> alertmanager_configs;
  std::vector<model::RouteTest> route_tests;
  // The label sets the alerting rules' PromQL expressions give their alerts.
  AlertSeriesLabels alert_series;
  // Rule unit-test files in promtool's format, decoded; `mzrules test` runs them.
  std::vector<model::RuleTestFile> rule_test_files;
  // `test rules` blocks of the .mzr sources, one file per source file; they run against the
  // repository's rule groups.
  std::vector<model::RuleTestFile> dsl_rule_tests;
  // Rule files those tests name that are not sources of the repository, loaded for them.
  std::vector<std::unique_ptr<model::RuleSet>> test_rule_sets;
  std::vector<model::Dashboard> dashboards;
  DashboardStats dashboard_stats;
  // How many source files were found (before any was read), for the summary of what was checked.
  size_t source_files = 0;
  // Whether finding no source without paths is an error (E1301): for the gate, not for commands
  // that answer a question about whatever there is ('routes').
  bool sources_required = true;
};

// Finds and reads mzrules.yaml (defaults when there is none). False on unusable settings.
bool load_project_settings(const FileSystem& fs, Compilation& c);

// Loads and checks the given paths; with no paths, the settings' source folders, where finding
// no source at all is an error (E1301) that names the folders searched.
void compile(const FileSystem& fs, const std::vector<std::string>& paths, Compilation& c);

// Checks the route tests of the sources without judging their expectations (that is 'mzrules
// test'): the alerts they name, the receivers they expect and their instants must exist, and
// they need one Alertmanager configuration.
void check_route_tests(Compilation& c);

// One line that says what was checked: files, rule groups, rules and alerts, dashboards, routes
// and tests ("checked 0 files" never passes silently).
std::string checked_summary(const Compilation& c);

}  // namespace mzr::driver
