#pragma once
// Project settings: where the sources are, where the output goes, and the policy mzrules checks
// against. Read from mzrules.yaml at the repository root.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/names.h"
#include "compiler/model/alertmanager_versions.h"
#include "compiler/model/dashboard.h"
#include "compiler/model/rule_policy.h"
#include "compiler/model/rule_test_settings.h"

namespace mzr::model {

// A folder `mzrules check` and `mzrules build` read sources from when given no paths.
struct SourceFolder {
  std::string path;  // relative to the settings' directory
  Span span;         // where mzrules.yaml names it; none for the defaults
};

// `overrides`: levels of diagnostics in some files only (vendored mixins, generated rules).
struct PathLevels {
  // Paths relative to the settings' directory, each naming a file or a folder (then everything
  // below it); a component may be a glob ('*', '?', '[...]').
  std::vector<std::string> paths;
  std::map<DiagKind, Severity> severities;
  Span span;  // the entry in mzrules.yaml
};

struct Settings {
  // The directory holding mzrules.yaml, relative to where mzrules runs ("." when it is there);
  // empty when no settings file was found.
  std::string root;
  std::vector<SourceFolder> sources = {{"rules", {}}, {"alerts", {}}, {"dashboards", {}}};
  // `allow_sources_outside`: source folders may lie outside the repository. Off, a folder that
  // leaves it (an absolute path, '..', a symbolic link) is an error: the settings arrive with
  // the repository and must not make mzrules read the rest of the machine.
  bool allow_sources_outside = false;
  std::string output = "out";
  NameScheme names = NameScheme::Utf8;
  // `versions.prometheus`: the major version of the Prometheus (or Thanos) the rules and
  // dashboards are for. 2 means legacy names, no duration expressions, and neither Prometheus
  // 3's functions nor its renames.
  int prometheus_major = 3;
  // `versions.alertmanager`: the Alertmanager release the configuration is for; keys newer than
  // it are errors. Unset: every key of the release the chart deploys is accepted.
  std::optional<AmVersion> alertmanager_version;
  // `secrets.inline: substituted`: the deployment tooling replaces placeholders written in secret
  // fields, so those placeholders are warnings and stay in the output. Off ('refused'), any
  // secret written in the repository is an error.
  bool secrets_substituted = false;
  // PromQL feature gates, by Prometheus' --enable-feature names. Current Prometheus enables
  // duration expressions by default.
  std::set<std::string> promql_features = {"promql-duration-expr"};
  // Rule files at or below these paths (relative to the settings' directory) are Loki ruler
  // files: their expressions are LogQL.
  std::vector<std::string> loki_rules;
  // `dashboards.schema`: the schema `mzrules build` deploys dashboards as, unless a dashboard's
  // source chooses one; unset, each is deployed in the schema it is written in. Classic
  // dashboards convert to v2; v2 dashboards stay v2 (there is no conversion back).
  std::optional<DashboardSchema> dashboard_schema;
  std::map<DiagKind, Severity> severities;
  std::vector<PathLevels> path_levels;  // later entries win
  CatalogSettings catalogs;
  RulePolicy rules;
  JsonnetSettings jsonnet;
  RuleTestSettings tests;  // 'tests' and 'coverage'
};

}  // namespace mzr::model
