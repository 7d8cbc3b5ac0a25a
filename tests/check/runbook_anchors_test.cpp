// Runbook URLs that point into the repository: the anchors of Markdown headings as GitHub makes
// them, and the check of files and anchors through the CLI.

#include "compiler/check/runbook_anchors.h"

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

TEST(RunbookAnchors, HeadingAnchorsAsGitHubMakesThem) {
  EXPECT_EQ(github_heading_anchor("CockroachdbDiskUsageHigh"), "cockroachdbdiskusagehigh");
  EXPECT_EQ(github_heading_anchor("What it means: `up` == 0!"), "what-it-means-up--0");
  EXPECT_EQ(github_heading_anchor("snake_case and-dash"), "snake_case-and-dash");
  EXPECT_EQ(github_heading_anchor("Überblick (v2.1)"), "Überblick-v21");
}

TEST(RunbookAnchors, MarkdownHeadings) {
  EXPECT_EQ(markdown_anchors("# Title\ntext\n## A\n### A ###\n#NoSpace\n    # indented code\n"
                             "```\n# in a fence\n```\n  ## Indented A\n"),
            (std::vector<std::string>{"title", "a", "a-1", "indented-a"}));
  EXPECT_TRUE(markdown_anchors("").empty());
  EXPECT_EQ(markdown_anchors("####### seven\n###### six"), (std::vector<std::string>{"six"}));
}

constexpr const char* kSettings =
    "sources: [alerts]\n"
    "rules:\n"
    "  runbook_base: \"https://github.com/org/repo/blob/main/\"\n";

std::string rule(const std::string& url) {
  return "groups:\n"
         "- name: g\n"
         "  rules:\n"
         "  - alert: A\n"
         "    expr: up == 0\n"
         "    annotations:\n"
         "      runbook_url: \"" +
         url + "\"\n";
}

testing::RunResult check(const std::string& url, const std::string& settings = kSettings) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", settings);
  fs.add("docs/runbooks/db.md", "# Database\n\n## A\n\nWhat it means.\n");
  fs.add("alerts/a.yaml", rule(url));
  return testing::run_cli(fs, {"check", "--color=never"});
}

TEST(RunbookAnchors, ExistingAnchorPasses) {
  auto r = check("https://github.com/org/repo/blob/main/docs/runbooks/db.md#a");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  r = check("https://github.com/org/repo/blob/main/docs/runbooks/db.md");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
}

TEST(RunbookAnchors, MissingAnchorIsReportedAtTheRunbookString) {
  auto r = check("https://github.com/org/repo/blob/main/docs/runbooks/db.md#b");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("alerts/a.yaml:7:20: error[E1501]: the runbook of alert 'A' points at "
                       "'#b', but 'docs/runbooks/db.md' has no heading with that anchor"),
            std::string::npos)
      << r.err;
}

TEST(RunbookAnchors, MissingFileIsReported) {
  auto r = check("https://github.com/org/repo/blob/main/docs/runbooks/none.md#a");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("alerts/a.yaml:7:20: error[E1500]: the runbook of alert 'A' points into "
                       "this repository, but 'docs/runbooks/none.md' does not exist"),
            std::string::npos)
      << r.err;
  // A path that climbs out of the repository is never read.
  r = check("https://github.com/org/repo/blob/main/../secrets.md#a");
  EXPECT_NE(r.err.find("error[E1500]"), std::string::npos) << r.err;
}

TEST(RunbookAnchors, OtherUrlsAndNoBaseAreNotChecked) {
  EXPECT_EQ(check("https://wiki.example.com/runbooks/db.md#b").code, 0);
  auto r =
      check("https://github.com/org/repo/blob/main/docs/runbooks/none.md#a", "sources: [alerts]\n");
  EXPECT_EQ(r.code, 0) << r.out;
}

}  // namespace
}  // namespace mzr
