// Every diagnostic code in the registry is exercised by at least one test: a golden expectation
// or a test source that names it.

#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/base/diagnostics.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;

TEST(DiagnosticRegistry, CodesAreUniqueAndWellFormed) {
  std::set<std::string_view> codes;
  for (const DiagInfo& d : all_diags()) {
    EXPECT_TRUE(codes.insert(d.code).second) << "duplicate code " << d.code;
    ASSERT_EQ(d.code.size(), 5u) << d.code;
    char letter = d.code[0];
    Severity expected = letter == 'E'   ? Severity::Error
                        : letter == 'W' ? Severity::Warning
                                        : Severity::Info;
    EXPECT_EQ(d.severity, expected) << d.code << ": the letter names the default severity";
    EXPECT_FALSE(d.explanation.empty()) << d.code;
  }
}

TEST(DiagnosticRegistry, EveryCodeIsTested) {
  std::string corpus;
  for (const auto& e : fs::recursive_directory_iterator(testing::source_dir() + "/tests")) {
    if (!e.is_regular_file()) continue;
    std::string name = e.path().filename().string();
    if (name.ends_with(".golden") || name.ends_with("_test.cpp"))
      corpus += testing::read_file(e.path().string());
  }
  for (const DiagInfo& d : all_diags()) {
    EXPECT_NE(corpus.find(std::string(d.code)), std::string::npos)
        << d.code << " (" << d.name << ") appears in no golden file or test";
  }
}

}  // namespace
}  // namespace mzr
