#pragma once
// Running a conformance file's cases and comparing the failures with a list of known ones.

#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/require.h"

namespace mzr::testing {

nlohmann::json load_cases(const std::string& path);

struct Tally {
  size_t total = 0, passed = 0, known = 0, skipped = 0;
  std::vector<std::string> unexpected;  // failed and not listed: "name: why"
  std::vector<std::string> fixed;       // listed but passing
  bool clean() const { return unexpected.empty() && fixed.empty(); }
  std::string summary() const;
  std::string report() const;
};

inline nlohmann::json load_cases(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

inline std::string Tally::summary() const {
  std::ostringstream s;
  s << passed << "/" << total << " pass";
  if (known > 0) s << ", " << known << " known failures";
  if (skipped > 0) s << ", " << skipped << " skipped";
  return s.str();
}

inline std::string Tally::report() const {
  std::ostringstream s;
  for (const auto& u : unexpected) s << "FAIL " << u << "\n";
  for (const auto& f : fixed) s << "NOW PASSES (remove from the known list) " << f << "\n";
  return s.str();
}

inline Tally run_cases(const nlohmann::json& cases, const std::string& name_key,
                       const std::function<std::string(const nlohmann::json&)>& run,
                       const std::map<std::string, std::string>& known) {
  Tally t;
  std::map<std::string, int> seen;
  for (const auto& c : cases) {
    std::string name = c.value(name_key, std::string("?"));
    int n = ++seen[name];
    if (n > 1) name += " #" + std::to_string(n);
    ++t.total;
    std::string why;
    try {
      why = run(c);
    } catch (const std::exception& e) {
      why = std::string("exception: ") + e.what();
    }
    bool listed = known.count(name) > 0;
    if (why.starts_with("SKIP: ")) {
      // What a case needs and cannot find is a failure in CI, as for every other test.
      if (in_ci()) {
        t.unexpected.push_back(name + ": " + why.substr(6) + " (required: CI is set)");
      } else {
        ++t.skipped;
      }
      continue;
    }
    if (why.empty()) {
      ++t.passed;
      if (listed) t.fixed.push_back(name);
    } else if (listed) {
      ++t.known;
    } else {
      t.unexpected.push_back(name + ": " + why);
    }
  }
  return t;
}

}  // namespace mzr::testing
