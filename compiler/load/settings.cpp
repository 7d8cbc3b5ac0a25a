#include "compiler/load/settings.h"

#include <fmt/format.h>

#include "compiler/load/decode.h"
#include "compiler/load/read_bounds.h"
#include "compiler/load/settings_rules.h"
#include "compiler/load/settings_tests.h"
#include "compiler/load/sources.h"
#include "compiler/load/yaml.h"
#include "compiler/promql/features.h"

namespace mzr {

std::optional<std::string> find_settings_root(const FileSystem& fs, int max_levels) {
  std::string dir = ".";
  for (int i = 0; i < max_levels; ++i) {
    if (fs.exists(join_path(dir, kSettingsFile)) &&
        !fs.is_directory(join_path(dir, kSettingsFile))) {
      return dir;
    }
    std::string parent = dir == "." ? ".." : dir + "/..";
    if (!fs.is_directory(parent)) break;
    dir = parent;
  }
  return std::nullopt;
}

namespace {

// A map of diagnostic codes to levels: `{W0314: off, W0313: error}`.
void read_levels(const yaml::Node* levels, std::string_view what, std::map<DiagKind, Severity>& out,
                 Diagnostics& diags) {
  auto pairs = yaml::read_string_map(levels, what, diags);
  if (!pairs) return;
  for (const yaml::StringPair& p : *pairs) {
    const DiagInfo* info = find_diag(p.name);
    if (!info) {
      diags.report(DiagKind::UnknownDiagnosticCode, p.key->span,
                   fmt::format("unknown diagnostic code '{}'", p.name));
      continue;
    }
    if (info->severity == Severity::Error) {
      diags.report(DiagKind::UnknownDiagnosticCode, p.key->span,
                   fmt::format("'{}' is an error; errors cannot be re-levelled", p.name));
      continue;
    }
    auto level = parse_severity(p.text);
    if (!level) {
      diags.report(DiagKind::InvalidSettings, p.value->span,
                   fmt::format("level must be one of off, info, warning, error; not '{}'", p.text));
      continue;
    }
    out[info->kind] = *level;
  }
}

// `overrides: [{paths: [vendor/, mixins/*/rules.yaml], diagnostics: {W1302: off}}, ...]`.
void read_overrides(const yaml::Node* node, model::Settings& settings, Diagnostics& diags) {
  if (!node->is_sequence()) {
    diags.report(DiagKind::InvalidSettings, node->span,
                 "'overrides' must be a list of entries with 'paths' and 'diagnostics'");
    return;
  }
  for (const yaml::Node* entry : node->items) {
    yaml::FieldReader e(entry, "an 'overrides' entry", diags);
    if (!e.ok()) continue;
    model::PathLevels levels;
    levels.span = entry->span;
    const yaml::Node* paths = e.take("paths");
    if (paths == nullptr || !paths->is_sequence() || paths->items.empty()) {
      diags.report(DiagKind::InvalidSettings, paths ? paths->span : entry->span,
                   "an 'overrides' entry needs 'paths', a list of files or folders");
    } else {
      for (const yaml::Node* p : paths->items) {
        if (auto text = yaml::read_string(p, "a path of 'overrides'", diags)) {
          levels.paths.push_back(*text);
        }
      }
    }
    if (const yaml::Node* d = e.take("diagnostics")) {
      read_levels(d, "'diagnostics' of an 'overrides' entry", levels.severities, diags);
    } else {
      diags.report(DiagKind::InvalidSettings, entry->span,
                   "an 'overrides' entry needs 'diagnostics', the levels in those paths");
    }
    e.finish();
    settings.path_levels.push_back(std::move(levels));
  }
}

}  // namespace

std::optional<model::Settings> load_settings(const FileSystem& fs, const std::string& root,
                                             SourceManager& sm, Diagnostics& diags) {
  model::Settings settings;
  settings.root = root;
  std::string path = join_path(root, kSettingsFile);
  // The settings file itself may not be a link out of its directory: what is read is shown in
  // diagnostics.
  if (ReadBounds::Place at = ReadBounds(fs, root).locate(path);
      at.kind != FileKind::Missing && !at.inside) {
    diags.report(
        DiagKind::LinkOutsideRepository, {},
        fmt::format("'{}' leads to '{}', outside the repository; not read", path, at.real));
    return std::nullopt;
  }
  auto id = read_source(fs, path, sm, diags);
  if (!id) return std::nullopt;
  size_t errors_before = diags.count(Severity::Error);
  yaml::Stream stream = yaml::parse(sm, *id, diags);
  if (!stream.ok) return std::nullopt;
  const yaml::Node* doc = stream.documents.empty() ? nullptr : stream.documents.front().root;
  yaml::FieldReader f(doc, "the project settings", diags);
  if (!f.ok()) return std::nullopt;

  if (const yaml::Node* sources = f.take("sources")) {
    if (!sources->is_sequence()) {
      diags.report(DiagKind::InvalidSettings, sources->span, "'sources' must be a list of paths");
    } else {
      settings.sources.clear();
      for (const yaml::Node* s : sources->items) {
        if (auto p = yaml::read_string(s, "a source path", diags))
          settings.sources.push_back({*p, s->span});
      }
    }
  }
  if (const yaml::Node* allow = f.take("allow_sources_outside")) {
    auto v = yaml::read_string(allow, "'allow_sources_outside'", diags);
    if (v && (*v == "true" || *v == "false")) {
      settings.allow_sources_outside = *v == "true";
    } else if (v) {
      diags.report(DiagKind::InvalidSettings, allow->span,
                   "'allow_sources_outside' must be true or false");
    }
  }
  if (const yaml::Node* output = f.take("output")) {
    if (auto p = yaml::read_string(output, "'output'", diags)) {
      if (p->empty() || (*p)[0] == '/' || p->find("..") != std::string::npos) {
        diags.report(DiagKind::InvalidSettings, output->span,
                     "'output' must be a relative path inside the repository");
      } else {
        settings.output = *p;
      }
    }
  }
  // `versions: {prometheus: 2}`: the Prometheus the rules are for. Read first: it changes the
  // defaults of `names` and `promql.features`.
  if (const yaml::Node* versions = f.take("versions")) {
    yaml::FieldReader vr(versions, "the 'versions' settings", diags);
    if (const yaml::Node* prometheus = vr.take("prometheus")) {
      auto v = yaml::read_string(prometheus, "'versions.prometheus'", diags);
      if (v && (*v == "2" || *v == "3")) {
        settings.prometheus_major = *v == "2" ? 2 : 3;
      } else if (v) {
        diags.report(DiagKind::InvalidSettings, prometheus->span,
                     fmt::format("'versions.prometheus' must be 2 or 3 (the major version), not "
                                 "'{}'",
                                 *v));
      }
    }
    if (const yaml::Node* am = vr.take("alertmanager")) {
      auto v = yaml::read_string(am, "'versions.alertmanager'", diags);
      auto version = v ? model::parse_am_version(*v) : std::nullopt;
      if (version && *version >= model::oldest_am_version() &&
          *version <= model::newest_am_version()) {
        settings.alertmanager_version = version;
      } else if (v) {
        diags.report(
            DiagKind::InvalidSettings, am->span,
            fmt::format("'versions.alertmanager' must be a release from {} to {} "
                        "(\"0.27\"), not '{}'",
                        model::oldest_am_version().str(), model::newest_am_version().str(), *v));
      }
    }
    vr.finish();
    if (settings.prometheus_major == 2) {
      settings.names = NameScheme::Legacy;
      settings.promql_features.clear();  // Prometheus 2 has no duration expressions
    }
  }
  if (const yaml::Node* names = f.take("names")) {
    auto v = yaml::read_string(names, "'names'", diags);
    if (auto scheme = v ? parse_name_scheme(*v) : std::nullopt) {
      if (*scheme == NameScheme::Utf8 && settings.prometheus_major == 2) {
        diags.report(DiagKind::InvalidSettings, names->span,
                     "'names: utf8' needs Prometheus 3; 'versions.prometheus' is 2");
      }
      settings.names = *scheme;
    } else if (v) {
      diags.report(DiagKind::InvalidSettings, names->span,
                   fmt::format("'names' must be 'utf8' or 'legacy', not '{}'", *v));
    }
  }
  if (const yaml::Node* promql = f.take("promql")) {
    yaml::FieldReader p(promql, "the 'promql' settings", diags);
    if (const yaml::Node* features = p.take("features")) {
      if (!features->is_sequence()) {
        diags.report(DiagKind::InvalidSettings, features->span,
                     "'promql.features' must be a list of feature names");
      } else {
        settings.promql_features.clear();
        for (const yaml::Node* n : features->items) {
          auto name = yaml::read_string(n, "a feature name", diags);
          if (!name) continue;
          if (!promql::is_known_feature(*name)) {
            diags.report(DiagKind::InvalidSettings, n->span,
                         fmt::format("unknown PromQL feature '{}'", *name));
            continue;
          }
          if (settings.prometheus_major == 2 && *name != promql::kFeatureExperimentalFunctions) {
            diags.report(DiagKind::InvalidSettings, n->span,
                         fmt::format("PromQL feature '{}' needs Prometheus 3; "
                                     "'versions.prometheus' is 2",
                                     *name));
            continue;
          }
          settings.promql_features.insert(*name);
        }
      }
    }
    p.finish();
  }
  if (const yaml::Node* loki = f.take("loki_rules")) {
    if (!loki->is_sequence()) {
      diags.report(DiagKind::InvalidSettings, loki->span, "'loki_rules' must be a list of paths");
    } else {
      for (const yaml::Node* n : loki->items) {
        if (auto p = yaml::read_string(n, "a path", diags)) settings.loki_rules.push_back(*p);
      }
    }
  }
  if (const yaml::Node* dashboards = f.take("dashboards")) {
    yaml::FieldReader dr(dashboards, "the 'dashboards' settings", diags);
    if (const yaml::Node* schema = dr.take("schema")) {
      auto v = yaml::read_string(schema, "'dashboards.schema'", diags);
      if (v && *v == "classic") {
        settings.dashboard_schema = model::DashboardSchema::Classic;
      } else if (v && *v == "v2") {
        settings.dashboard_schema = model::DashboardSchema::V2;
      } else if (v) {
        diags.report(DiagKind::InvalidSettings, schema->span,
                     fmt::format("'dashboards.schema' must be 'classic' or 'v2', not '{}'", *v));
      }
    }
    dr.finish();
  }
  if (const yaml::Node* secrets = f.take("secrets")) {
    yaml::FieldReader sr(secrets, "the 'secrets' settings", diags);
    if (const yaml::Node* in = sr.take("inline")) {
      auto v = yaml::read_string(in, "'secrets.inline'", diags);
      if (v && (*v == "refused" || *v == "substituted")) {
        settings.secrets_substituted = *v == "substituted";
      } else if (v) {
        diags.report(
            DiagKind::InvalidSettings, in->span,
            fmt::format("'secrets.inline' must be 'refused' or 'substituted', not '{}'", *v));
      }
    }
    sr.finish();
  }
  if (const yaml::Node* levels = f.take("diagnostics")) {
    read_levels(levels, "'diagnostics'", settings.severities, diags);
  }
  if (const yaml::Node* overrides = f.take("overrides")) read_overrides(overrides, settings, diags);
  read_rule_settings(f, settings, diags);
  read_test_settings(f, settings, diags);
  f.finish();
  if (diags.count(Severity::Error) > errors_before) return std::nullopt;
  return settings;
}

void apply_severities(const model::Settings& settings, Diagnostics& diags) {
  for (const auto& [kind, level] : settings.severities) diags.set_severity(kind, level);
}

}  // namespace mzr
