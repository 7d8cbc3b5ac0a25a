// Every case of Prometheus' own parser test table (corpus/conformance/promql-parse-cases.json):
// the valid/invalid verdict must agree, with exactly the feature gates the case needs.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/promql/promql_test_util.h"
#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr::testing {
namespace {

std::string decode_base64(const std::string& in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0;
  unsigned buffer = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string feature_name(const std::string& need) {
  if (need == "duration_expr") return "promql-duration-expr";
  if (need == "experimental_functions") return "promql-experimental-functions";
  if (need == "extended_range_selectors") return "promql-extended-range-selectors";
  if (need == "binop_fill_modifiers") return "promql-binop-fill-modifiers";
  return need;
}

TEST(PromqlConformance, ParseCasesAgreeWithPrometheus) {
  MZR_REQUIRE_CORPUS(corpus);
  auto cases = nlohmann::json::parse(read_file(corpus + "/conformance/promql-parse-cases.json"));
  ASSERT_EQ(cases.size(), 364u);

  size_t agree = 0;
  std::vector<std::string> disagreements;
  for (const auto& c : cases) {
    std::string input = c.contains("input") ? c["input"].get<std::string>()
                                            : decode_base64(c["input_base64"].get<std::string>());
    std::set<std::string> features;
    for (const auto& n : c["needs"]) features.insert(feature_name(n.get<std::string>()));
    bool valid = c["valid"].get<bool>();
    PromqlRun run;
    run_promql(run, input, features);
    bool ours = !run.diags.has_errors();
    // A valid expression must also have a tree and a type; an invalid one must say why.
    EXPECT_EQ(ours, run.result.ok) << input;
    if (ours == valid) {
      ++agree;
    } else {
      disagreements.push_back((valid ? "rejected valid: " : "accepted invalid: ") +
                              input.substr(0, 120) + (ours ? "" : "  [" + run.first() + "]"));
    }
  }
  std::cout << "PromQL conformance: " << agree << "/" << cases.size()
            << " cases agree with Prometheus\n";
  for (const std::string& d : disagreements) std::cout << "  " << d << "\n";
  EXPECT_EQ(agree, cases.size());
}

}  // namespace
}  // namespace mzr::testing
