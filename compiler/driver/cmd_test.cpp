// `mzrules test [PATHS...]`: runs the repository's route tests against its Alertmanager routing
// (or one given with --config.file) and its alert rules. With PATHS, the repository's sources
// are still loaded, and only the tests in files at or below PATHS run.

#include <fmt/format.h>
#include <re2/re2.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "compiler/base/render.h"
#include "compiler/check/alertmanager_checks.h"
#include "compiler/check/route_tests.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/gate.h"
#include "compiler/driver/junit_report.h"
#include "compiler/driver/test_coverage.h"
#include "compiler/driver/test_scope.h"
#include "compiler/frontend/promql.h"
#include "compiler/load/alertmanager_config.h"
#include "compiler/load/rule_file.h"
#include "compiler/load/rule_test_file.h"
#include "compiler/load/source_roots.h"
#include "compiler/load/sources.h"
#include "compiler/load/test_patterns.h"
#include "compiler/load/yaml.h"
#include "compiler/ruletest/runner.h"

namespace mzr::driver {
namespace {

std::string normalize(std::string p) {
  while (p.starts_with("./")) p.erase(0, 2);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p == "." ? "" : p;
}

bool below(const std::string& path, const std::string& dir) {
  std::string p = normalize(path), d = normalize(dir);
  if (d.empty()) return true;
  return p == d || (p.size() > d.size() && p.compare(0, d.size(), d) == 0 && p[d.size()] == '/');
}

// The Alertmanager configuration the tests run against, or nullptr with a diagnostic.
const model::AlertmanagerConfig* pick_config(Compilation& c, const std::string& config_file,
                                             model::AlertmanagerConfig& from_file, FileSystem& fs) {
  Span at = c.route_tests.empty() ? Span{} : c.route_tests.front().span;
  if (!config_file.empty()) {
    auto id = read_source(fs, config_file, c.sources, c.diags);
    if (!id) return nullptr;
    yaml::Stream stream = yaml::parse(c.sources, *id, c.diags);
    if (!stream.ok) return nullptr;
    from_file = load_alertmanager_config(stream, *id, c.diags);
    check_alertmanager_config(from_file, c.diags);
    return from_file.route ? &from_file : nullptr;
  }
  if (c.alertmanager_configs.size() == 1) {
    const model::AlertmanagerConfig& only = c.alertmanager_configs.front();
    return only.route ? &only : nullptr;
  }
  if (c.alertmanager_configs.empty()) {
    c.diags.report(DiagKind::RouteTestNoConfig, at,
                   "route tests need an Alertmanager configuration, and the sources have none; "
                   "give one with --config.file");
  } else {
    auto& d = c.diags.report(
        DiagKind::RouteTestNoConfig, at,
        fmt::format("the sources hold {} Alertmanager configurations; choose one with "
                    "--config.file",
                    c.alertmanager_configs.size()));
    for (const model::AlertmanagerConfig& cfg : c.alertmanager_configs) {
      d.note({cfg.file, 0, 0}, "one is here");
    }
  }
  return nullptr;
}

// The 'rule_files' entry that names `path` (by its last element), or the first one.
Span rule_file_span(const model::RuleTestFile& f, const std::string& path) {
  std::string base = path.substr(path.rfind('/') + 1);
  for (const model::Text& t : f.rule_files) {
    if (t.value.ends_with(base)) return t.span;
  }
  return f.rule_files.empty() ? Span{f.file, 0, 0} : f.rule_files.front().span;
}

struct RuleTestRun {
  std::string path;
  SourceId file = kNoSource;
  const model::RuleTestFile* tests = nullptr;
  std::vector<const model::RuleSet*> sets;
  bool rules_ok = true;
  std::vector<ruletest::GroupResult> groups;
};

// One promtool-format file: its rule files found (a repository source is reused, not read or
// checked twice), loaded and their queries parsed. The groups run later.
RuleTestRun prepare_rule_tests(const FileSystem& fs, const ReadBounds& bounds,
                               const model::RuleTestFile& f, Compilation& c) {
  RuleTestRun out;
  out.file = f.file;
  out.tests = &f;
  out.path = c.sources.file(f.file).path();
  std::vector<const model::RuleSet*>& sets = out.sets;
  bool& rules_ok = out.rules_ok;
  for (const std::string& path : resolve_rule_test_rule_files(fs, bounds, out.path, f, c.diags)) {
    const model::RuleSet* found = nullptr;
    for (const model::RuleSet& set : c.rule_sets) {
      if (normalize(c.sources.file(set.file).path()) == normalize(path)) found = &set;
    }
    for (const std::unique_ptr<model::RuleSet>& set : c.test_rule_sets) {
      if (normalize(c.sources.file(set->file).path()) == normalize(path)) found = set.get();
    }
    if (found != nullptr) {
      // A repository source, or a file an earlier test file loaded: checked already; its
      // errors mean it does not load.
      for (const Diagnostic& d : c.diags.all()) {
        if (d.severity == Severity::Error && d.span.file == found->file) {
          c.diags.report(DiagKind::RuleTestRuleFileError, rule_file_span(f, path),
                         fmt::format("the rule file '{}' does not load", path));
          rules_ok = false;
          break;
        }
      }
    } else {
      size_t errors = c.diags.count(Severity::Error);
      auto id = read_source(fs, path, c.sources, c.diags);
      if (!id) {
        rules_ok = false;
        continue;
      }
      yaml::Stream stream = yaml::parse(c.sources, *id, c.diags);
      RuleLoadOptions options;
      options.names = c.settings.names;
      auto set = std::make_unique<model::RuleSet>(
          load_rule_file(stream, c.sources.file(*id), *id, options, c.diags));
      for (const model::RuleGroup& g : set->groups) {
        for (const model::Rule& r : g.rules) {
          promql::Options popts;
          popts.features = c.settings.promql_features;
          popts.names = c.settings.names;
          promql::parse_expr(r.expr, popts, c.diags);
        }
      }
      if (c.diags.count(Severity::Error) > errors) {
        c.diags.report(DiagKind::RuleTestRuleFileError, rule_file_span(f, path),
                       fmt::format("the rule file '{}' does not load", path));
        rules_ok = false;
      }
      c.test_rule_sets.push_back(std::move(set));
      found = c.test_rule_sets.back().get();
    }
    sets.push_back(found);
  }
  return out;
}

// The `test rules` blocks of one .mzr file run against the repository's PromQL rule groups,
// which must have loaded without errors.
RuleTestRun prepare_dsl_tests(const model::RuleTestFile& f, const Compilation& c) {
  RuleTestRun out;
  out.file = f.file;
  out.tests = &f;
  out.path = c.sources.file(f.file).path();
  std::set<SourceId> rule_files;
  for (const model::RuleSet& set : c.rule_sets) {
    if (set.language != model::QueryLanguage::PromQL) continue;
    out.sets.push_back(&set);
    rule_files.insert(set.file);
  }
  for (const Diagnostic& d : c.diags.all()) {
    // Mistakes of the tests themselves (E14xx, E0760) do not keep the rules from loading.
    bool test_code = diag_info(d.kind).code.starts_with("E14") || d.kind == DiagKind::DslBadTest;
    if (d.severity == Severity::Error && rule_files.count(d.span.file) && !test_code) {
      out.rules_ok = false;
    }
  }
  return out;
}

bool repeats_a_group(const model::RuleTestFile& f) {
  std::set<std::string> seen;
  for (const model::Text& g : f.group_eval_order) {
    if (!seen.insert(g.value).second) return true;
  }
  return false;
}

// Runs the groups of every file, each group a task, on the available cores. Each task reports to
// diagnostics of its own, merged afterwards in file and group order, so that the output does not
// depend on the order the tasks finish in.
void run_rule_tests(std::vector<RuleTestRun>& runs,
                    const std::function<bool(const std::string&)>& run_filter, Diagnostics& diags) {
  struct Task {
    size_t run = 0;
    std::optional<size_t> group;
    Diagnostics diags;
    std::vector<ruletest::GroupResult> results;
  };
  std::vector<std::unique_ptr<Task>> tasks;
  for (size_t i = 0; i < runs.size(); ++i) {
    const model::RuleTestFile& f = *runs[i].tests;
    auto add = [&](std::optional<size_t> group) {
      auto task = std::make_unique<Task>();
      task->run = i;
      task->group = group;
      tasks.push_back(std::move(task));
    };
    if (repeats_a_group(f) || !runs[i].rules_ok) {
      add(std::nullopt);
      continue;
    }
    for (size_t g = 0; g < f.tests.size(); ++g) add(g);
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t t = next++; t < tasks.size(); t = next++) {
      Task& task = *tasks[t];
      const RuleTestRun& r = runs[task.run];
      ruletest::RunOptions options;
      options.run = run_filter;
      options.only_group = task.group;
      task.results =
          ruletest::run_rule_test_file(*r.tests, r.sets, r.rules_ok, options, task.diags);
    }
  };
  size_t threads = std::max(1u, std::thread::hardware_concurrency());
  threads = std::min(threads, tasks.size());
  std::vector<std::thread> pool;
  for (size_t i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (const std::unique_ptr<Task>& task : tasks) {
    for (ruletest::GroupResult& g : task->results) runs[task->run].groups.push_back(std::move(g));
    for (const Diagnostic& d : task->diags.all()) {
      Diagnostic& copy = diags.report(d.kind, d.span, d.message);
      for (const Note& n : d.notes) copy.note(n.span, n.message);
    }
  }
}

// The test files the 'tests' setting names that are not sources already, loaded.
void load_setting_test_files(const FileSystem& fs, const ReadBounds& bounds, Compilation& c) {
  std::set<std::string> known;
  for (const model::RuleTestFile& f : c.rule_test_files) {
    known.insert(normalize(c.sources.file(f.file).path()));
  }
  for (const std::string& path : expand_test_patterns(fs, bounds, c.settings, c.diags)) {
    if (!known.insert(normalize(path)).second) continue;
    auto id = read_source(fs, path, c.sources, c.diags);
    if (!id) continue;
    yaml::Stream stream = yaml::parse(c.sources, *id, c.diags);
    if (!stream.ok) continue;
    c.rule_test_files.push_back(load_rule_test_file(stream, *id, c.diags));
  }
}

std::string location(const SourceManager& sources, Span s) {
  const SourceFile& file = sources.file(s.file);
  LineCol lc = file.line_col(s.begin);
  return fmt::format("{}:{}:{}", file.path(), lc.line, lc.column);
}

}  // namespace

int run_test(const std::vector<std::string>& args, Environment& env) {
  CLI::App app(
      "Run the tests of the repository: route tests (each test's alert routed through the "
      "Alertmanager configuration, the receivers and inhibitions compared with what the test "
      "expects) and rule unit tests ('test rules' blocks, and promtool test files among the "
      "sources or named by the 'tests' setting). With PATHS, only the tests in those files or "
      "directories run; the rest of the repository still provides the rules and the routing.",
      "test");
  OutputOptions output;
  add_output_options(app, output);
  std::vector<std::string> paths;
  std::string config_file;
  std::string junit;
  bool verbose = false;
  app.add_option("paths", paths, "route test files or directories holding them");
  app.add_option("--config.file", config_file,
                 "Alertmanager configuration to test against, instead of the repository's");
  app.add_option("--junit", junit, "also write a JUnit XML report to this file");
  app.add_flag("-v,--verbose", verbose, "list passing tests too");
  std::vector<std::string> run;
  app.add_option("--run", run,
                 "run only the rule unit-test groups whose name matches one of these regular "
                 "expressions (as promtool's --run)");
  bool coverage = false;
  app.add_flag("--coverage", coverage,
               "report which alerts, recording rules, routes and receivers the tests cover");
  if (int code = parse_args(app, args, env); code >= 0) return code;

  Compilation c;
  if (!load_project_settings(env.fs, c)) return report(c, output, env);
  std::vector<std::string> roots;
  ReadBounds bounds = repository_bounds(env.fs, c.settings);
  for (const std::string& p : project_source_roots(env.fs, c.settings, bounds, c.diags)) {
    // Source folders without sources are fine here, as in 'mzrules check' without paths.
    Diagnostics scratch;
    if (!discover_sources(env.fs, {p}, false, bounds, scratch).empty()) roots.push_back(p);
  }
  std::vector<std::string> project_roots = roots;
  for (const std::string& p : paths) {
    bool covered = false;
    for (const std::string& r : project_roots) covered |= below(p, r);
    if (!covered) roots.push_back(p);
  }
  for (const std::string& p : paths) {
    if (!env.fs.exists(p)) {
      c.diags.report(DiagKind::FileNotFound, {}, fmt::format("no such file or directory: '{}'", p));
    }
  }
  // Sources missing from the project are diagnosed above; compile only what exists.
  std::vector<std::string> existing;
  for (const std::string& r : roots) {
    if (env.fs.exists(r)) existing.push_back(r);
  }
  if (!existing.empty()) compile(env.fs, existing, c);
  std::function<bool(const std::string&)> run_filter;
  std::shared_ptr<re2::RE2> run_re;
  if (!run.empty()) {
    std::string joined;
    for (const std::string& r : run) joined += (joined.empty() ? "" : "|") + r;
    run_re = std::make_shared<re2::RE2>(joined, re2::RE2::Quiet);
    if (!run_re->ok()) {
      env.err << fmt::format("mzrules test: --run: invalid regular expression: {}\n",
                             run_re->error());
      return kExitUsage;
    }
    run_filter = [run_re](const std::string& name) {
      return re2::RE2::PartialMatch(name, *run_re);
    };
  }

  std::vector<model::RouteTest> selected;
  for (const model::RouteTest& t : c.route_tests) {
    bool in = paths.empty();
    for (const std::string& p : paths) in |= below(c.sources.file(t.span.file).path(), p);
    if (in) selected.push_back(t);
  }
  load_setting_test_files(env.fs, bounds, c);
  std::vector<RuleTestRun> rule_runs;
  for (const model::RuleTestFile& f : c.rule_test_files) {
    bool in = paths.empty();
    for (const std::string& p : paths) in |= below(c.sources.file(f.file).path(), p);
    if (in) rule_runs.push_back(prepare_rule_tests(env.fs, bounds, f, c));
  }
  for (const model::RuleTestFile& f : c.dsl_rule_tests) {
    bool in = paths.empty();
    for (const std::string& p : paths) in |= below(c.sources.file(f.file).path(), p);
    if (in) rule_runs.push_back(prepare_dsl_tests(f, c));
  }
  run_rule_tests(rule_runs, run_filter, c.diags);

  std::vector<RouteTestResult> results;
  model::AlertmanagerConfig from_file;
  if (!selected.empty()) {
    if (const model::AlertmanagerConfig* config = pick_config(c, config_file, from_file, env.fs)) {
      results = run_route_tests(selected, {c.rule_sets, c.stack, *config}, c.diags);
    }
  }
  // Coverage: asked for, or required by the settings when the whole suite runs.
  const model::CoverageMinimums& minimums = c.settings.tests.coverage;
  bool gated =
      paths.empty() && run.empty() &&
      (minimums.alerts_fire.percent || minimums.alerts_silent.percent ||
       minimums.recording_rules.percent || minimums.routes.percent || minimums.receivers.percent);
  std::optional<Coverage> cover;
  if (coverage || gated) {
    std::vector<RuleTestRunView> views;
    for (const RuleTestRun& r : rule_runs) views.push_back({r.tests, r.sets, &r.groups});
    const model::AlertmanagerConfig* config = nullptr;
    if (!config_file.empty()) {
      config = from_file.route ? &from_file : nullptr;
    } else if (c.alertmanager_configs.size() == 1) {
      config = &c.alertmanager_configs.front();
    }
    cover = compute_coverage(c.rule_sets, views, config, results);
    if (gated) check_coverage(*cover, minimums, c.diags);
  }
  keep_test_diagnostics(c);
  finish_diagnostics(c);
  // Machine formats write one document: failed tests are in it as diagnostics, at the test.
  bool human = output.format == "human";
  if (!human) {
    for (size_t i = 0; i < results.size() && i < selected.size(); ++i) {
      const RouteTestResult& r = results[i];
      if (!r.ran || r.passed) continue;
      std::string why;
      for (const std::string& f : r.failures) why += (why.empty() ? "" : "; ") + f;
      c.diags.report(DiagKind::RouteTestFailed, selected[i].span,
                     fmt::format("route test '{}' failed: {}", r.name, why));
    }
  }
  int code = kExitOk;
  if (cover && output.format == "json") {
    // One document: the diagnostics and the coverage.
    std::ostringstream diags;
    render(DiagFormat::Json, c.sources, c.diags, diags, RenderOptions{false, MZR_VERSION});
    env.out << fmt::format("{{\"diagnostics\": {},\n\"coverage\": {}}}\n", diags.str(),
                           coverage_json(*cover, c.sources));
    code = c.diags.has_errors() ? kExitErrors : kExitOk;
  } else {
    code = report(c, output, env);
  }
  std::ostringstream text;

  size_t passed = 0, failed = 0, not_run = 0;
  std::vector<JunitCase> cases;
  for (size_t i = 0; i < selected.size(); ++i) {
    const model::RouteTest& t = selected[i];
    const SourceFile& file = c.sources.file(t.span.file);
    LineCol lc = file.line_col(t.span.begin);
    std::string where = fmt::format("{}:{}:{}", file.path(), lc.line, lc.column);
    JunitCase jc;
    jc.file = file.path();
    jc.line = static_cast<int>(lc.line);
    const RouteTestResult* r = i < results.size() ? &results[i] : nullptr;
    jc.name = r ? r->name : (t.name ? t.name->value : where);
    if (r == nullptr || !r->ran) {
      ++not_run;
      jc.outcome = JunitCase::Outcome::Error;
      jc.message = "the test could not run; see the diagnostics";
      jc.details = where + ": " + jc.message;
      text << fmt::format("ERROR {}: {}\n      not run (see the diagnostics above)\n", where,
                          jc.name);
    } else if (r->passed) {
      ++passed;
      if (verbose) {
        text << fmt::format("ok    {}: {}  -> {}\n", where, r->name, receiver_list(r->receivers));
      }
    } else {
      ++failed;
      jc.outcome = JunitCase::Outcome::Failed;
      jc.message = r->failures.front();
      std::string body = fmt::format("      labels: {}\n", routing::matchers_to_string([&] {
                                       routing::Matchers ms;
                                       for (const auto& [k, v] : r->labels) {
                                         ms.push_back({k, routing::MatchOp::Equal, v, nullptr});
                                       }
                                       return ms;
                                     }()));
      for (const std::string& f : r->failures) body += "      " + f + "\n";
      text << fmt::format("FAIL  {}: {}\n{}", where, r->name, body);
      jc.details = where + ": " + r->name + "\n" + body;
    }
    cases.push_back(std::move(jc));
  }
  size_t rule_passed = 0, rule_failed = 0;
  for (const RuleTestRun& r : rule_runs) {
    text << fmt::format("Processing test file: {}\n", r.path);
    bool ok = true;
    for (const ruletest::GroupResult& g : r.groups) ok &= g.failures.empty();
    if (ok) {
      text << "  SUCCESS\n\n";
    } else {
      text << "  FAILED:\n";
      for (const ruletest::GroupResult& g : r.groups) {
        for (const std::string& f : g.failures) text << f << "\n\n";
      }
      // Where each failing expectation is written, and what differs.
      for (const ruletest::GroupResult& g : r.groups) {
        for (const ruletest::ExpectationResult& e : g.expectations) {
          if (e.passed) continue;
          text << fmt::format("  {}: {}: {}\n{}", location(c.sources, e.span), g.name, e.name,
                              e.diff);
        }
      }
      text << "\n";
    }
    for (const ruletest::GroupResult& g : r.groups) {
      const SourceFile& file = c.sources.file(g.span.file == kNoSource ? r.file : g.span.file);
      LineCol lc = file.line_col(g.span.begin);
      JunitCase jc;
      jc.file = file.path();
      jc.line = static_cast<int>(lc.line);
      jc.name = g.name;
      if (g.failures.empty()) {
        ++rule_passed;
      } else {
        ++rule_failed;
        jc.outcome = JunitCase::Outcome::Failed;
        jc.message = g.failures.front();
        for (const std::string& f : g.failures) jc.details += f + "\n";
      }
      cases.push_back(std::move(jc));
      for (const ruletest::ExpectationResult& e : g.expectations) {
        const SourceFile& ef = c.sources.file(e.span.file == kNoSource ? r.file : e.span.file);
        JunitCase ec;
        ec.file = ef.path();
        ec.line = static_cast<int>(ef.line_col(e.span.begin).line);
        ec.name = g.name + " / " + e.name;
        if (!e.passed) {
          ec.outcome = JunitCase::Outcome::Failed;
          ec.message = e.name + " failed";
          ec.details = location(c.sources, e.span) + ": " + e.name + "\n" + e.diff;
        }
        cases.push_back(std::move(ec));
      }
    }
  }
  if (!rule_runs.empty()) {
    text << fmt::format("rule unit tests: {} groups passed, {} failed\n", rule_passed, rule_failed);
  }
  if (selected.empty() && !rule_runs.empty()) {
  } else if (selected.empty()) {
    text << (paths.empty() ? "no route tests in the repository\n"
                           : "no route tests in the given paths\n");
  } else {
    text << fmt::format("route tests: {} passed, {} failed{}\n", passed, failed,
                        not_run ? fmt::format(", {} not run", not_run) : std::string());
  }
  if (cover && human) text << "\n" << coverage_table(*cover, c.sources);
  if (human) env.out << text.str();
  if (!junit.empty()) {
    FsError err;
    if (!env.fs.write_atomic(junit, junit_xml("mzrules route tests", cases), err)) {
      env.err << fmt::format("mzrules test: cannot write '{}': {}\n", junit, err.message);
      return kExitUsage;
    }
  }
  if (failed > 0 || not_run > 0 || rule_failed > 0 || code != kExitOk) return kExitErrors;
  if (selected.empty() && rule_runs.empty() && !paths.empty()) return kExitErrors;
  return kExitOk;
}

}  // namespace mzr::driver
