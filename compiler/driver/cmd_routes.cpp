// `mzrules routes show|test`: amtool's 'config routes' with its flags, output and exit codes,
// plus Graphviz output, a JSON-lines batch mode and time interval evaluation.

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compiler/base/render.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/load/alertmanager_config.h"
#include "compiler/load/sources.h"
#include "compiler/load/yaml.h"
#include "compiler/routing/matcher_parse.h"
#include "compiler/routing/route_print.h"
#include "compiler/routing/time_interval.h"

namespace mzr::driver {
namespace {

constexpr std::string_view kUsage =
    "Usage: mzrules routes show [--config.file=FILE] [--format=tree|dot]\n"
    "       mzrules routes test [--config.file=FILE] [--tree] [--verify.receivers=a,b]\n"
    "                           [--at=RFC3339] [--jsonl[=FILE]] [label=value...]\n"
    "\n"
    "show   prints the routing tree as 'amtool config routes show' does, or as Graphviz dot.\n"
    "test   prints the receivers an alert with the given labels reaches, as 'amtool config\n"
    "       routes test' does. --tree draws the matching routes; --verify.receivers exits 1\n"
    "       unless the receivers are exactly the given list; --at reports the routes whose\n"
    "       notifications are muted at that instant by their mute or active time intervals;\n"
    "       --jsonl reads one JSON object of labels per line (stdin, or FILE) and writes one\n"
    "       JSON object per line with the receivers and the matched routes.\n"
    "Without --config.file both use the repository's own routing (its .mzr 'route' block or\n"
    "its alertmanager.yml).\n";

struct Options {
  std::string mode;  // "show" or "test"
  std::string config_file;
  std::string format = "tree";
  bool tree = false;
  std::optional<std::string> verify;
  std::optional<std::string> at;
  std::optional<std::string> jsonl;  // "-" for stdin
  std::vector<std::string> labels;
};

// Splits "--name=value" or "--name value"; returns false on a missing value.
bool take_value(const std::vector<std::string>& args, size_t& i, std::string_view name,
                std::string& value) {
  const std::string& a = args[i];
  if (a.size() > name.size() && a[name.size()] == '=') {
    value = a.substr(name.size() + 1);
    return true;
  }
  if (i + 1 >= args.size()) return false;
  value = args[++i];
  return true;
}

std::optional<Options> parse(const std::vector<std::string>& args, Environment& env, int& code) {
  Options o;
  code = kExitUsage;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto is = [&](std::string_view name) {
      return a == name || (a.starts_with(name) && a.size() > name.size() && a[name.size()] == '=');
    };
    std::string v;
    if (a == "--help" || a == "-h" || a == "help") {
      env.out << kUsage;
      code = kExitOk;
      return std::nullopt;
    } else if (is("--config.file")) {
      if (!take_value(args, i, "--config.file", o.config_file)) break;
    } else if (is("--format")) {
      if (!take_value(args, i, "--format", o.format)) break;
    } else if (a == "--tree") {
      o.tree = true;
    } else if (is("--verify.receivers")) {
      if (!take_value(args, i, "--verify.receivers", v)) break;
      o.verify = v;
    } else if (is("--at")) {
      if (!take_value(args, i, "--at", v)) break;
      o.at = v;
    } else if (a == "--jsonl") {
      o.jsonl = "-";
    } else if (a.starts_with("--jsonl=")) {
      o.jsonl = a.substr(8);
    } else if (a.starts_with("--")) {
      env.err << fmt::format("mzrules routes: unknown option '{}'\n", a) << kUsage;
      return std::nullopt;
    } else if (o.mode.empty()) {
      o.mode = a;
    } else {
      o.labels.push_back(a);
    }
  }
  if (o.mode != "show" && o.mode != "test") {
    env.err << (o.mode.empty() ? std::string("mzrules routes: expected 'show' or 'test'\n")
                               : fmt::format("mzrules routes: unknown subcommand '{}'\n", o.mode))
            << kUsage;
    return std::nullopt;
  }
  if (o.format != "tree" && o.format != "dot") {
    env.err << fmt::format("mzrules routes: unknown format '{}' (tree or dot)\n", o.format);
    return std::nullopt;
  }
  if (o.mode == "show" && (!o.labels.empty() || o.tree || o.verify || o.jsonl || o.at)) {
    env.err << "mzrules routes show: takes no labels or test options\n" << kUsage;
    return std::nullopt;
  }
  return o;
}

struct LoadedConfig {
  SourceManager sources;
  Diagnostics diags;
  yaml::Stream stream;
  model::AlertmanagerConfig config;
  std::unique_ptr<Compilation> project;  // without --config.file: the compiled repository
};

// The repository's own routing configuration (from its .mzr files or its alertmanager.yml);
// on errors prints them and returns false.
bool load_project(Environment& env, LoadedConfig& out) {
  out.project = std::make_unique<Compilation>();
  Compilation& c = *out.project;
  if (load_project_settings(env.fs, c)) compile(env.fs, {}, c);
  if (c.diags.has_errors()) {
    render_human(c.sources, c.diags, env.err, RenderOptions{false});
    return false;
  }
  if (c.alertmanager_configs.empty() || !c.alertmanager_configs.front().route) {
    env.err << "mzrules routes: the repository has no routing configuration (a 'route' block or "
               "an alertmanager.yml among its sources); name a file with --config.file\n";
    return false;
  }
  out.config = c.alertmanager_configs.front();
  return true;
}

// Loads the configuration; on errors prints them and returns false.
bool load(const std::string& path, Environment& env, LoadedConfig& out) {
  auto id = read_source(env.fs, path, out.sources, out.diags);
  if (id) {
    out.stream = yaml::parse(out.sources, *id, out.diags);
    if (out.stream.ok) out.config = load_alertmanager_config(out.stream, *id, out.diags);
  }
  if (!out.diags.has_errors() && out.config.route) return true;
  render_human(out.sources, out.diags, env.err, RenderOptions{false});
  return false;
}

// amtool's label arguments: single matchers, '=' only, the last value of a name wins.
bool parse_labels(const std::vector<std::string>& args, routing::LabelSet& labels,
                  std::string& error) {
  for (const std::string& a : args) {
    routing::CompatResult r = routing::parse_matcher_compat(a, routing::MatcherMode::Fallback);
    if (!r.ok()) {
      error = r.error;
      return false;
    }
    const routing::Matcher& m = r.matchers->front();
    if (m.op != routing::MatchOp::Equal) {
      error = "labels must be specified as key=value pairs";
      return false;
    }
    labels[m.name] = m.value;
  }
  return true;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
  return out;
}

nlohmann::json route_json(const routing::RouteNode& n, const model::AlertmanagerConfig& config,
                          const std::optional<routing::Instant>& at) {
  nlohmann::json path = nlohmann::json::array();
  std::vector<size_t> indices;
  for (const routing::RouteNode* p = &n; p->parent != nullptr; p = p->parent) {
    indices.insert(indices.begin(), p->sibling_index);
  }
  for (size_t i : indices) path.push_back(i);
  nlohmann::json j = {{"receiver", n.options.receiver},
                      {"key", n.key()},
                      {"path", path},
                      {"continue", n.continue_matching},
                      {"group_by", n.options.group_by},
                      {"group_by_all", n.options.group_by_all}};
  if (at) {
    routing::MuteResult m = routing::route_muted(n.options, config, *at);
    j["muted"] = m.muted;
    if (m.muted) j["muted_by"] = m.because;
  }
  return j;
}

int run_jsonl(const Options& o, const LoadedConfig& lc, const routing::RoutingTree& tree,
              const std::optional<routing::Instant>& at, Environment& env) {
  std::string input;
  if (*o.jsonl == "-") {
    std::ostringstream ss;
    ss << env.in.rdbuf();
    input = ss.str();
  } else {
    FsError err;
    if (!env.fs.read(*o.jsonl, input, err)) {
      env.err << fmt::format("mzrules routes: cannot read '{}': {}\n", *o.jsonl, err.message);
      return kExitUsage;
    }
  }
  int code = kExitOk;
  std::istringstream lines(input);
  std::string line;
  size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json in = nlohmann::json::parse(line, nullptr, false);
    if (in.is_object() && in.contains("labels") && in["labels"].is_object()) in = in["labels"];
    routing::LabelSet labels;
    bool ok = in.is_object();
    for (auto it = in.begin(); ok && it != in.end(); ++it) {
      if (!it.value().is_string()) {
        ok = false;
        break;
      }
      labels[it.key()] = it.value().get<std::string>();
    }
    if (!ok) {
      env.out << nlohmann::json{{"line", number},
                                {"error", "expected a JSON object of string label values"}}
                     .dump()
              << "\n";
      code = kExitErrors;
      continue;
    }
    std::vector<const routing::RouteNode*> matched = tree.match(labels);
    nlohmann::json routes = nlohmann::json::array();
    for (const routing::RouteNode* n : matched) routes.push_back(route_json(*n, lc.config, at));
    env.out << nlohmann::json{{"labels", labels},
                              {"receivers", routing::receivers_of(matched)},
                              {"routes", routes}}
                   .dump()
            << "\n";
  }
  return code;
}

}  // namespace

int run_routes(const std::vector<std::string>& args, Environment& env) {
  int code = kExitUsage;
  std::optional<Options> o = parse(args, env, code);
  if (!o) return code;
  LoadedConfig lc;
  if (o->config_file.empty() ? !load_project(env, lc) : !load(o->config_file, env, lc)) {
    return kExitErrors;
  }
  routing::RoutingTree tree = routing::RoutingTree::build(*lc.config.route);

  if (o->mode == "show") {
    // amtool prints the drawing with Println, hence the blank line after it.
    env.out << (o->format == "dot" ? routing::print_dot(tree)
                                   : routing::print_routing_tree(tree) + "\n");
    return kExitOk;
  }

  std::optional<routing::Instant> at;
  if (o->at) {
    at = routing::parse_rfc3339(*o->at);
    if (!at) {
      env.err << fmt::format(
          "mzrules routes: invalid time '{}', expected RFC 3339 such as "
          "2024-05-01T10:00:00Z\n",
          *o->at);
      return kExitUsage;
    }
  }
  if (o->jsonl) return run_jsonl(*o, lc, tree, at, env);

  routing::LabelSet labels;
  std::string error;
  if (!parse_labels(o->labels, labels, error)) {
    env.err << "mzrules routes: error: Failed to parse labels: " << error << "\n";
    return kExitErrors;
  }
  std::vector<const routing::RouteNode*> matched = tree.match(labels);
  std::string receivers = join(routing::receivers_of(matched));
  if (o->tree) env.out << routing::print_matching_tree(tree, matched) << "\n\n";
  env.out << receivers << "\n";
  if (at) {
    for (const routing::RouteNode* n : matched) {
      routing::MuteResult m = routing::route_muted(n->options, lc.config, *at);
      if (!m.muted) continue;
      env.out << fmt::format("{}: muted at {} ({})\n", n->options.receiver, *o->at,
                             m.because == "outside active intervals"
                                 ? m.because
                                 : fmt::format("time interval '{}'", m.because));
    }
  }
  if (o->verify && *o->verify != receivers) {
    env.out << "WARNING: Expected receivers did not match resolved receivers.\n";
    return kExitErrors;
  }
  return kExitOk;
}

}  // namespace mzr::driver
