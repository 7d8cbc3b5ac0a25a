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
  // Rule files those tests name that are not sources of the repository, loaded for them.
  std::vector<std::unique_ptr<model::RuleSet>> test_rule_sets;
  std::vector<model::Dashboard> dashboards;
  DashboardStats dashboard_stats;
};

// Finds and reads mzrules.yaml (defaults when there is none). False on unusable settings.
bool load_project_settings(const FileSystem& fs, Compilation& c);

// Loads and checks the given paths; with no paths, the settings' source folders.
void compile(const FileSystem& fs, const std::vector<std::string>& paths, Compilation& c);

}  // namespace mzr::driver
