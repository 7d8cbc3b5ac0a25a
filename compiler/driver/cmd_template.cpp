// `mzrules template render`: parses and runs a Go template as Go's text/template, Prometheus
// (alert labels and annotations) or Alertmanager (notifications) would, in the spirit of
// `amtool template render`.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "compiler/base/glob.h"
#include "compiler/check/templates.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/template/alertmanager.h"
#include "compiler/template/exec.h"
#include "compiler/template/json_value.h"
#include "compiler/template/parse.h"
#include "compiler/template/prometheus.h"

namespace mzr::driver {
namespace {

DiagKind kind_of(tmpl::ErrorKind k) {
  switch (k) {
    case tmpl::ErrorKind::Syntax: return DiagKind::GoTemplateSyntax;
    case tmpl::ErrorKind::UnknownFunction: return DiagKind::GoTemplateUnknownFunction;
    case tmpl::ErrorKind::Undefined: return DiagKind::GoTemplateUndefined;
    case tmpl::ErrorKind::Execution: return DiagKind::GoTemplateExecution;
    case tmpl::ErrorKind::ArgCount: return DiagKind::GoTemplateArgCount;
    case tmpl::ErrorKind::Limit: return DiagKind::GoTemplateLimit;
  }
  return DiagKind::GoTemplateExecution;
}

// The files a Go filepath.Glob pattern names, sorted (Alertmanager's order).
std::vector<std::string> expand_glob(const FileSystem& fs, const std::string& pattern) {
  if (!glob_has_meta(pattern))
    return fs.exists(pattern) ? std::vector<std::string>{pattern} : std::vector<std::string>{};
  size_t slash = pattern.rfind('/');
  std::string dir = slash == std::string::npos ? "." : pattern.substr(0, slash);
  std::string base = slash == std::string::npos ? pattern : pattern.substr(slash + 1);
  std::vector<std::string> out;
  for (const std::string& name : fs.list(dir)) {
    std::string leaf = name.substr(name.rfind('/') == std::string::npos ? 0 : name.rfind('/') + 1);
    if (glob_match(base, leaf) == GlobMatch::Yes) {
      out.push_back(slash == std::string::npos ? leaf : dir + "/" + leaf);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int run_template(const std::vector<std::string>& args, Environment& env) {
  CLI::App app("Parse and render Go templates as text/template, Prometheus or Alertmanager do.",
               "template");
  app.require_subcommand(1);
  CLI::App* render = app.add_subcommand(
      "render", "render a template (--text or --file) with data; print the result");
  OutputOptions output;
  add_output_options(*render, output);
  std::string text, file, data_json, funcs_name = "go", missing = "", name;
  std::vector<std::string> globs;
  bool parse_only = false, html = false;
  render->add_option("--text", text, "the template text");
  render->add_option("--file", file, "a file holding the template text");
  render->add_option("--templates", globs,
                     "files of definitions ({{define}}), by path or Go glob; repeatable");
  render->add_option("--data", data_json,
                     "the data as JSON: Alertmanager's notification data (webhook form) for "
                     "--funcs alertmanager, otherwise the value bound to '.'");
  render
      ->add_option("--funcs", funcs_name,
                   "function set and data model: go, prometheus or alertmanager")
      ->check(CLI::IsMember({"go", "prometheus", "alertmanager"}));
  render
      ->add_option("--missingkey", missing,
                   "default, zero or error (default: zero for prometheus and alertmanager, as "
                   "they set it)")
      ->check(CLI::IsMember({"default", "zero", "error"}));
  render->add_option("--name", name, "the template's name in messages");
  render->add_flag("--html", html,
                   "escape as html/template does (e-mail bodies, Prometheus consoles)");
  render->add_flag("--parse-only", parse_only, "parse and check only; print nothing");
  if (int code = parse_args(app, args, env); code >= 0) return code;
  if (output.format == "sarif") {
    env.err << "mzrules template render: SARIF holds diagnostics, not a template's output; use "
               "--format=json\n";
    return kExitUsage;
  }
  if (render->count("--text") == render->count("--file")) {
    env.err << "mzrules template render: give exactly one of --text and --file\n";
    return kExitUsage;
  }
  Compilation c;
  tmpl::Set set;
  std::vector<SourceId> ids;  // template source index -> SourceId
  auto add_source = [&](const std::string& path, std::string body) {
    ids.push_back(c.sources.add(path, body));
    return set.add_source(path, std::move(body));
  };
  auto report_error = [&](const tmpl::Error& e) {
    SourceId where = e.source < ids.size() ? ids[e.source] : kNoSource;
    std::string message = e.message;
    if (!e.context.empty()) {
      message += fmt::format(" (executing \"{}\" at <{}>)", e.tmpl, e.context);
      c.diags.report(kind_of(e.kind), Span{where, e.begin, std::max(e.end, e.begin)}, message);
      return;
    }
    TemplateErrorPlace at = place_template_error(e, set.source(e.source).text);
    Diagnostic& d = c.diags.report(kind_of(e.kind), Span{where, at.begin, at.end}, message);
    if (at.open_at) d.note(Span{where, *at.open_at, *at.open_at + at.open_length}, at.open_note);
  };

  // Data.
  tmpl::Value data;
  nlohmann::json json = nullptr;
  if (!data_json.empty()) {
    json = nlohmann::json::parse(data_json, nullptr, false);
    if (json.is_discarded()) {
      env.err << "mzrules template render: --data is not valid JSON\n";
      return kExitUsage;
    }
  }
  tmpl::FuncMap funcs;
  tmpl::ExecOptions eo;
  eo.html = html;
  if (funcs_name == "alertmanager") {
    data = json.is_null() ? tmpl::make_invalid() : tmpl::alertmanager_data(json);
    tmpl::AlertmanagerEnv aenv;
    aenv.now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    funcs = tmpl::alertmanager_functions(aenv, data);
    eo.missing_key = tmpl::MissingKey::Zero;
  } else if (funcs_name == "prometheus") {
    data = tmpl::value_from_json(json);
    tmpl::PrometheusEnv penv;
    penv.timestamp_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    funcs = tmpl::prometheus_functions(penv);
    eo.missing_key = tmpl::MissingKey::Zero;
  } else {
    data = tmpl::value_from_json(json);
    funcs = tmpl::builtins();
  }
  if (missing == "default") eo.missing_key = tmpl::MissingKey::Default;
  if (missing == "zero") eo.missing_key = tmpl::MissingKey::Zero;
  if (missing == "error") eo.missing_key = tmpl::MissingKey::Error;
  if (funcs_name == "prometheus" && html) tmpl::add_prometheus_html_functions(funcs, set, eo);

  tmpl::ParseOptions po;
  po.has_function = [&](std::string_view n) { return funcs.find(n) != funcs.end(); };
  // Definitions first, as Alertmanager loads its template files before the text.
  std::map<std::string, std::string> defined_in;
  for (const std::string& g : globs) {
    std::vector<std::string> files = expand_glob(env.fs, g);
    if (files.empty()) {
      env.err << fmt::format("mzrules template render: no file matches '{}'\n", g);
      return kExitUsage;
    }
    for (const std::string& path : files) {
      std::string body;
      FsError fe;
      if (!env.fs.read(path, body, fe)) {
        env.err << fmt::format("mzrules template render: cannot read '{}'\n", path);
        return kExitUsage;
      }
      uint16_t src = add_source(path, std::move(body));
      std::string leaf =
          path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
      if (auto err = tmpl::parse(set, src, leaf, po)) report_error(*err);
    }
  }
  std::string body = text;
  std::string path = "<text>";
  if (!file.empty()) {
    FsError fe;
    if (!env.fs.read(file, body, fe)) {
      env.err << fmt::format("mzrules template render: cannot read '{}'\n", file);
      return kExitUsage;
    }
    path = file;
  }
  if (name.empty() && funcs_name != "alertmanager") name = "template";
  uint16_t src = add_source(path, body);
  bool parsed = false;
  if (!c.diags.has_errors()) {
    if (auto err = tmpl::parse(set, src, name, po)) {
      report_error(*err);
    } else {
      parsed = true;
    }
  }
  std::optional<std::string> rendered;
  if (parsed && !parse_only) {
    tmpl::ExecResult r = tmpl::execute(set, name, data, funcs, eo);
    if (r.error) {
      report_error(*r.error);
    } else {
      rendered = std::move(r.output);
    }
  }
  if (output.format != "json") {
    if (rendered) env.out << *rendered;
    return report(c, output, env);
  }
  // One document: what the template wrote (null when it did not run) and the diagnostics.
  std::ostringstream diags;
  mzr::render(DiagFormat::Json, c.sources, c.diags, diags, RenderOptions{false, MZR_VERSION});
  nlohmann::json doc{{"output", rendered ? nlohmann::json(*rendered) : nlohmann::json(nullptr)},
                     {"diagnostics", nlohmann::json::parse(diags.str())}};
  env.out << doc.dump(2) << "\n";
  return c.diags.has_errors() ? kExitErrors : kExitOk;
}

}  // namespace mzr::driver
