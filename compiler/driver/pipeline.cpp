#include "compiler/driver/pipeline.h"

#include <fmt/format.h>

#include "compiler/check/dashboard_checks.h"
#include "compiler/check/duplicate_rules.h"
#include "compiler/check/loki_rules.h"
#include "compiler/check/rule_exprs.h"
#include "compiler/check/unique_names.h"
#include "compiler/dsl/lower.h"
#include "compiler/load/alertmanager_config.h"
#include "compiler/load/alertmanager_files.h"
#include "compiler/load/dashboard_load.h"
#include "compiler/load/rule_file.h"
#include "compiler/load/settings.h"
#include "compiler/load/sources.h"
#include "compiler/load/yaml.h"
#include "compiler/syntax/mzr_parser.h"

namespace mzr::driver {
namespace {

// Whether a rule file belongs to the Loki ruler, by the settings' `loki_rules` paths.
bool is_loki_path(const Compilation& c, const std::string& path) {
  auto below = [&](const std::string& p) {
    return path == p || (path.size() > p.size() && path.compare(0, p.size(), p) == 0 &&
                         (p.back() == '/' || path[p.size()] == '/'));
  };
  std::string base = c.settings.root.empty() ? "." : c.settings.root;
  for (const std::string& prefix : c.settings.loki_rules) {
    if (below(join_path(base, prefix))) return true;
  }
  for (const std::string& p : c.loki_rule_paths) {
    if (below(p)) return true;
  }
  return false;
}

void load_yaml_source(const SourcePath& sp, SourceId id, Compilation& c) {
  yaml::Stream stream = yaml::parse(c.sources, id, c.diags);
  if (!stream.ok) return;
  RuleLoadOptions options{c.settings.names};
  DocumentFormat format = classify(stream);
  Span file_start{id, 0, std::min<uint32_t>(1, c.sources.file(id).size())};
  switch (format) {
    case DocumentFormat::Empty:
      c.diags.report(DiagKind::EmptyFile, file_start, "file is empty");
      return;
    case DocumentFormat::RuleFile: {
      model::RuleSet set = load_rule_file(stream, c.sources.file(id), id, options, c.diags);
      set.language =
          is_loki_path(c, sp.path) ? model::QueryLanguage::LogQL : model::QueryLanguage::PromQL;
      c.rule_sets.push_back(std::move(set));
      return;
    }
    case DocumentFormat::PrometheusRule:
      for (auto& set : load_prometheus_rules(stream, c.sources.file(id), id, options, c.diags)) {
        c.rule_sets.push_back(std::move(set));
      }
      return;
    case DocumentFormat::AlertmanagerConfig: {
      AlertmanagerLoadOptions am_options;
      am_options.secrets_by_reference = true;
      c.alertmanager_configs.push_back(load_alertmanager_config(stream, id, c.diags, am_options));
      return;
    }
    case DocumentFormat::GrafanaDashboard:
      for (auto& d : load_dashboards(stream, id, c.sources, c.diags)) {
        c.dashboards.push_back(std::move(d));
      }
      return;
    case DocumentFormat::Unknown: {
      const yaml::Node* root = nullptr;
      for (const auto& d : stream.documents) {
        if (d.root && !d.root->is_null()) {
          root = d.root;
          break;
        }
      }
      if (root && !root->is_mapping()) {
        c.diags.report(DiagKind::WrongNodeType, root->span,
                       fmt::format("expected a mapping at the top of the document, found a {}",
                                   yaml::kind_name(root->kind)));
      } else {
        c.diags.report(
            DiagKind::UnrecognisedFile, file_start,
            "not a format mzrules reads (no 'groups', 'kind', 'route' or 'panels'); not checked");
      }
      return;
    }
    default:
      if (sp.explicit_file) {
        c.diags.report(
            DiagKind::UnrecognisedFile, file_start,
            fmt::format("{}: mzrules does not check this format yet", format_description(format)));
      }
      return;
  }
}

// The DSL's Alertmanager configuration, read by the loader alertmanager.yml goes through. With
// `project` (the settings' sources, not paths named on the command line), one routing
// configuration per repository.
void load_dsl_alertmanager(const FileSystem& fs, const dsl::LoweredAlertmanager& am, bool project,
                           Compilation& c) {
  if (am.present) {
    AlertmanagerLoadOptions options;
    options.secrets_by_reference = true;
    model::AlertmanagerConfig config = load_alertmanager_document(am.doc, am.file, c.diags, options);
    c.alertmanager_configs.insert(c.alertmanager_configs.begin(), std::move(config));
  }
  for (size_t i = 1; project && i < c.alertmanager_configs.size(); ++i) {
    const model::AlertmanagerConfig& first = c.alertmanager_configs.front();
    const model::AlertmanagerConfig& other = c.alertmanager_configs[i];
    Span at = other.route ? other.route->span : Span{other.file, 0, 0};
    Span first_at = first.route ? first.route->span : Span{first.file, 0, 0};
    c.diags.report(DiagKind::AmSecondRoute, at, "a second Alertmanager configuration")
        .note(first_at, "the repository's routing configuration is here");
  }
  if (!c.alertmanager_configs.empty()) {
    resolve_alertmanager_files(fs, c.sources, c.alertmanager_configs.front(), c.diags);
  }
}

}  // namespace

bool load_project_settings(const FileSystem& fs, Compilation& c) {
  auto root = find_settings_root(fs);
  if (!root) return true;
  auto settings = load_settings(fs, *root, c.sources, c.diags);
  if (!settings) return false;
  c.settings = std::move(*settings);
  apply_severities(c.settings, c.diags);
  return true;
}

void compile(const FileSystem& fs, const std::vector<std::string>& paths, Compilation& c) {
  std::vector<std::string> roots = paths;
  if (roots.empty()) {
    std::string base = c.settings.root.empty() ? "." : c.settings.root;
    for (const std::string& s : c.settings.sources) {
      std::string p = join_path(base, s);
      if (fs.exists(p)) roots.push_back(p);
    }
  }
  dsl::Lowered lowered;
  for (const SourcePath& sp : discover_sources(fs, roots, !paths.empty(), c.diags)) {
    auto id = read_source(fs, sp.path, c.sources, c.diags);
    if (!id) continue;
    const std::string& name = sp.path;
    bool yaml_like = name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json");
    if (yaml_like) {
      load_yaml_source(sp, *id, c);
    } else if (name.ends_with(".mzr")) {
      dsl::File file = syntax::parse_mzr(c.sources, *id, c.diags);
      dsl::lower(file, lowered, c.diags);
    } else if (sp.explicit_file) {
      c.diags.report(DiagKind::UnrecognisedFile, {*id, 0, 0},
                     "this version of mzrules does not read jsonnet sources");
    }
  }
  for (model::RuleSet& set : lowered.rule_sets) c.rule_sets.push_back(std::move(set));
  c.catalogs = std::move(lowered.catalogs);
  c.streams = std::move(lowered.streams);
  if (lowered.stack) c.stack = std::move(*lowered.stack);
  load_dsl_alertmanager(fs, lowered.alertmanager, paths.empty(), c);
  check_unique_names(c.rule_sets, c.catalogs, c.diags);

  promql::Options promql_options;
  promql_options.features = c.settings.promql_features;
  promql_options.names = c.settings.names;
  for (const model::RuleSet& set : c.rule_sets) check_duplicate_rules(set, c.diags);
  promql::Catalog recorded;
  check_rule_exprs(c.rule_sets, c.catalogs, promql_options, c.diags, &recorded);
  check_loki_rules(c.rule_sets, c.streams, promql_options, c.diags);

  DashboardCheckOptions dashboard_options =
      dashboard_check_options(c.catalogs, c.rule_sets, recorded.empty() ? nullptr : &recorded);
  dashboard_options.promql = promql_options;
  c.dashboard_stats = check_dashboards(c.dashboards, dashboard_options, c.diags);
}

}  // namespace mzr::driver
