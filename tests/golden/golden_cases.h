#pragma once
// The golden cases of tests/testdata, found from the directory tree (see golden_test.cpp).

#include <string>
#include <vector>

namespace mzr::testing {

struct GoldenCase {
  std::string area;    // folder of tests/testdata
  std::string input;   // file or folder name inside the area
  std::string format;  // "human", "json", ...
};

// Every case, sorted by area, input and format ("human" first).
std::vector<GoldenCase> golden_cases();

// tests/testdata/<area>/<input>.golden for human output, <input>.<format>.golden otherwise.
std::string golden_path(const GoldenCase& c);

// "<area>/<input>[<format>]"
std::string golden_test_name(const GoldenCase& c);

// Expectation files whose input no longer exists.
std::vector<std::string> orphaned_goldens();

}  // namespace mzr::testing
