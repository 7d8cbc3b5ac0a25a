#pragma once
// What a test needs from outside the repository: the shared corpus, a real tool, an environment
// variable. Without it the test is skipped where a person runs the suite (and ctest shows the
// skip), but fails in CI (the `CI` environment variable is set), where a missing dependency is a
// broken setup and a skip would pass a suite that checked nothing.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "tests/test_support.h"

namespace mzr::testing {

// Where the shared corpus is looked for: $MZR_CORPUS_DIR when set (to run the corpus tests
// against another copy, or to see them fail without one), else ../shared/corpus beside the
// repository. corpus_dir() (test_support.h) is this path when it is a directory.
std::string corpus_location();

// True when the `CI` environment variable is set to anything but "" or "0".
bool in_ci();

// The full path of `name` on PATH (an executable regular file), or nullopt.
std::optional<std::string> find_program(const std::string& name);

}  // namespace mzr::testing

// Ends the current test because `what` (a message) is unavailable: a failure in CI, a skip
// elsewhere. Only for test bodies and void helpers.
#define MZR_UNAVAILABLE(what)                                                      \
  do {                                                                             \
    if (::mzr::testing::in_ci()) {                                                 \
      GTEST_FAIL() << (what) << " (required: the CI environment variable is set)"; \
    } else {                                                                       \
      GTEST_SKIP() << (what);                                                      \
    }                                                                              \
  } while (false)

// Declares `var` as the path of the shared corpus, or ends the test as MZR_UNAVAILABLE does.
#define MZR_REQUIRE_CORPUS(var)                                                                 \
  const auto var##_found = ::mzr::testing::corpus_dir();                                        \
  if (!var##_found)                                                                             \
    MZR_UNAVAILABLE("the shared corpus (" + ::mzr::testing::corpus_location() + ") is absent"); \
  const std::string& var = *var##_found

// Declares `var` as the full path of the program `name` on PATH, or ends the test.
#define MZR_REQUIRE_PROGRAM(var, name)                                      \
  const auto var##_found = ::mzr::testing::find_program(name);              \
  if (!var##_found) MZR_UNAVAILABLE(std::string(name) + " is not on PATH"); \
  const std::string& var = *var##_found
