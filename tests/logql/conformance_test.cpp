// Loki's own parser test cases (corpus/conformance/logql-parse-cases.json): the verdict of
// mzrules must agree with Loki's on every case.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "tests/logql/logql_test_util.h"
#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr::logql {
namespace {

std::string base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, buffer = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

bool is_syntax_error(DiagKind k) {
  switch (k) {
    case DiagKind::LogqlSyntax:
    case DiagKind::LogqlBadLiteral:
    case DiagKind::LogqlInvalidUtf8:
    case DiagKind::LogqlTooComplex:
    case DiagKind::LogqlEmpty:
    case DiagKind::LogqlInvalidFlag: return true;
    default: return false;
  }
}

// The verdict for one case, by the upstream entry point the case was written for.
bool verdict(const std::string& input, const std::string& entry) {
  auto p = testing::parse(input);
  const ParseResult& r = p->result;
  if (entry == "expr") return r.ok;
  if (entry == "sample_expr") return r.ok && r.metric_query;
  if (entry == "log_selector") return r.ok && !r.metric_query;
  if (entry == "log_selector_novalidate") {
    for (const Diagnostic& d : p->diags.all()) {
      if (is_syntax_error(d.kind)) return false;
    }
    return r.root != nullptr && !r.metric_query;
  }
  if (entry == "matchers") {
    const auto* log = as<LogExpr>(r.root);
    return r.ok && log != nullptr && log->stages.empty();
  }
  ADD_FAILURE() << "unknown entry " << entry;
  return false;
}

TEST(LogqlConformance, LokiParseCases) {
  MZR_REQUIRE_CORPUS(corpus);
  std::ifstream in(corpus + "/conformance/logql-parse-cases.json");
  ASSERT_TRUE(in.good());
  nlohmann::json cases = nlohmann::json::parse(in);
  size_t agree = 0;
  std::vector<std::string> disagreements;
  for (const auto& c : cases) {
    std::string input = c.contains("input") ? c["input"].get<std::string>()
                                            : base64_decode(c["input_base64"].get<std::string>());
    bool expected = c["valid"].get<bool>();
    bool got = verdict(input, c["entry"].get<std::string>());
    if (got == expected) {
      ++agree;
    } else {
      disagreements.push_back(fmt::format("{} (Loki: {}, mzrules: {}) [{}]", input,
                                          expected ? "valid" : "invalid", got ? "valid" : "invalid",
                                          c["entry"].get<std::string>()));
    }
  }
  std::cout << "LogQL conformance: " << agree << "/" << cases.size() << " cases agree with Loki\n";
  RecordProperty("agreement", fmt::format("{}/{}", agree, cases.size()));
  EXPECT_EQ(cases.size(), 231u);
  std::string listed;
  for (const std::string& d : disagreements) listed += d + "\n";
  EXPECT_EQ(listed, "");
}

}  // namespace
}  // namespace mzr::logql
