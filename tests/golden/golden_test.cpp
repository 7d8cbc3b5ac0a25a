// Golden tests: every input under tests/testdata/<area>/ is checked with `mzrules check` and the
// output (stdout, stderr, exit code) is compared byte-for-byte with the expectation beside it:
// `<input>.golden` for human output, `<input>.<format>.golden` for the other formats.
//
// The areas are the folders of tests/testdata that hold expectations; an area's formats are the
// formats its expectations name, and every input of the area is checked in each of them. Each
// case is a test of its own named `golden.<area>/<input>[<format>]`, the same on every run.
// MZRULES_UPDATE_GOLDEN=1 rewrites the expectations (tests/golden_file.h).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "tests/golden/golden_cases.h"
#include "tests/golden_file.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;

class GoldenTest : public ::testing::Test {
 public:
  explicit GoldenTest(testing::GoldenCase c) : c_(std::move(c)) {}

  void TestBody() override {
    RealFileSystem files(testing::source_dir() + "/tests/testdata/" + c_.area);
    auto r = testing::run_cli(files, {"check", "--format=" + c_.format, "--color=never", c_.input});
    std::string actual = r.out + r.err + "exit " + std::to_string(r.code) + "\n";
    testing::expect_golden(testing::golden_path(c_), actual);
  }

 private:
  testing::GoldenCase c_;
};

// Registered while the test program starts, as the TEST macros register theirs.
const bool kRegistered = [] {
  for (const testing::GoldenCase& c : testing::golden_cases()) {
    ::testing::RegisterTest("golden", testing::golden_test_name(c).c_str(), nullptr, nullptr,
                            __FILE__, __LINE__,
                            [c]() -> ::testing::Test* { return new GoldenTest(c); });
  }
  return true;
}();

// The discovery finds the areas and their inputs; a broken walk would check nothing.
TEST(GoldenFiles, AreasAndFormatsAreFound) {
  std::set<std::string> areas;
  std::set<std::string> render_formats;
  for (const testing::GoldenCase& c : testing::golden_cases()) {
    areas.insert(c.area);
    if (c.area == "render") render_formats.insert(c.format);
  }
  for (const char* a : {"input", "yaml", "rulefmt", "legacy_names", "render", "promql_rules", "mzr",
                        "rule_lints", "jsonnet", "dashboards", "loki"}) {
    EXPECT_TRUE(areas.count(a)) << "no golden cases in tests/testdata/" << a;
  }
  EXPECT_EQ(render_formats, (std::set<std::string>{"github", "human", "json", "sarif"}));
  EXPECT_GE(testing::golden_cases().size(), 130u);
}

// Every expectation belongs to an input that still exists.
TEST(GoldenFiles, NoOrphans) {
  for (const std::string& orphan : testing::orphaned_goldens()) {
    ADD_FAILURE() << "orphaned golden file " << orphan;
  }
}

}  // namespace
}  // namespace mzr
