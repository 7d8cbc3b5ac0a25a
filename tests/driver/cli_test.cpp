// The command line: commands, help, exit codes, and file-level errors that golden files cannot
// hold (missing paths, empty directories, settings).

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

TEST(Cli, NoArgumentsPrintsUsageAndFails) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("Usage: mzrules <command>"), std::string::npos);
}

TEST(Cli, HelpListsEveryCommand) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* c : {"check", "build", "test", "routes", "fmt", "expr", "explain", "version"}) {
    EXPECT_NE(r.out.find(std::string("  ") + c + " "), std::string::npos) << c;
  }
}

TEST(Cli, CommandHelp) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"check", "--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("--format"), std::string::npos);
}

TEST(Cli, UnknownOptionIsUsageError) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"check", "--frmat=json"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("Run 'mzrules check --help' for usage."), std::string::npos);
}

TEST(Cli, BadFormatValueIsUsageError) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"check", "--format=xml", "a.yaml"});
  EXPECT_EQ(r.code, 2);
}

TEST(Cli, Version) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("mzrules ", 0), 0u);
}

TEST(Cli, ExplainKnownCode) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"explain", "e0102"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(
      r.out.rfind("E0102 (YamlDuplicateKey, error by default)\n\nA mapping has the same key twice.",
                  0),
      0u);
}

TEST(Cli, ExplainUnknownCodeSuggests) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"explain", "X0102"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "mzrules explain: unknown diagnostic code 'X0102', did you mean 'E0102'?\n");
}

TEST(Cli, ExplainListsEveryCode) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"explain", "--list"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("E0001  error    FileNotFound\n"), std::string::npos);
}

TEST(Cli, MissingFile) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"check", "--format=human", "nope.yaml"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            "mzrules: error[E0001]: no such file or directory: 'nope.yaml'\n1 error, 0 warnings\n");
}

TEST(Cli, DirectoryWithoutSources) {
  MemoryFileSystem fs;
  fs.add("docs/readme.md", "# nothing\n");
  auto r = run_cli(fs, {"check", "docs"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(
      r.err,
      "mzrules: error[E0004]: directory 'docs' contains no source files\n1 error, 0 warnings\n");
}

TEST(Cli, DirectoriesAreSearchedRecursivelyInOrder) {
  MemoryFileSystem fs;
  fs.add("rules/b/x.yaml", "groups:\n  - name: a\n");
  fs.add("rules/a.yml", "groups:\n  - name: a\n");
  fs.add("rules/.hidden/c.yaml", "groups: {");
  fs.add("rules/notes.txt", "not a source");
  auto r = run_cli(fs, {"check", "--format=github", "rules"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out,
            "::warning file=rules/a.yml,line=2,col=11,endLine=2,endColumn=12,title=W0314::rule "
            "group 'a' has no rules\n"
            "::warning file=rules/b/x.yaml,line=2,col=11,endLine=2,endColumn=12,title=W0314::rule "
            "group 'a' has no rules\n");
}

TEST(Cli, CheckWithoutPathsUsesSettings) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [team]\n");
  fs.add(
      "team/r.yaml",
      "groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n        for: 5m\n");
  fs.add("rules/ignored.yaml", "groups: {");
  auto r = run_cli(fs, {"check", "--format=json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("\"file\": \"team/r.yaml\""), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("ignored"), std::string::npos);
}

TEST(Cli, SettingsChangeDiagnosticLevels) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "diagnostics:\n  W0314: error\n");
  fs.add("r.yaml", "groups:\n  - name: a\n");
  EXPECT_EQ(run_cli(fs, {"check", "r.yaml"}).code, 1);
  fs.add("mzrules.yaml", "diagnostics:\n  W0314: off\n");
  auto r = run_cli(fs, {"check", "r.yaml"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err,
            "checked 1 file: 1 rule group, 0 rules (0 alerts), 0 dashboards, 0 routes, 0 tests\n");
}

// An output folder that climbs out of the repository is refused where it is set, for each form.
TEST(Cli, OutputMustStayInsideTheRepository) {
  for (const char* output : {"../elsewhere", "out/../../x", "..", "/tmp/out"}) {
    MemoryFileSystem fs;
    fs.add("mzrules.yaml", fmt::format("output: '{}'\n", output));
    fs.add("r.yaml", "groups: []\n");
    auto r = run_cli(fs, {"check", "--format=github", "r.yaml"});
    EXPECT_EQ(r.code, 1) << output;
    EXPECT_NE(r.out.find("title=E0201::'output' must be a relative path inside the repository"),
              std::string::npos)
        << output << ": " << r.out;
  }
}

TEST(Cli, SettingsErrors) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml",
         "sources: rules\nnames: ascii\noutput: /tmp\ndiagnostics:\n  E0101: warning\n  W9999: "
         "off\n  W0314: loud\nextra: 1\n");
  fs.add("r.yaml", "groups: []\n");
  auto r = run_cli(fs, {"check", "--format=github", "r.yaml"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out,
            "::error file=mzrules.yaml,line=1,col=10,endLine=1,endColumn=15,title=E0201::'sources' "
            "must be a list of paths\n"
            "::error file=mzrules.yaml,line=2,col=8,endLine=2,endColumn=13,title=E0201::'names' "
            "must be 'utf8' or 'legacy', not 'ascii'\n"
            "::error file=mzrules.yaml,line=3,col=9,endLine=3,endColumn=13,title=E0201::'output' "
            "must be a relative path inside the repository\n"
            "::error file=mzrules.yaml,line=5,col=3,endLine=5,endColumn=8,title=E0202::'E0101' is "
            "an error; errors cannot be re-levelled\n"
            "::error file=mzrules.yaml,line=6,col=3,endLine=6,endColumn=8,title=E0202::unknown "
            "diagnostic code 'W9999'\n"
            "::error file=mzrules.yaml,line=7,col=10,endLine=7,endColumn=14,title=E0201::level "
            "must be one of off, info, warning, error; not 'loud'\n"
            "::error file=mzrules.yaml,line=8,col=1,endLine=8,endColumn=6,title=E0106::unknown "
            "field 'extra' in the project settings\n");
}

TEST(Cli, HugeFileIsRefused) {
  MemoryFileSystem fs;
  fs.add("big.yaml", std::string(65u << 20, '#'));
  auto r = run_cli(fs, {"check", "big.yaml"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("error[E0005]: 'big.yaml' is 68157440 bytes"), std::string::npos) << r.err;
}

TEST(Cli, JsonOutputIsAnArrayEvenWhenClean) {
  MemoryFileSystem fs;
  fs.add("r.yaml",
         "groups:\n  - name: a\n    rules:\n      - record: job:up:count\n        expr: count by "
         "(job) (up)\n");
  auto r = run_cli(fs, {"check", "--format=json", "r.yaml"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "[]\n");
}

}  // namespace
}  // namespace mzr

namespace mzr {
namespace {

TEST(CliExpr, LogqlQueryKindAndLabels) {
  MemoryFileSystem fs;
  auto r = testing::run_cli(
      fs, {"expr", "--lang", "logql", "sum by (job) (count_over_time({app=\"x\"} | json [5m]))"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "metric query {job}\n");
}

TEST(CliExpr, JsonLinesFromStandardInput) {
  MemoryFileSystem fs;
  auto r =
      testing::run_cli(fs, {"expr", "--jsonl"},
                       "{\"expr\": \"sum by (job) (rate(x[5m]))\"}\n{\"expr\": \"rate(x)\"}\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "{\"valid\":true,\"type\":\"instant "
            "vector\",\"labels\":{\"closed\":true,\"names\":[\"job\"]},"
            "\"diagnostics\":[]}");
  EXPECT_NE(r.out.find("\"code\":\"E0407\""), std::string::npos) << r.out;
}

TEST(CliExpr, FollowsTheProjectsFeatureSettings) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "promql:\n  features: [promql-experimental-functions]\n");
  EXPECT_EQ(testing::run_cli(fs, {"expr", "sort_by_label(up, \"job\")"}).code, 0);
  fs.add("mzrules.yaml", "promql:\n  features: []\n");
  EXPECT_EQ(testing::run_cli(fs, {"expr", "sort_by_label(up, \"job\")"}).code, 1);
}

}  // namespace
}  // namespace mzr
