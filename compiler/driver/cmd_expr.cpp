#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
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

// What checking one expression gave, in either language.
struct Checked {
  Compilation c;
  std::optional<std::string> type;  // when it parsed: "instant vector", "metric query", ...
  std::optional<std::set<std::string>> labels;
  bool closed = false;  // the label set is exactly `labels`
};

// The expression is its own pseudo-file, so diagnostics render with its line and column.
Checked check_promql(const std::string& expr, const promql::Options& options,
                     const promql::Catalog& catalog) {
  Checked out;
  SourceId id = out.c.sources.add("<expr>", expr);
  promql::ParseResult r =
      promql::parse_expr(EmbeddedText::verbatim(expr, id, 0), options, out.c.diags);
  if (!r.ok) return out;
  out.type = std::string(promql::documented_name(r.type));
  if (auto labels = promql::infer_labels(r.root, catalog, out.c.diags)) {
    out.labels = labels->labels;
    out.closed = labels->closed;
  }
  return out;
}

Checked check_logql(const std::string& expr) {
  Checked out;
  SourceId id = out.c.sources.add("<expr>", expr);
  logql::ParseResult r = logql::parse_logql(EmbeddedText::verbatim(expr, id, 0), {}, out.c.diags);
  if (r.root == nullptr || out.c.diags.has_errors()) return out;
  out.type = r.metric_query ? "metric query" : "log query";
  out.labels = std::set<std::string>(r.labels.labels.begin(), r.labels.labels.end());
  out.closed = !r.labels.open;
  return out;
}

// "instant vector {a, b}", or just the type for scalars and strings.
std::string describe(const Checked& k) {
  std::string out = *k.type;
  if (!k.labels) return out;
  std::string names;
  for (const std::string& l : *k.labels) names += (names.empty() ? "" : ", ") + l;
  if (!k.closed) names += names.empty() ? "..." : ", ...";
  return out + " {" + names + "}";
}

nlohmann::ordered_json json_line(const Checked& k) {
  nlohmann::ordered_json j;
  j["valid"] = !k.c.diags.has_errors();
  j["type"] = k.type ? nlohmann::ordered_json(*k.type) : nlohmann::ordered_json(nullptr);
  if (k.labels) {
    nlohmann::ordered_json labels;
    labels["closed"] = k.closed;
    labels["names"] = *k.labels;
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

std::string dump(const nlohmann::ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

int run_jsonl(const std::function<Checked(const std::string&)>& check, Environment& env) {
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
    Checked k = check(input["expr"].get<std::string>());
    if (k.c.diags.has_errors()) code = kExitErrors;
    env.out << dump(json_line(k), -1) << "\n";
  }
  return code;
}

// One expression: in the human format its diagnostics and then what it returns; in JSON one
// document with both; in the other machine formats the diagnostics only.
int run_one(Checked& k, const OutputOptions& output, Environment& env) {
  if (output.format == "json") {
    env.out << dump(json_line(k), 2) << "\n";
    return k.c.diags.has_errors() ? kExitErrors : kExitOk;
  }
  int code = report(k.c, output, env);
  if (k.type && output.format == "human") env.out << describe(k) << "\n";
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
               "per expression (PromQL or LogQL)");
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
    if (jsonl) return run_jsonl(check_logql, env);
    if (app.count("expr") == 0) {
      env.err << "mzrules expr: no expression given\nRun 'mzrules expr --help' for usage.\n";
      return kExitUsage;
    }
    Checked k = check_logql(expr);
    return run_one(k, output, env);
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
  auto check = [&](const std::string& text) { return check_promql(text, options, catalog); };
  if (jsonl) return run_jsonl(check, env);
  if (app.count("expr") == 0) {
    env.err << "mzrules expr: no expression given\nRun 'mzrules expr --help' for usage.\n";
    return kExitUsage;
  }
  Checked k = check(expr);
  return run_one(k, output, env);
}

}  // namespace mzr::driver
