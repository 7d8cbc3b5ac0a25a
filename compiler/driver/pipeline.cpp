#include "compiler/driver/pipeline.h"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/check/alert_policy.h"
#include "compiler/check/alertmanager_checks.h"
#include "compiler/check/am_templates.h"
#include "compiler/check/dashboard_checks.h"
#include "compiler/check/duplicate_rules.h"
#include "compiler/check/loki_rules.h"
#include "compiler/check/notification_labels.h"
#include "compiler/check/recording_names.h"
#include "compiler/check/route_tests.h"
#include "compiler/check/routing_analysis.h"
#include "compiler/check/rule_exprs.h"
#include "compiler/check/runbook_anchors.h"
#include "compiler/check/unique_names.h"
#include "compiler/driver/rule_test_checks.h"
#include "compiler/dsl/lower.h"
#include "compiler/dsl/lower_dashboard.h"
#include "compiler/load/alertmanager_config.h"
#include "compiler/load/alertmanager_files.h"
#include "compiler/load/dashboard_load.h"
#include "compiler/load/jsonnet.h"
#include "compiler/load/jsonnet_dashboards.h"
#include "compiler/load/route_tests.h"
#include "compiler/load/rule_file.h"
#include "compiler/load/rule_test_file.h"
#include "compiler/load/settings.h"
#include "compiler/load/source_roots.h"
#include "compiler/load/sources.h"
#include "compiler/load/yaml.h"
#include "compiler/stdlib/stdlib.h"
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
      AlertmanagerLoadOptions am_options = repository_alertmanager_options(c.settings);
      c.alertmanager_configs.push_back(load_alertmanager_config(stream, id, c.diags, am_options));
      return;
    }
    case DocumentFormat::RouteTests:
      for (model::RouteTest& t : load_route_tests(stream, c.diags)) {
        c.route_tests.push_back(std::move(t));
      }
      return;
    case DocumentFormat::PromtoolTest:
      c.rule_test_files.push_back(load_rule_test_file(stream, id, c.diags));
      return;
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

// A jsonnet source: evaluated, and each document of its output read like a YAML/JSON file,
// with positions moved back into the jsonnet where they can be found there.
void load_jsonnet_source(const FileSystem& fs, const SourcePath& sp, SourceId id, Compilation& c) {
  JsonnetOptions options;
  options.root = c.settings.root.empty() ? "." : c.settings.root;
  options.library_paths = c.settings.jsonnet.library_paths;
  options.max_stack = c.settings.jsonnet.max_stack;
  options.max_trace = c.settings.jsonnet.max_trace;
  options.max_output_bytes = c.settings.jsonnet.max_output_bytes;
  options.max_memory_bytes = c.settings.jsonnet.max_memory_bytes;
  auto docs = evaluate_jsonnet(fs, c.sources, id, options, c.diags);
  if (!docs) return;
  JsonnetSourceMap map(c.sources, id);
  for (const JsonnetDocument& doc : *docs) {
    size_t before = c.rule_sets.size();
    size_t dashboards_before = c.dashboards.size();
    load_yaml_source(SourcePath{sp.path, true}, doc.source, c);
    for (size_t i = before; i < c.rule_sets.size(); ++i) relocate_to_jsonnet(map, c.rule_sets[i]);
    for (size_t i = dashboards_before; i < c.dashboards.size(); ++i)
      relocate_to_jsonnet(map, c.dashboards[i]);
  }
}

// The DSL's Alertmanager configuration, read by the loader alertmanager.yml goes through. With
// `project` (the settings' sources, not paths named on the command line), one routing
// configuration per repository.
void load_dsl_alertmanager(const FileSystem& fs, const ReadBounds& bounds,
                           const dsl::LoweredAlertmanager& am, bool project, Compilation& c) {
  if (am.present) {
    AlertmanagerLoadOptions options = repository_alertmanager_options(c.settings);
    model::AlertmanagerConfig config =
        load_alertmanager_document(am.doc, am.file, c.diags, options);
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
    resolve_alertmanager_files(fs, bounds, c.sources, c.alertmanager_configs.front(), c.diags);
  }
}

// No source in any folder searched: a gate that checked nothing must not pass.
void report_nothing_to_check(Compilation& c) {
  std::string folders;
  for (const model::SourceFolder& s : c.settings.sources) {
    folders += fmt::format("{}'{}'", folders.empty() ? "" : ", ", s.path);
  }
  if (folders.empty()) folders = "(none)";
  if (c.settings.root.empty()) {
    c.diags.report(DiagKind::NothingToCheck, {},
                   fmt::format("no sources found: there is no mzrules.yaml here or in a parent "
                               "directory, and none of the default source folders {} holds a "
                               "source file; name the folders in mzrules.yaml ('sources') or "
                               "the paths on the command line",
                               folders));
    return;
  }
  Span at = c.settings.sources.empty() ? Span{} : c.settings.sources.front().span;
  c.diags.report(DiagKind::NothingToCheck, at,
                 fmt::format("no sources found: searched the source folders {} of '{}'", folders,
                             join_path(c.settings.root, "mzrules.yaml")));
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
  ReadBounds bounds = repository_bounds(fs, c.settings);
  std::vector<std::string> roots = paths;
  if (roots.empty()) {
    roots = project_source_roots(fs, c.settings, bounds, c.diags);
  } else {
    open_named_paths(paths, bounds);
  }
  dsl::Lowered lowered;
  std::vector<SourcePath> found = discover_sources(fs, roots, !paths.empty(), bounds, c.diags);
  c.source_files = found.size();
  if (found.empty() && paths.empty() && c.sources_required) report_nothing_to_check(c);
  for (const SourcePath& sp : found) {
    auto id = read_source(fs, sp.path, c.sources, c.diags);
    if (!id) continue;
    const std::string& name = sp.path;
    bool yaml_like = name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json");
    if (yaml_like) {
      load_yaml_source(sp, *id, c);
    } else if (name.ends_with(".mzr")) {
      dsl::File file = syntax::parse_mzr(c.sources, *id, c.diags);
      dsl::lower(file, lowered, c.diags);
    } else if (name.ends_with(".jsonnet") || sp.explicit_file) {
      // Libraries (.libsonnet) are evaluated through the imports of the files that use them,
      // unless named on their own.
      load_jsonnet_source(fs, sp, *id, c);
    }
  }
  for (model::RuleSet& set : lowered.rule_sets) c.rule_sets.push_back(std::move(set));
  c.catalogs = std::move(lowered.catalogs);
  c.streams = std::move(lowered.streams);
  if (lowered.stack) c.stack = std::move(*lowered.stack);
  load_dsl_alertmanager(fs, bounds, lowered.alertmanager, paths.empty(), c);
  for (model::RouteTest& t : lowered.route_tests) c.route_tests.push_back(std::move(t));
  for (model::RuleTestGroup& g : lowered.rule_tests) {
    if (c.dsl_rule_tests.empty() || c.dsl_rule_tests.back().file != g.span.file) {
      c.dsl_rule_tests.emplace_back().file = g.span.file;
    }
    c.dsl_rule_tests.back().tests.push_back(std::move(g));
  }
  for (const dsl::DashboardBlock& b : lowered.dashboards) {
    c.dashboards.push_back(dsl::lower_dashboard(b, c.stack.grafana, c.diags));
  }
  for (const model::AlertmanagerConfig& config : c.alertmanager_configs) {
    check_alertmanager_config(config, c.diags);
  }
  check_unique_names(c.rule_sets, c.catalogs, c.diags);
  if (c.settings.catalogs.stdlib) {
    for (model::Catalog& lib :
         stdlib::load_catalogs(c.sources, c.diags, c.catalogs, c.settings.catalogs.only)) {
      c.catalogs.push_back(std::move(lib));
    }
  }
  for (model::Catalog& cat : c.catalogs) {
    for (const std::string& l : c.settings.catalogs.target_labels) {
      cat.target_labels.push_back({l, cat.span});
    }
    for (const auto& lv : c.settings.catalogs.label_values) {
      if (lv.catalog == cat.name.value) cat.label_values = lv.values;
    }
  }
  for (const auto& lv : c.settings.catalogs.label_values) {
    bool known = std::any_of(c.catalogs.begin(), c.catalogs.end(), [&](const model::Catalog& cat) {
      return cat.name.value == lv.catalog;
    });
    if (!known) {
      c.diags.report(DiagKind::InvalidSettings, lv.span,
                     fmt::format("'catalogs.label_values' names catalog '{}', which is not "
                                 "loaded",
                                 lv.catalog));
    }
  }

  promql::Options promql_options;
  promql_options.features = c.settings.promql_features;
  promql_options.names = c.settings.names;
  promql_options.prometheus_major = c.settings.prometheus_major;
  for (const model::RuleSet& set : c.rule_sets) check_duplicate_rules(set, c.diags);
  check_recordings_across_files(c.rule_sets, c.diags);
  promql::Catalog recorded;
  check_rule_exprs(c.rule_sets, c.catalogs, promql_options, c.settings.rules, c.diags,
                   &c.alert_series, &recorded, &c.sources);
  check_loki_rules(c.rule_sets, c.streams, promql_options, c.diags, &c.sources);
  check_recording_names(c.rule_sets, c.settings.rules, c.diags);
  check_alert_policy(c.rule_sets, c.settings.rules, c.diags);
  check_runbook_anchors(c.rule_sets, c.settings.rules.runbook_base, fs,
                        c.settings.root.empty() ? "." : c.settings.root, c.diags);

  DashboardCheckOptions dashboard_options =
      dashboard_check_options(c.catalogs, c.rule_sets, recorded.empty() ? nullptr : &recorded);
  dashboard_options.promql = promql_options;
  for (const model::GrafanaDatasource& ds : c.stack.grafana.datasources) {
    dashboard_options.datasources[ds.uid.value] = ds.type.value;
    if (ds.is_default) dashboard_options.default_datasource_type = ds.type.value;
  }
  c.dashboard_stats = check_dashboards(c.dashboards, dashboard_options, c.diags);

  // Alertmanager's template files parse, and every template they call is defined.
  for (const model::AlertmanagerConfig& config : c.alertmanager_configs) {
    check_alertmanager_templates(config, c.sources, c.diags);
  }

  check_dsl_rule_tests(c);

  // Routing analysis: against the repository's alerts when there is one configuration; not on
  // a model with errors, where dropped matchers or rules would give false warnings.
  if (c.diags.has_errors()) return;
  std::vector<AlertLabels> alerts;
  if (c.alertmanager_configs.size() == 1)
    alerts = alert_labels(c.rule_sets, c.stack, c.alert_series);
  for (const model::AlertmanagerConfig& config : c.alertmanager_configs) {
    std::vector<AlertReceivers> receivers = analyze_routing(alerts, config, &c.diags);
    check_notification_labels(config, receivers, c.sources, c.diags);
  }
}

void check_route_tests(Compilation& c) {
  if (c.route_tests.empty()) return;
  if (c.alertmanager_configs.size() != 1) {
    Span at = c.route_tests.front().span;
    auto& d = c.diags.report(
        DiagKind::RouteTestNoConfig, at,
        c.alertmanager_configs.empty()
            ? std::string("route tests need an Alertmanager configuration, and the sources have "
                          "none")
            : fmt::format("the sources hold {} Alertmanager configurations; 'mzrules test "
                          "--config.file' chooses one",
                          c.alertmanager_configs.size()));
    for (const model::AlertmanagerConfig& cfg : c.alertmanager_configs) {
      d.note({cfg.file, 0, 0}, "one is here");
    }
    return;
  }
  const model::AlertmanagerConfig& config = c.alertmanager_configs.front();
  if (!config.route) return;
  // Failed expectations are for 'mzrules test' to report; what keeps a test from running is
  // reported here.
  run_route_tests(c.route_tests, {c.rule_sets, c.stack, config}, c.diags);
}

std::string checked_summary(const Compilation& c) {
  size_t groups = 0, rules = 0, alerts = 0;
  for (const model::RuleSet& set : c.rule_sets) {
    groups += set.groups.size();
    for (const model::RuleGroup& g : set.groups) {
      rules += g.rules.size();
      for (const model::Rule& r : g.rules) alerts += r.kind == model::RuleKind::Alerting;
    }
  }
  size_t routes = 0;
  auto count_routes = [&](const model::AmRoute& r, auto& self) -> void {
    ++routes;
    for (const model::AmRoute& child : r.routes) self(child, self);
  };
  for (const model::AlertmanagerConfig& config : c.alertmanager_configs) {
    if (config.route) count_routes(*config.route, count_routes);
  }
  auto n = [](size_t count, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", count, count == 1 ? one : many);
  };
  return fmt::format("checked {}: {}, {} ({}), {}, {}, {}\n", n(c.source_files, "file", "files"),
                     n(groups, "rule group", "rule groups"), n(rules, "rule", "rules"),
                     n(alerts, "alert", "alerts"),
                     n(c.dashboards.size(), "dashboard", "dashboards"),
                     n(routes, "route", "routes"), n(c.route_tests.size(), "test", "tests"));
}

}  // namespace mzr::driver
