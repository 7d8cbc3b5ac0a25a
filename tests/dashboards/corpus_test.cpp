// Every dashboard of the real corpora loads, and every query in it parses in its datasource's
// language after variable expansion, with no errors.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <iostream>
#include <set>

#include "compiler/base/render.h"
#include "compiler/driver/pipeline.h"
#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

TEST(DashboardCorpus, EveryQueryParses) {
  MZR_REQUIRE_CORPUS(corpus);
  std::string real = corpus + "/real";
  RealFileSystem files(real);
  DashboardStats total;
  size_t files_checked = 0;
  for (const std::string& path : testing::corpus_dashboard_files(real)) {
    driver::Compilation c;
    driver::compile(files, {path}, c);
    std::set<std::string> codes;
    std::string first;
    for (const Diagnostic* d : c.diags.sorted()) {
      if (d->severity != Severity::Error) continue;
      codes.insert(std::string(diag_info(d->kind).code));
      if (first.empty()) {
        LineCol at =
            d->span.valid() ? c.sources.file(d->span.file).line_col(d->span.begin) : LineCol{};
        first = fmt::format("{}:{}:{}: {} {}",
                            d->span.valid() ? c.sources.file(d->span.file).path() : path, at.line,
                            at.column, diag_info(d->kind).code, d->message);
      }
    }
    // No dashboard of the corpus is invalid on purpose.
    EXPECT_TRUE(codes.empty()) << path << ": " << first;
    EXPECT_GT(c.dashboards.size(), 0u) << path << " holds no dashboard";
    ++files_checked;
    const DashboardStats& s = c.dashboard_stats;
    total.dashboards += s.dashboards;
    total.panels += s.panels;
    total.queries += s.queries;
    total.promql += s.promql;
    total.logql += s.logql;
    total.variable_queries += s.variable_queries;
    total.skipped += s.skipped;
  }
  std::cout << fmt::format(
      "[ corpus   ] {} files, {} dashboards, {} panels, {} queries ({} PromQL, {} LogQL, {} "
      "other datasources skipped), {} variable queries\n",
      files_checked, total.dashboards, total.panels, total.queries, total.promql, total.logql,
      total.skipped, total.variable_queries);
  EXPECT_GE(files_checked, 60u);
  EXPECT_GE(total.dashboards, 90u);
  EXPECT_EQ(total.queries, total.promql + total.logql + total.skipped);
  // Every panel query of the corpus is PromQL (its dashboards read Prometheus only): all of
  // them must be parsed as PromQL, none skipped as another datasource's. LogQL panels are in
  // the repository's own dashboards (repository_test.cpp).
  EXPECT_GE(total.promql, 1900u);
  EXPECT_EQ(total.logql, 0u);
  EXPECT_EQ(total.skipped, 0u);
  EXPECT_GE(total.variable_queries, 200u);
}

}  // namespace
}  // namespace mzr
