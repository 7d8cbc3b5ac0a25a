// `mzrules fmt`: canonical, idempotent, keeps every comment, and never writes a file it cannot
// format safely.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

constexpr const char* kMessy =
    "# catalog\n"
    "metrics   m {\n"
    "target_labels {job,instance}\n"
    "    counter a_total {x} \"A.\"   # trailing\n"
    "  gauge longer_name_here\n"
    "}\n"
    "alerts   g   partial_response abort every 1m {\n"
    "      # leading comment\n"
    "  alert A for 5m {\n"
    "        expr   sum by (job) (\n"
    "                  rate(a_total[5m])\n"
    "               ) > 1\n"
    "   labels {severity=\"critical\",team=\"db\"}\n"
    "      summary \"x\"\n"
    "  }\n"
    "  # inner comment\n"
    "}\n"
    "# the end\n";

constexpr const char* kCanonical =
    "# catalog\n"
    "metrics m {\n"
    "  target_labels { job, instance }\n"
    "  counter   a_total          { x } \"A.\"  # trailing\n"
    "  gauge     longer_name_here\n"
    "}\n"
    "\n"
    "alerts g every 1m partial_response abort {\n"
    "  # leading comment\n"
    "  alert A for 5m {\n"
    "    expr sum by (job) (\n"
    "         rate(a_total[5m])\n"
    "      ) > 1\n"
    "    labels { severity = \"critical\", team = \"db\" }\n"
    "    summary \"x\"\n"
    "  }\n"
    "  # inner comment\n"
    "}\n"
    "\n"
    "# the end\n";

TEST(Fmt, FormatsCanonicallyAndKeepsComments) {
  MemoryFileSystem fs;
  fs.add("a.mzr", kMessy);
  auto r = run_cli(fs, {"fmt", "a.mzr"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(fs.files().at("a.mzr"), kCanonical);
  // The formatted file means the same: it checks and builds the same rules.
  EXPECT_EQ(run_cli(fs, {"check", "a.mzr"}).code, 0);
}

TEST(Fmt, IsIdempotent) {
  MemoryFileSystem fs;
  fs.add("a.mzr", kCanonical);
  ASSERT_EQ(run_cli(fs, {"fmt", "a.mzr"}).code, 0);
  EXPECT_EQ(fs.files().at("a.mzr"), kCanonical);
  EXPECT_EQ(run_cli(fs, {"fmt", "--check", "a.mzr"}).code, 0);
}

TEST(Fmt, CheckReportsUnformattedFilesAndWritesNothing) {
  MemoryFileSystem fs;
  fs.add("a.mzr", kMessy);
  auto r = run_cli(fs, {"fmt", "--check", "a.mzr"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "mzrules fmt: 'a.mzr' is not formatted\n");
  EXPECT_EQ(fs.files().at("a.mzr"), kMessy);
}

TEST(Fmt, LeavesFilesWithSyntaxErrorsAlone) {
  MemoryFileSystem fs;
  fs.add("a.mzr", "alerts   g {\n  alert A {\n");
  auto r = run_cli(fs, {"fmt", "a.mzr"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(fs.files().at("a.mzr"), "alerts   g {\n  alert A {\n");
}

TEST(Fmt, RefusesToDropAComment) {
  MemoryFileSystem fs;
  std::string text = "alerts g # header comment\n  every 1m {\n  alert A { expr up == 0 }\n}\n";
  fs.add("a.mzr", text);
  auto r = run_cli(fs, {"fmt", "--format=github", "a.mzr"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out,
            "::error file=a.mzr,line=1,col=10,endLine=1,endColumn=26,title=E0712::this comment has "
            "no place in the formatted file; move it onto its own line before a block, a rule or a "
            "field\n");
  EXPECT_EQ(fs.files().at("a.mzr"), text);
}

TEST(Fmt, LongLabelMapsGoOnePairALine) {
  MemoryFileSystem fs;
  fs.add(
      "a.mzr",
      "alerts g {\n  alert A {\n    expr up == 0\n    labels { severity = \"critical\", "
      "team = \"database-reliability\", component = \"storage-controller\", x = \"y\" }\n  }\n}\n");
  ASSERT_EQ(run_cli(fs, {"fmt", "a.mzr"}).code, 0);
  EXPECT_EQ(
      fs.files().at("a.mzr"),
      "alerts g {\n  alert A {\n    expr up == 0\n    labels {\n      severity = \"critical\"\n"
      "      team = \"database-reliability\"\n      component = \"storage-controller\"\n"
      "      x = \"y\"\n    }\n  }\n}\n");
}

TEST(Fmt, ExpressionsOnTheirOwnLinesKeepTheirShape) {
  MemoryFileSystem fs;
  std::string text =
      "rules r {\n  record a:b:c =\n        sum by (job) (\n          rate(x[5m])\n        )\n}\n";
  fs.add("a.mzr", text);
  ASSERT_EQ(run_cli(fs, {"fmt", "a.mzr"}).code, 0);
  EXPECT_EQ(fs.files().at("a.mzr"),
            "rules r {\n  record a:b:c =\n    sum by (job) (\n      rate(x[5m])\n    )\n}\n");
}

// -- Loki groups, stream catalogs and the stack's Loki settings ---------------------------------

constexpr const char* kLokiMessy =
    "# streams\n"
    "streams   pods {namespace,pod ,container}   # trailing\n"
    "streams wide { namespace, pod, container, app, job, node, instance, stream, service_name,"
    " cluster, region }\n"
    "loki   alerts  logs.panics every 1m   tenant \"loki\" {\n"
    "  # leading\n"
    "  alert P {\n"
    "     expr sum by (namespace) (\n"
    "            count_over_time({container=\"x\"} |= \"panicked at\" [5m])\n"
    "          ) > 0\n"
    "    labels {severity=\"critical\"}\n"
    "  }\n"
    "}\n"
    "# between\n"
    "loki rules logs.rates tenant \"t-1\" {\n"
    "  record r:rate5m =   sum(rate({container=\"x\"} [5m]))  # why\n"
    "}\n"
    "stack {\n"
    "  loki {tenant \"loki\"}\n"
    "  thanos { partial_response abort }\n"
    "}\n"
    "stack {\n"
    "  loki { tenant \"loki\"   # the chart's static tenant\n"
    "    alertmanager_url \"http://am:9093\"\n"
    "    # comment inside\n"
    "  }\n"
    "}\n";

constexpr const char* kLokiCanonical =
    "# streams\n"
    "streams pods { namespace, pod, container }  # trailing\n"
    "\n"
    "streams wide {\n"
    "  namespace,\n"
    "  pod,\n"
    "  container,\n"
    "  app,\n"
    "  job,\n"
    "  node,\n"
    "  instance,\n"
    "  stream,\n"
    "  service_name,\n"
    "  cluster,\n"
    "  region\n"
    "}\n"
    "\n"
    "loki alerts logs.panics tenant \"loki\" every 1m {\n"
    "  # leading\n"
    "  alert P {\n"
    "    expr sum by (namespace) (\n"
    "        count_over_time({container=\"x\"} |= \"panicked at\" [5m])\n"
    "      ) > 0\n"
    "    labels { severity = \"critical\" }\n"
    "  }\n"
    "}\n"
    "\n"
    "# between\n"
    "loki rules logs.rates tenant \"t-1\" {\n"
    "  record r:rate5m = sum(rate({container=\"x\"} [5m]))  # why\n"
    "}\n"
    "\n"
    "stack {\n"
    "  loki { tenant \"loki\" }\n"
    "  thanos { partial_response abort }\n"
    "}\n"
    "\n"
    "stack {\n"
    "  loki {\n"
    "    tenant \"loki\"  # the chart's static tenant\n"
    "    alertmanager_url \"http://am:9093\"\n"
    "    # comment inside\n"
    "  }\n"
    "}\n";

TEST(Fmt, LokiBlocksFormatCanonicallyAndKeepComments) {
  MemoryFileSystem fs;
  fs.add("a.mzr", kLokiMessy);
  auto r = run_cli(fs, {"fmt", "a.mzr"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(fs.files().at("a.mzr"), kLokiCanonical);
}

TEST(Fmt, LokiBlocksAreIdempotent) {
  MemoryFileSystem fs;
  fs.add("a.mzr", kLokiCanonical);
  ASSERT_EQ(run_cli(fs, {"fmt", "a.mzr"}).code, 0);
  EXPECT_EQ(fs.files().at("a.mzr"), kLokiCanonical);
  EXPECT_EQ(run_cli(fs, {"fmt", "--check", "a.mzr"}).code, 0);
}

TEST(Fmt, TheRepositorysLogAlertsAreFormatted) {
  RealFileSystem fs(testing::source_dir());
  auto r = run_cli(fs, {"fmt", "--check", "alerts/logs.mzr", "alerts/stack.mzr"});
  EXPECT_EQ(r.code, 0) << r.err;
}

constexpr const char* kDashboardMessy =
    "# dash\n"
    "dashboard   d   \"D\" {\n"
    "tags a,b\n"
    "   variable x = label_values(up, job)\n"
    "  variable y {   custom a, b }\n"
    "  # a row\n"
    "  row \"R\" {\n"
    "  stat \"S\" { unit short\n"
    "      query sum(up)\n"
    "      legend \"{{job}}\" }\n"
    "      timeseries \"T\" {\n"
    "        query sum by (job) (\n"
    "                 rate(x_total[5m])\n"
    "              )\n"
    "        thresholds green, 80 red  # steps\n"
    "        options { legend { displayMode table } tooltip { mode multi } }\n"
    "      }\n"
    "  }\n"
    "}\n";

constexpr const char* kDashboardCanonical =
    "# dash\n"
    "dashboard d \"D\" {\n"
    "  tags a, b\n"
    "\n"
    "  variable x = label_values(up, job)\n"
    "  variable y { custom a, b }\n"
    "\n"
    "  # a row\n"
    "  row \"R\" {\n"
    "    stat \"S\" {\n"
    "      unit short\n"
    "      query sum(up)\n"
    "      legend \"{{job}}\"\n"
    "    }\n"
    "\n"
    "    timeseries \"T\" {\n"
    "      query sum by (job) (\n"
    "           rate(x_total[5m])\n"
    "        )\n"
    "      thresholds green, 80 red  # steps\n"
    "      options { legend { displayMode table }  tooltip { mode multi } }\n"
    "    }\n"
    "  }\n"
    "}\n";

TEST(Fmt, DashboardsFormatCanonicallyAndKeepComments) {
  MemoryFileSystem fs;
  fs.add("d.mzr", kDashboardMessy);
  auto r = run_cli(fs, {"fmt", "d.mzr"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(fs.files().at("d.mzr"), kDashboardCanonical);
  ASSERT_EQ(run_cli(fs, {"fmt", "d.mzr"}).code, 0);
  EXPECT_EQ(fs.files().at("d.mzr"), kDashboardCanonical) << "formatting twice changes nothing";
}

TEST(Fmt, TheRepositorysSourcesAreFormatted) {
  RealFileSystem fs(testing::source_dir());
  std::vector<std::string> args = {"fmt", "--check"};
  for (const char* dir : {"rules", "alerts", "dashboards"}) {
    for (const std::string& name : fs.list(dir)) {
      if (name.ends_with(".mzr")) args.push_back(std::string(dir) + "/" + name);
    }
  }
  ASSERT_GT(args.size(), 10u);
  auto r = run_cli(fs, args);
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace mzr
