// `mzrules routes show|test`: amtool's 'config routes' with its flags, output and exit codes,
// plus Graphviz output, a JSON-lines batch mode and time interval evaluation.

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "compiler/base/render.h"
#include "compiler/check/alertmanager_checks.h"
#include "compiler/check/routing_analysis.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/routes_json.h"
#include "compiler/driver/routes_render.h"
#include "compiler/driver/routing_scope.h"
#include "compiler/driver/test_scope.h"
#include "compiler/load/alertmanager_config.h"
#include "compiler/load/sources.h"
#include "compiler/load/yaml.h"
#include "compiler/routing/inhibit.h"
#include "compiler/routing/matcher_parse.h"
#include "compiler/routing/route_print.h"
#include "compiler/routing/time_interval.h"
#include "compiler/template/alert_expand.h"

namespace mzr::driver {
namespace {

constexpr std::string_view kUsage =
    "Usage: mzrules routes show [--config.file=FILE] [--format=tree|dot|json]\n"
    "       mzrules routes show --alerts [--config.file=FILE] [--format=tree|json]\n"
    "       mzrules routes test [--config.file=FILE] [--format=json] [--tree]\n"
    "                           [--verify.receivers=a,b]\n"
    "                           [--at=RFC3339] [--inhibited-by='a=b,c=d']... [--jsonl[=FILE]]\n"
    "                           [--render [--external-url=URL]] [label=value...]\n"
    "\n"
    "show   prints the routing tree as 'amtool config routes show' does, or as Graphviz dot;\n"
    "       --alerts prints every alert rule of the repository with the receivers it reaches\n"
    "       definitely, and those it may reach depending on its labels' runtime values.\n"
    "test   prints the receivers an alert with the given labels reaches, as 'amtool config\n"
    "       routes test' does. --tree draws the matching routes; --verify.receivers exits 1\n"
    "       unless the receivers are exactly the given list; --at reports the routes whose\n"
    "       notifications are muted at that instant by their mute or active time intervals;\n"
    "       --inhibited-by gives the labels of a firing alert (repeat it for several) and\n"
    "       prints whether the inhibit rules mute the tested alert;\n"
    "       --jsonl reads one JSON object of labels per line (stdin, or FILE) and writes one\n"
    "       JSON object per line with the receivers and the matched routes.\n"
    "       --render prints, for each route the alert matches, what its receiver would send:\n"
    "       each integration's message fields (Slack title and text, PagerDuty description\n"
    "       and details, e-mail subject, the webhook payload, ...) rendered with the template\n"
    "       files; fields left to Alertmanager's built-in templates are named. Without labels,\n"
    "       every alert of the repository is rendered, labels only known at run time shown as\n"
    "       <name>; the annotations are the alert's, expanded with its labels.\n"
    "--format=json writes the answer (the tree, the alert table, or the test's receivers and\n"
    "routes) as one JSON document on stdout, and errors as the JSON diagnostics of 'check'.\n"
    "Without --config.file both use the repository's own routing (its .mzr 'route' block or\n"
    "its alertmanager.yml).\n";

struct Options {
  std::string mode;  // "show" or "test"
  std::string config_file;
  std::string format = "tree";  // tree, dot or json
  bool tree = false;
  std::optional<std::string> verify;
  std::optional<std::string> at;
  std::optional<std::string> jsonl;  // "-" for stdin
  std::vector<std::string> labels;
  std::vector<std::string> inhibited_by;  // one firing alert each: "a=b,c=d"
  bool alerts = false;
  bool render = false;
  std::string external_url = "http://localhost:9093";
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
    } else if (a == "--alerts") {
      o.alerts = true;
    } else if (a == "--render") {
      o.render = true;
    } else if (is("--external-url")) {
      if (!take_value(args, i, "--external-url", o.external_url)) break;
    } else if (a == "--tree") {
      o.tree = true;
    } else if (is("--verify.receivers")) {
      if (!take_value(args, i, "--verify.receivers", v)) break;
      o.verify = v;
    } else if (is("--at")) {
      if (!take_value(args, i, "--at", v)) break;
      o.at = v;
    } else if (is("--inhibited-by")) {
      if (!take_value(args, i, "--inhibited-by", v)) break;
      o.inhibited_by.push_back(v);
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
  if (o.format == "sarif") {
    env.err << "mzrules routes: SARIF holds diagnostics, not a routing answer; use --format=json\n";
    return std::nullopt;
  }
  if (o.format != "tree" && o.format != "dot" && o.format != "json") {
    env.err << fmt::format("mzrules routes: unknown format '{}' (tree, dot or json)\n", o.format);
    return std::nullopt;
  }
  if (o.alerts && (o.mode != "show" || o.format == "dot")) {
    env.err << "mzrules routes: --alerts goes with 'show' and the tree or json format\n";
    return std::nullopt;
  }
  if (o.mode == "test" && o.format == "dot") {
    env.err << "mzrules routes test: --format is json or left out\n";
    return std::nullopt;
  }
  if (o.format == "json" && (o.tree || o.render || o.jsonl)) {
    env.err << "mzrules routes: --format=json writes one document; --tree, --render and --jsonl "
               "write their own output\n";
    return std::nullopt;
  }
  if (o.mode == "show" && (!o.labels.empty() || o.tree || o.verify || o.jsonl || o.at ||
                           !o.inhibited_by.empty() || o.render)) {
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

// Errors as the chosen format wants them: the JSON diagnostics on stdout, else the human ones on
// stderr.
void show_errors(const SourceManager& sm, const Diagnostics& diags, const Options& o,
                 Environment& env) {
  if (o.format == "json") {
    render(DiagFormat::Json, sm, diags, env.out, RenderOptions{false, MZR_VERSION});
  } else {
    render_human(sm, diags, env.err, RenderOptions{false});
  }
}

// Prints the errors that leave the routing configuration `config` in doubt and returns false;
// or says how many errors there are elsewhere, which do not change the answer, and returns true.
bool routing_usable(const Compilation& c, const model::AlertmanagerConfig& config, const Options& o,
                    Environment& env) {
  RoutingErrors errors = classify_routing_errors(c, config);
  if (errors.blocking > 0) {
    show_errors(c.sources, c.diags, o, env);
    return false;
  }
  if (errors.elsewhere > 0) {
    bool one = errors.elsewhere == 1;
    env.err << fmt::format(
        "mzrules routes: {} error{} in files the routing configuration is not read from; "
        "'mzrules check' reports {}\n",
        errors.elsewhere, one ? "" : "s", one ? "it" : "them");
  }
  return true;
}

// The repository's own routing configuration (from its .mzr files or its alertmanager.yml);
// on errors that concern it prints them and returns false.
bool load_project(const Options& o, Environment& env, LoadedConfig& out) {
  out.project = std::make_unique<Compilation>();
  Compilation& c = *out.project;
  c.sources_required = false;
  if (load_project_settings(env.fs, c)) compile(env.fs, {}, c);
  if (c.alertmanager_configs.empty() || !c.alertmanager_configs.front().route) {
    if (c.diags.has_errors()) {
      show_errors(c.sources, c.diags, o, env);
      return false;
    }
    env.err << "mzrules routes: the repository has no routing configuration (a 'route' block or "
               "an alertmanager.yml among its sources); name a file with --config.file\n";
    return false;
  }
  if (!routing_usable(c, c.alertmanager_configs.front(), o, env)) return false;
  out.config = c.alertmanager_configs.front();
  return true;
}

// Loads the configuration; on errors prints them and returns false.
bool load(const std::string& path, const Options& o, Environment& env, LoadedConfig& out) {
  auto id = read_source(env.fs, path, out.sources, out.diags);
  if (id) {
    out.stream = yaml::parse(out.sources, *id, out.diags);
    if (out.stream.ok) {
      out.config = load_alertmanager_config(out.stream, *id, out.diags);
      check_alertmanager_config(out.config, out.diags);
    }
  }
  if (!out.diags.has_errors() && out.config.route) return true;
  show_errors(out.sources, out.diags, o, env);
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

// A firing alert for --inhibited-by: comma-separated name=value pairs, optionally in braces,
// parsed as amtool parses label arguments.
bool parse_firing(const std::string& text, routing::LabelSet& labels, std::string& error) {
  routing::CompatResult r = routing::parse_matchers_compat(text, routing::MatcherMode::Fallback);
  if (!r.ok()) {
    error = r.error;
    return false;
  }
  for (const routing::Matcher& m : *r.matchers) {
    if (m.op != routing::MatchOp::Equal) {
      error = "labels must be specified as key=value pairs";
      return false;
    }
    labels[m.name] = m.value;
  }
  return true;
}

std::string labels_text(const routing::LabelSet& labels) {
  routing::Matchers ms;
  for (const auto& [k, v] : labels) ms.push_back({k, routing::MatchOp::Equal, v, nullptr});
  return routing::matchers_to_string(ms);
}

// "inhibited by {...} (inhibit rule N)" or nullopt.
std::optional<std::string> inhibition_text(const std::vector<routing::InhibitRule>& rules,
                                           const routing::LabelSet& labels,
                                           const std::vector<routing::LabelSet>& firing) {
  std::optional<routing::Inhibition> hit = routing::find_inhibition(rules, labels, firing);
  if (!hit) return std::nullopt;
  const model::AmInhibitRule* rule = rules[hit->rule_index].rule;
  std::string which = rule != nullptr && rule->name
                          ? fmt::format("inhibit rule '{}'", rule->name->value)
                          : fmt::format("inhibit rule {}", hit->rule_index + 1);
  return fmt::format("inhibited by {} ({})", labels_text(firing[hit->source_index]), which);
}

int run_jsonl(const Options& o, const LoadedConfig& lc, const routing::RoutingTree& tree,
              const std::optional<routing::Instant>& at,
              const std::vector<routing::LabelSet>& firing, Environment& env) {
  std::vector<routing::InhibitRule> inhibit_rules;
  if (!firing.empty()) inhibit_rules = routing::compile_inhibit_rules(lc.config);
  // Lines are read one at a time and each answer is written before the next line is read: a
  // caller that feeds alerts through a pipe gets every answer as soon as it is due, and nothing
  // but the current line and answer is held, however long the input.
  std::string file_text;
  size_t file_at = 0;
  bool from_stdin = *o.jsonl == "-";
  if (!from_stdin) {
    FsError err;
    if (!env.fs.read(*o.jsonl, file_text, err)) {
      env.err << fmt::format("mzrules routes: cannot read '{}': {}\n", *o.jsonl, err.message);
      return kExitUsage;
    }
  }
  auto next_line = [&](std::string& line) -> bool {
    if (!from_stdin) {
      if (file_at >= file_text.size()) return false;
      size_t end = std::min(file_text.find('\n', file_at), file_text.size());
      line.assign(file_text, file_at, end - file_at);
      file_at = end + 1;
      return true;
    }
    // Before reading could wait for the writer, what was answered so far goes out.
    if (env.in.rdbuf()->in_avail() <= 0) env.out.flush();
    return static_cast<bool>(std::getline(env.in, line));
  };
  int code = kExitOk;
  std::string line;
  size_t number = 0;
  // A failed write (a closed pipe, a full disk) ends the loop; the caller reports it.
  while (env.out && next_line(line)) {
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
    env.out << routing_answer_json(labels, matched, lc.config, at, inhibit_rules, firing).dump()
            << "\n";
  }
  return code;
}

// The time notifications are rendered at: --at, or now.
double render_time(const std::optional<routing::Instant>& at) {
  if (at) return static_cast<double>(at->time_since_epoch().count());
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The annotations of the repository's alert named by the labels' alertname, expanded with the
// labels as Prometheus expands them when the alert fires; none with --config.file.
std::map<std::string, std::string> annotations_of(const LoadedConfig& lc,
                                                  const routing::LabelSet& labels,
                                                  const NotificationRenderOptions& ro) {
  std::map<std::string, std::string> out;
  auto name = labels.find("alertname");
  if (lc.project == nullptr || name == labels.end()) return out;
  for (const model::RuleSet& set : lc.project->rule_sets) {
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        if (r.kind != model::RuleKind::Alerting || r.name.value != name->second) continue;
        tmpl::AlertContext ctx;
        ctx.rule_name = r.name.value;
        ctx.labels = std::map<std::string, std::string>(labels.begin(), labels.end());
        ctx.external_url = ro.external_url;
        ctx.timestamp_ms = static_cast<int64_t>(ro.now * 1000);
        for (const model::LabelPair& p : r.annotations) {
          out[p.name.value] = tmpl::expand_alert_template(p.value.value, ctx).value;
        }
        return out;
      }
    }
  }
  return out;
}

// `routes test --render` without labels: every alert of the repository, with the labels known
// before it fires and a placeholder for each label only its series give.
int run_render_all(const Options& o, const LoadedConfig& lc, const routing::RoutingTree& tree,
                   const std::optional<routing::Instant>& at, Environment& env) {
  if (lc.project == nullptr) {
    env.err << "mzrules routes: --render without labels renders the repository's alerts; give "
               "labels to render with --config.file\n";
    return kExitUsage;
  }
  const Compilation& c = *lc.project;
  NotificationRenderOptions ro{o.external_url, render_time(at)};
  std::vector<AlertLabels> alerts = alert_labels(c.rule_sets, c.stack, c.alert_series);
  for (const AlertLabels& a : alerts) {
    routing::LabelSet labels(a.known.begin(), a.known.end());
    for (const std::string& name : a.unknown) labels.emplace(name, "<" + name + ">");
    std::vector<const routing::RouteNode*> matched = tree.match(labels);
    env.out << fmt::format("== {} {}\n", a.rule->name.value, labels_text(labels));
    env.out << join(routing::receivers_of(matched)) << "\n\n";
    RenderAlert alert{labels, annotations_of(lc, labels, ro)};
    env.out << render_notifications(lc.config, matched, alert, ro) << "\n";
  }
  return kExitOk;
}

// `routes show --alerts`: the alert → receivers table of the repository.
int run_alerts(const Options& o, Environment& env) {
  Compilation c;
  c.sources_required = false;
  if (load_project_settings(env.fs, c)) compile(env.fs, {}, c);
  // The table is made of the repository's alerts and routing: an error in what the tests read
  // (rule files, alerts, the configuration, a file that did not load) leaves it in doubt, one in
  // a dashboard does not.
  size_t errors = c.diags.count(Severity::Error);
  keep_test_diagnostics(c);
  if (c.diags.has_errors()) {
    show_errors(c.sources, c.diags, o, env);
    return kExitErrors;
  }
  if (errors > 0) {
    env.err << fmt::format(
        "mzrules routes: {} error{} in dashboards, which the table does not read; 'mzrules "
        "check' reports {}\n",
        errors, errors == 1 ? "" : "s", errors == 1 ? "it" : "them");
  }
  LoadedConfig lc;
  const model::AlertmanagerConfig* config = nullptr;
  if (!o.config_file.empty()) {
    if (!load(o.config_file, o, env, lc)) return kExitErrors;
    config = &lc.config;
  } else if (c.alertmanager_configs.size() == 1 && c.alertmanager_configs.front().route) {
    config = &c.alertmanager_configs.front();
  } else {
    env.err << fmt::format(
        "mzrules routes: the repository has {} Alertmanager configurations; name one with "
        "--config.file\n",
        c.alertmanager_configs.size());
    return kExitUsage;
  }
  std::vector<AlertLabels> alerts = alert_labels(c.rule_sets, c.stack, c.alert_series);
  std::vector<AlertReceivers> table = analyze_routing(alerts, *config, nullptr);
  if (o.format == "json") {
    env.out << alert_table_json(table).dump(2) << "\n";
    return kExitOk;
  }
  std::vector<std::array<std::string, 3>> rows = {{"ALERT", "GROUP", "RECEIVERS"}};
  for (const AlertReceivers& r : table) {
    std::string receivers;
    for (const std::string& d : r.definite) receivers += (receivers.empty() ? "" : ", ") + d;
    if (!r.possible.empty()) {
      std::string maybe;
      for (const std::string& p : r.possible) maybe += (maybe.empty() ? "" : ", ") + p;
      receivers += (receivers.empty() ? "" : " ") + fmt::format("(possibly: {})", maybe);
    }
    rows.push_back({r.alert->rule->name.value, r.alert->group->name.value, receivers});
  }
  size_t w0 = 0, w1 = 0;
  for (const auto& row : rows) {
    w0 = std::max(w0, row[0].size());
    w1 = std::max(w1, row[1].size());
  }
  for (const auto& row : rows) {
    env.out << fmt::format("{:<{}}  {:<{}}  {}\n", row[0], w0, row[1], w1, row[2]);
  }
  return kExitOk;
}

}  // namespace

int run_routes(const std::vector<std::string>& args, Environment& env) {
  int code = kExitUsage;
  std::optional<Options> o = parse(args, env, code);
  if (!o) return code;
  if (o->alerts) return run_alerts(*o, env);
  LoadedConfig lc;
  if (o->config_file.empty() ? !load_project(*o, env, lc) : !load(o->config_file, *o, env, lc)) {
    return kExitErrors;
  }
  routing::RoutingTree tree = routing::RoutingTree::build(*lc.config.route);

  if (o->mode == "show" && o->format == "json") {
    env.out << route_tree_json(tree).dump(2) << "\n";
    return kExitOk;
  }
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
  std::vector<routing::LabelSet> firing;
  for (const std::string& text : o->inhibited_by) {
    routing::LabelSet f;
    std::string error;
    if (!parse_firing(text, f, error)) {
      env.err << "mzrules routes: error: Failed to parse --inhibited-by labels: " << error << "\n";
      return kExitUsage;
    }
    firing.push_back(std::move(f));
  }
  if (o->jsonl) return run_jsonl(*o, lc, tree, at, firing, env);
  if (o->render && o->labels.empty()) return run_render_all(*o, lc, tree, at, env);

  routing::LabelSet labels;
  std::string error;
  if (!parse_labels(o->labels, labels, error)) {
    env.err << "mzrules routes: error: Failed to parse labels: " << error << "\n";
    return kExitUsage;
  }
  std::vector<const routing::RouteNode*> matched = tree.match(labels);
  std::string receivers = join(routing::receivers_of(matched));
  if (o->format == "json") {
    std::vector<routing::InhibitRule> inhibit_rules;
    if (!firing.empty()) inhibit_rules = routing::compile_inhibit_rules(lc.config);
    nlohmann::json answer =
        routing_answer_json(labels, matched, lc.config, at, inhibit_rules, firing);
    bool verified = !o->verify || *o->verify == receivers;
    if (o->verify) answer["verified"] = verified;
    env.out << answer.dump(2) << "\n";
    return verified ? kExitOk : kExitErrors;
  }
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
  if (!firing.empty()) {
    auto text = inhibition_text(routing::compile_inhibit_rules(lc.config), labels, firing);
    env.out << (text ? *text : std::string("not inhibited")) << "\n";
  }
  if (o->render) {
    NotificationRenderOptions ro{o->external_url, render_time(at)};
    RenderAlert alert{labels, annotations_of(lc, labels, ro)};
    env.out << "\n" << render_notifications(lc.config, matched, alert, ro);
  }
  if (o->verify && *o->verify != receivers) {
    env.out << "WARNING: Expected receivers did not match resolved receivers.\n";
    return kExitErrors;
  }
  return kExitOk;
}

}  // namespace mzr::driver
