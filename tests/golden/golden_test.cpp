// Golden tests: every input under tests/testdata/<area>/ is checked with `mzrules check` and the
// output (stdout, stderr, exit code) is compared byte-for-byte with the expectation beside it:
// `<input>.golden` for human output, `<input>.<format>.golden` for the other formats.
// Set MZRULES_UPDATE_GOLDEN=1 to rewrite the expectations from the current output.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;

struct Area {
  std::string name;
  std::vector<std::string> formats;  // "human" first when present
};

const std::vector<Area>& areas() {
  static const std::vector<Area> list = {
      {"input", {"human"}},
      {"yaml", {"human"}},
      {"rulefmt", {"human"}},
      {"legacy_names", {"human"}},
      {"render", {"human", "json", "github", "sarif"}},
      {"promql_rules", {"human"}},
      {"mzr", {"human"}},
      {"rule_lints", {"human"}},
      {"jsonnet", {"human"}},
      {"dashboards", {"human"}},
      {"loki", {"human"}},
  };
  return list;
}

struct GoldenCase {
  std::string area;
  std::string input;  // file name inside the area
  std::string format;
};

std::string golden_path(const GoldenCase& c) {
  std::string base = testing::source_dir() + "/tests/testdata/" + c.area + "/" + c.input;
  return c.format == "human" ? base + ".golden" : base + "." + c.format + ".golden";
}

std::vector<GoldenCase> all_cases() {
  std::vector<GoldenCase> cases;
  for (const Area& a : areas()) {
    fs::path dir = fs::path(testing::source_dir()) / "tests" / "testdata" / a.name;
    std::vector<std::string> inputs;
    for (const auto& e : fs::directory_iterator(dir)) {
      std::string name = e.path().filename().string();
      if (name.ends_with(".golden") || name == "mzrules.yaml" || name == "README.md") continue;
      inputs.push_back(name);
    }
    std::sort(inputs.begin(), inputs.end());
    for (const std::string& in : inputs) {
      for (const std::string& f : a.formats) cases.push_back({a.name, in, f});
    }
  }
  return cases;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, MatchesExpectation) {
  const GoldenCase& c = GetParam();
  RealFileSystem files(testing::source_dir() + "/tests/testdata/" + c.area);
  auto r = testing::run_cli(files, {"check", "--format=" + c.format, "--color=never", c.input});
  std::string actual = r.out + r.err + "exit " + std::to_string(r.code) + "\n";
  std::string path = golden_path(c);
  if (const char* update = std::getenv("MZRULES_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << "missing " << path << "; run with MZRULES_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, testing::read_file(path)) << "golden file: " << path;
}

std::string case_name(const ::testing::TestParamInfo<GoldenCase>& info) {
  std::string n = info.param.area + "_" + info.param.input + "_" + info.param.format;
  for (char& ch : n) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Files, Golden, ::testing::ValuesIn(all_cases()), case_name);

// Every golden file belongs to an input that still exists.
TEST(GoldenFiles, NoOrphans) {
  for (const Area& a : areas()) {
    fs::path dir = fs::path(testing::source_dir()) / "tests" / "testdata" / a.name;
    for (const auto& e : fs::directory_iterator(dir)) {
      std::string name = e.path().filename().string();
      if (!name.ends_with(".golden")) continue;
      std::string stem = name.substr(0, name.size() - 7);
      for (const std::string& f : a.formats) {
        if (stem.ends_with("." + f)) stem = stem.substr(0, stem.size() - f.size() - 1);
      }
      EXPECT_TRUE(fs::exists(dir / stem)) << "orphaned golden file " << e.path();
    }
  }
}

}  // namespace
}  // namespace mzr
