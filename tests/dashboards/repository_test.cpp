// The repository's own dashboards (dashboards/*.mzr): renaming a recording rule that a panel
// reads fails the check at the panel's query, and the dashboards `mzrules build` emits load back,
// check clean and emit the same bytes again.

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "compiler/driver/pipeline.h"
#include "compiler/emit/grafana_resources.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;

// The repository's sources and settings, in memory, with the runbooks the alerts point at.
MemoryFileSystem repository() {
  MemoryFileSystem files;
  std::string root = testing::source_dir();
  files.add("mzrules.yaml", testing::read_file(root + "/mzrules.yaml"));
  for (const char* dir : {"rules", "alerts", "dashboards", "docs/runbooks"}) {
    for (const auto& e : fs::recursive_directory_iterator(root + "/" + dir)) {
      if (!e.is_regular_file()) continue;
      std::string rel = fs::relative(e.path(), root).string();
      files.add(rel, testing::read_file(e.path().string()));
    }
  }
  return files;
}

// 1-based line and column of the first `needle` in `text`.
std::pair<int, int> position_of(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(at - line_start) + 1};
}

// At least as many queries as the dashboards held when this was written.
constexpr size_t kLogqlQueries = 5;
constexpr size_t kPromqlQueries = 66;

constexpr const char* kRule = "namespace_statement_type_session_type:mz_query_total:rate5m";
constexpr const char* kRenamed = "namespace_statement_type_session_type:mz_query_total:rate2m";

TEST(RepositoryDashboards, RenamingARecordingRuleFailsAtThePanelsQuery) {
  MemoryFileSystem files = repository();
  // Unchanged, the repository checks without errors.
  testing::RunResult clean = testing::run_cli(files, {"check"});
  ASSERT_EQ(clean.code, 0) << clean.out << clean.err;

  std::string rules = testing::read_file(testing::source_dir() + "/rules/materialize.mzr");
  size_t at = rules.find(std::string("record ") + kRule);
  ASSERT_NE(at, std::string::npos) << "the rule the dashboards read is gone from rules/";
  rules.replace(at + 7, std::string(kRule).size(), kRenamed);
  files.add("rules/materialize.mzr", rules);

  testing::RunResult r = testing::run_cli(files, {"check", "--format=json"});
  EXPECT_EQ(r.code, 1);
  std::string dashboard = testing::read_file(testing::source_dir() + "/dashboards/environment.mzr");
  auto [line, column] = position_of(dashboard, kRule);
  ASSERT_GT(line, 1);
  bool found = false;
  for (const auto& d : nlohmann::json::parse(r.out)) {
    if (d.at("code") != "E0815") continue;
    if (d.at("file") != "dashboards/environment.mzr") continue;
    EXPECT_EQ(d.at("line"), line);
    EXPECT_EQ(d.at("column"), column);
    EXPECT_NE(d.at("message").get<std::string>().find(kRule), std::string::npos) << d.at("message");
    found = true;
    break;
  }
  EXPECT_TRUE(found) << r.out;
}

// The Loki panels' queries are checked as LogQL: a line filter without its quotes is a LogQL
// syntax error (E0501) at the query. A classification that took them for PromQL would report
// a PromQL code, one that skipped them nothing.
TEST(RepositoryDashboards, LokiPanelQueriesAreCheckedAsLogql) {
  MemoryFileSystem files = repository();
  std::string logs = testing::read_file(testing::source_dir() + "/dashboards/logs.mzr");
  const std::string good = "|= \"panicked at\"";
  size_t at = logs.find(good);
  ASSERT_NE(at, std::string::npos) << "the Loki panel this test breaks is gone";
  logs.replace(at, good.size(), "|= panicked");
  files.add("dashboards/logs.mzr", logs);
  auto [line, column] = position_of(logs, "panicked");

  testing::RunResult r = testing::run_cli(files, {"check", "--format=json"});
  EXPECT_EQ(r.code, 1);
  std::vector<std::string> codes;
  for (const auto& d : nlohmann::json::parse(r.out)) {
    if (d.at("file") != "dashboards/logs.mzr" || d.at("severity") != "error") continue;
    codes.push_back(d.at("code").get<std::string>());
    EXPECT_EQ(d.at("line"), line) << d;
    EXPECT_EQ(d.at("column"), column) << d;
  }
  EXPECT_EQ(codes, std::vector<std::string>{"E0501"}) << r.out;
}

// Every panel query of the repository's dashboards is checked in its language: the Loki panels'
// as LogQL, the others' as PromQL, none skipped as another datasource's (a mistake that took
// every datasource for an unknown one would check nothing and pass).
TEST(RepositoryDashboards, EveryQueryIsCheckedInItsLanguage) {
  MemoryFileSystem files = repository();
  driver::Compilation c;
  driver::compile(files, {}, c);
  const DashboardStats& s = c.dashboard_stats;
  std::cout << "[ dashboards ] " << s.queries << " queries: " << s.promql << " PromQL, " << s.logql
            << " LogQL, " << s.skipped << " skipped\n";
  EXPECT_EQ(s.skipped, 0u);
  EXPECT_EQ(s.queries, s.promql + s.logql);
  EXPECT_GE(s.logql, kLogqlQueries);
  EXPECT_GE(s.promql, kPromqlQueries);
}

TEST(RepositoryDashboards, EmittedDashboardsRoundTrip) {
  MemoryFileSystem files = repository();
  driver::Compilation c;
  driver::compile(files, {}, c);
  ASSERT_FALSE(c.diags.has_errors());
  ASSERT_GE(c.dashboards.size(), 4u);
  emit::OutputSet first;
  emit::emit_grafana(c.dashboards, c.stack.grafana, c.sources, c.settings.dashboard_schema, first);

  auto [emitted, paths] = testing::emitted_dashboards(first.files);
  ASSERT_EQ(paths.size(), c.dashboards.size());
  driver::Compilation again;
  driver::compile(emitted, paths, again);
  for (const Diagnostic& d : again.diags.all()) {
    EXPECT_NE(d.severity, Severity::Error) << d.message;
  }
  ASSERT_EQ(again.dashboards.size(), c.dashboards.size());
  // Loaded back, each dashboard has the panels and queries the .mzr source has.
  for (size_t i = 0; i < c.dashboards.size(); ++i) {
    size_t panels = 0, queries = 0, panels_again = 0, queries_again = 0;
    model::for_each_panel(c.dashboards[i].panels, [&](const model::Panel& p) {
      ++panels;
      queries += p.queries.size();
    });
    model::for_each_panel(again.dashboards[i].panels, [&](const model::Panel& p) {
      ++panels_again;
      queries_again += p.queries.size();
    });
    EXPECT_EQ(panels, panels_again) << c.dashboards[i].uid.value;
    EXPECT_EQ(queries, queries_again) << c.dashboards[i].uid.value;
  }
  emit::OutputSet second;
  emit::emit_grafana(again.dashboards, c.stack.grafana, again.sources, c.settings.dashboard_schema,
                     second);
  for (const std::string& p : paths) {
    ASSERT_TRUE(second.files.count(p)) << p;
    EXPECT_EQ(second.files.at(p), first.files.at(p)) << p;
  }
}

}  // namespace
}  // namespace mzr
