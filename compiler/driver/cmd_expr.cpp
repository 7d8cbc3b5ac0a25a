#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compiler/base/visible_text.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/frontend/logql.h"
#include "compiler/frontend/promql.h"
#include "compiler/promql/labels.h"

namespace mzr::driver {
namespace {

// Parses "a,b" into feature names; false (after saying why) on an unknown name.
bool parse_features(const std::string& list, std::set<std::string>& out, Environment& env) {
  std::stringstream ss(list);
  std::string name;
  while (std::getline(ss, name, ',')) {
    if (name.empty()) continue;
    if (!promql::is_known_feature(name)) {
      env.err << fmt::format("mzrules expr: unknown feature '{}' (known: {}, {}, {}, {})\n", name,
                             promql::kFeatureDurationExpr, promql::kFeatureExperimentalFunctions,
                             promql::kFeatureExtendedRangeSelectors,
                             promql::kFeatureBinopFillModifiers);
      return false;
    }
    out.insert(name);
  }
  return true;
}

struct Checked {
  Compilation c;
  promql::ParseResult result;
  std::optional<promql::LabelSet> labels;
};

// The expression is its own pseudo-file, so diagnostics render with its line and column.
Checked check_expr(const std::string& expr, const promql::Options& options,
                   const promql::Catalog& catalog) {
  Checked out;
  SourceId id = out.c.sources.add("<expr>", expr);
  out.result = promql::parse_expr(EmbeddedText::verbatim(expr, id, 0), options, out.c.diags);
  if (out.result.ok) out.labels = promql::infer_labels(out.result.root, catalog, out.c.diags);
  return out;
}

// "instant vector {a, b}", or just the type for scalars and strings.
std::string describe(const Checked& k) {
  std::string out(promql::documented_name(k.result.type));
  if (k.labels) out += " " + promql::format_labels(*k.labels);
  return out;
}

nlohmann::ordered_json json_line(const Checked& k) {
  nlohmann::ordered_json j;
  j["valid"] = !k.c.diags.has_errors();
  if (k.result.ok) {
    j["type"] = std::string(promql::documented_name(k.result.type));
  } else {
    j["type"] = nullptr;
  }
  if (k.labels) {
    nlohmann::ordered_json labels;
    labels["closed"] = k.labels->closed;
    labels["names"] = k.labels->labels;
    j["labels"] = std::move(labels);
  } else {
    j["labels"] = nullptr;
  }
  auto diags = nlohmann::ordered_json::array();
  for (const Diagnostic* d : k.c.diags.sorted()) {
    const DiagInfo& info = diag_info(d->kind);
    nlohmann::ordered_json dj;
    dj["code"] = std::string(info.code);
    dj["severity"] = std::string(severity_name(d->severity));
    dj["message"] = visible_text(d->message);  // as the diagnostic renderers write it
    if (d->span.valid()) {
      const SourceFile& f = k.c.sources.file(d->span.file);
      LineCol b = f.line_col(d->span.begin);
      LineCol e = f.line_col(d->span.end);
      dj["line"] = b.line;
      dj["column"] = b.column;
      dj["end_line"] = e.line;
      dj["end_column"] = e.column;
    }
    diags.push_back(std::move(dj));
  }
  j["diagnostics"] = std::move(diags);
  return j;
}

int run_jsonl(const promql::Options& options, const promql::Catalog& catalog, Environment& env) {
  int code = kExitOk;
  std::string line;
  size_t number = 0;
  while (std::getline(env.in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto input = nlohmann::json::parse(line, nullptr, false);
    if (input.is_discarded() || !input.is_object() || !input.contains("expr") ||
        !input["expr"].is_string()) {
      env.err << fmt::format(
          "mzrules expr: line {}: expected a JSON object {{\"expr\": \"...\"}}\n", number);
      return kExitUsage;
    }
    Checked k = check_expr(input["expr"].get<std::string>(), options, catalog);
    if (k.c.diags.has_errors()) code = kExitErrors;
    env.out << json_line(k).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return code;
}

// "metric query {a, b}" or "log query {a, ...}": what a LogQL query returns.
int run_logql(const std::string& expr, const OutputOptions& output, Environment& env) {
  Compilation c;
  SourceId id = c.sources.add("<expr>", expr);
  logql::ParseResult r = logql::parse_logql(EmbeddedText::verbatim(expr, id, 0), {}, c.diags);
  int code = report(c, output, env);
  if (r.root != nullptr && !c.diags.has_errors()) {
    std::string labels;
    for (const std::string& l : r.labels.labels) labels += (labels.empty() ? "" : ", ") + l;
    if (r.labels.open) labels += labels.empty() ? "..." : ", ...";
    env.out << (r.metric_query ? "metric query {" : "log query {") << labels << "}\n";
  }
  return code;
}

}  // namespace

int run_expr(const std::vector<std::string>& args, Environment& env) {
  CLI::App app(
      "Check one PromQL or LogQL expression and print its type and labels, or its "
      "diagnostics.",
      "expr");
  OutputOptions output;
  add_output_options(app, output);
  std::string lang = "promql";
  std::string features;
  bool jsonl = false;
  std::string expr;
  app.add_option("--lang", lang, "query language of the expression")
      ->check(CLI::IsMember({"promql", "logql"}));
  CLI::Option* features_opt = app.add_option(
      "--features", features,
      "comma-separated feature gates to enable, by Prometheus' names; empty means all off");
  app.add_flag("--jsonl", jsonl,
               "read JSON lines {\"expr\": \"...\"} from standard input and write one JSON line "
               "per expression");
  std::string catalog_path;
  app.add_option("--catalog", catalog_path,
                 "metric catalog, one '<kind> <name> {labels}' per line, for label inference");
  app.add_option("expr", expr, "the expression");
  // CLI11 would take the next argument as the value of an empty `--features=`, which here means
  // "every gate off"; handle it before CLI11 sees it.
  std::vector<std::string> rest;
  bool no_features = false;
  for (const std::string& a : args) {
    if (a == "--features=") {
      no_features = true;
    } else {
      rest.push_back(a);
    }
  }
  if (int code = parse_args(app, rest, env); code >= 0) return code;

  // Without --features, the project's PromQL settings apply.
  Compilation project;
  if (!load_project_settings(env.fs, project)) return report(project, output, env);
  if (lang == "logql") {
    if (jsonl) {
      env.err << "mzrules expr: --jsonl reads PromQL only\n";
      return kExitUsage;
    }
    return run_logql(expr, output, env);
  }
  promql::Options options;
  options.features = project.settings.promql_features;
  options.names = project.settings.names;
  if (no_features) options.features.clear();
  if (features_opt->count() > 0) {
    options.features.clear();
    if (!parse_features(features, options.features, env)) return kExitUsage;
  }
  promql::Catalog catalog;
  if (!catalog_path.empty()) {
    std::string text, why;
    FsError fs_error;
    if (!env.fs.read(catalog_path, text, fs_error)) {
      env.err << fmt::format("mzrules expr: cannot read catalog '{}'\n", catalog_path);
      return kExitUsage;
    }
    auto parsed = promql::parse_catalog(text, &why);
    if (!parsed) {
      env.err << fmt::format("mzrules expr: {}: {}\n", catalog_path, why);
      return kExitUsage;
    }
    catalog = std::move(*parsed);
  }
  if (jsonl) return run_jsonl(options, catalog, env);
  if (app.count("expr") == 0) {
    env.err << "mzrules expr: no expression given\nRun 'mzrules expr --help' for usage.\n";
    return kExitUsage;
  }
  Checked k = check_expr(expr, options, catalog);
  int code = report(k.c, output, env);
  if (k.result.ok) env.out << describe(k) << "\n";
  return code;
}

}  // namespace mzr::driver
