// Prometheus' own engine tests (corpus/conformance/promqltest/*.test), run with mzrules'
// evaluator: one test per script. The evals known to fail are listed, each with its reason, in
// promqltest_known_failures.txt; a test fails when an eval fails that is not listed, and when a
// listed eval passes (so the list stays honest).

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "tests/eval/promqltest_runner.h"
#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr::testing {
namespace {

// script name → line → reason, from lines `script.test:LINE  category: reason`.
std::map<std::string, std::map<int, std::string>> known_failures() {
  std::map<std::string, std::map<int, std::string>> out;
  std::ifstream in(source_dir() + "/tests/eval/promqltest_known_failures.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t colon = line.find(':');
    size_t space = line.find_first_of(" \t");
    if (colon == std::string::npos || space == std::string::npos || space < colon) continue;
    std::string script = line.substr(0, colon);
    int number = std::atoi(line.c_str() + colon + 1);
    out[script][number] = line.substr(space + 1);
  }
  return out;
}

void run_script(const std::string& file) {
  MZR_REQUIRE_CORPUS(corpus);
  std::ifstream in(corpus + "/conformance/promqltest/" + file);
  ASSERT_TRUE(in) << file << " is missing from the corpus";
  std::stringstream text;
  text << in.rdbuf();
  ScriptReport r = run_promqltest(text.str());
  ASSERT_TRUE(r.fatal.empty()) << file << ": " << r.fatal;
  ASSERT_GT(r.evals, 0) << file << ": no eval was read";
  std::map<int, std::string> known = known_failures()[file];
  std::set<int> failing;
  for (const EvalFailure& f : r.failures) {
    failing.insert(f.line);
    if (!known.count(f.line)) ADD_FAILURE() << file << ":" << f.line << ": " << f.message;
  }
  for (const auto& [line, reason] : known) {
    if (!failing.count(line)) {
      ADD_FAILURE() << file << ":" << line << " is listed as failing (" << reason
                    << ") but passes now: remove it from promqltest_known_failures.txt";
    }
  }
  std::printf("%s: %d/%d evals pass (float-only %d/%d)\n", file.c_str(), r.passed, r.evals,
              r.float_passed, r.float_evals);
}

TEST(promqltest, aggregators) {
  run_script("aggregators.test");
}
TEST(promqltest, at_modifier) {
  run_script("at_modifier.test");
}
TEST(promqltest, collision) {
  run_script("collision.test");
}
TEST(promqltest, duration_expression) {
  run_script("duration_expression.test");
}
TEST(promqltest, extended_vectors) {
  run_script("extended_vectors.test");
}
TEST(promqltest, fill_modifier) {
  run_script("fill-modifier.test");
}
TEST(promqltest, functions) {
  run_script("functions.test");
}
TEST(promqltest, histograms) {
  run_script("histograms.test");
}
TEST(promqltest, info) {
  run_script("info.test");
}
TEST(promqltest, limit) {
  run_script("limit.test");
}
TEST(promqltest, literals) {
  run_script("literals.test");
}
TEST(promqltest, name_label_dropping) {
  run_script("name_label_dropping.test");
}
TEST(promqltest, native_histograms) {
  run_script("native_histograms.test");
}
TEST(promqltest, operators) {
  run_script("operators.test");
}
TEST(promqltest, range_queries) {
  run_script("range_queries.test");
}
TEST(promqltest, selectors) {
  run_script("selectors.test");
}
TEST(promqltest, staleness) {
  run_script("staleness.test");
}
TEST(promqltest, start_timestamps) {
  run_script("start_timestamps.test");
}
TEST(promqltest, subquery) {
  run_script("subquery.test");
}
TEST(promqltest, trig_functions) {
  run_script("trig_functions.test");
}
TEST(promqltest, type_and_unit) {
  run_script("type_and_unit.test");
}

// The runner itself: a wrong expectation is reported, so a passing script means something.
TEST(promqltestRunner, ReportsAWrongValue) {
  ScriptReport r = run_promqltest(
      "load 1m\n  m{a=\"1\"} 1 2 3\n\neval instant at 2m m\n  m{a=\"1\"} 4\n\n"
      "eval instant at 2m m\n  m{a=\"1\"} 3\n\neval range from 0 to 2m step 1m m\n"
      "  m{a=\"1\"} 1 2 3\n\neval instant at 1m sum(m)\n  {} 2\n");
  ASSERT_TRUE(r.fatal.empty()) << r.fatal;
  EXPECT_EQ(r.evals, 4);
  EXPECT_EQ(r.passed, 3);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].line, 4);
}

}  // namespace
}  // namespace mzr::testing
