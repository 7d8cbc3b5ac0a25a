// Differential test against @grafana/lezer-logql, the LogQL grammar of Grafana's query editor:
// both must agree on whether a query is grammatical, over the corpora and mutated variants of
// them. Only the grammar is compared: lezer checks no literal values and none of Loki's rules
// after parsing. Needs node and the package: set MZR_LEZER_LOGQL_DIR to a directory where
// `npm install @grafana/lezer-logql` was run; the test skips otherwise.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/logql/corpus_queries.h"
#include "tests/logql/logql_test_util.h"
#include "tests/test_support.h"

namespace mzr::logql {
namespace {

namespace fs = std::filesystem;

// mzrules' grammar verdict: the query parsed into a tree (literal values may still be wrong).
bool grammatical(const std::string& q) {
  auto p = testing::parse(q);
  if (p->result.root == nullptr) return false;
  for (const Diagnostic& d : p->diags.all()) {
    if (d.kind == DiagKind::LogqlSyntax) return false;
  }
  return true;
}

// Small deterministic edits, the kind a person makes while typing.
std::vector<std::string> mutants(const std::string& q, uint64_t& seed) {
  auto next = [&seed] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(seed >> 33);
  };
  static constexpr std::string_view kInserts = " (){}[]|=~!\"`,+-*#><.5ma";
  std::vector<std::string> out;
  if (q.size() < 2) return out;
  std::string s = q;
  s.erase(next() % s.size(), 1);
  out.push_back(s);
  s = q;
  s.insert(next() % s.size(), 1, kInserts[next() % kInserts.size()]);
  out.push_back(s);
  out.push_back(q.substr(0, next() % q.size()));
  s = q;
  size_t at = next() % (s.size() - 1);
  std::swap(s[at], s[at + 1]);
  out.push_back(s);
  return out;
}

// Where the two grammars legitimately differ. lezer-logql is the editor's grammar and lags
// behind Loki's in places; Loki (pkg/logql/syntax) is the reference. Each reason names the
// construct and which side Loki takes.
std::string difference_reason(const std::string& q, bool ours) {
  struct Reason {
    bool ours;  // mzrules' verdict when this reason applies
    std::regex pattern;
    const char* name;
  };
  static const std::vector<Reason> kReasons = {
      // Loki's scanner skips comments anywhere; lezer only between some tokens.
      {true, std::regex(R"(#|//|/\*)"), "comments (Loki skips them)"},
      // Go number syntax: binary, octal and hexadecimal floats, "1.s", ".5s".
      {true, std::regex(R"(\b0[bBoOxX]|\d\.[a-zA-Z]|(^|[^\w.])\.\d)"),
       "Go number and duration forms (Loki accepts them)"},
      // Two label filters side by side mean `and` in Loki's grammar (syntax.y `labelFilter
      // labelFilter`); lezer requires a connective.
      {true,
       std::regex(R"((["`)]|\d[a-zA-Z]*)\s*)"
                  R"((?!and\b|or\b|unless\b|by\b|without\b|offset\b|bool\b|on\b|ignoring\b|group_))"
                  R"([A-Za-z_]\w*\s*(=|!=|=~|!~|>|<))"),
       "juxtaposed label filters (Loki accepts them)"},
      // Loki accepts ip() anywhere in an `or` chain of line filters.
      {true, std::regex(R"(\bor\s+ip\s*\(|ip\s*\([^)]*\)\s*or\b)"),
       "ip() in line filter or-chains"},
      // Loki accepts `offset` after the range of an unwrapped aggregation.
      {true, std::regex(R"(unwrap[^\[]*\[[^\]]*\]\s*offset)"), "offset after an unwrap range"},
      // Loki accepts `(selector pipeline | unwrap x)[range]`.
      {true, std::regex(R"(unwrap[^)\[]*\)\s*\[)"), "parenthesised log range with unwrap"},
      // Loki's range token is the text up to `]`, read as a duration: no spaces inside.
      {false, std::regex(R"(\[[^\]]*\s[^\]]*\])"), "spaces inside a range (Loki rejects them)"},
      // Keywords are case-insensitive in Loki's lexer.
      {true, std::regex(R"([A-Z])"), "keyword case (Loki ignores it)"},
  };
  for (const Reason& r : kReasons) {
    if (r.ours == ours && std::regex_search(q, r.pattern)) return r.name;
  }
  // lezer checks no literal values: a range that is not a duration, an unknown escape, ...
  if (!ours) {
    auto p = testing::parse(q);
    for (const Diagnostic& d : p->diags.all()) {
      if (d.kind == DiagKind::LogqlBadLiteral || d.kind == DiagKind::LogqlInvalidFlag) {
        return "literal values (lezer does not check them)";
      }
    }
  }
  // mzrules parses a log query inside an aggregation and rejects it in its checks (E0511);
  // lezer's grammar rejects it outright. Both reject the query.
  if (ours) {
    auto p = testing::parse(q);
    for (const Diagnostic& d : p->diags.all()) {
      if (d.kind == DiagKind::LogqlExpectedMetric) return "log query where samples are needed";
    }
  }
  return "";
}

TEST(LogqlLezerDiff, GrammarVerdictsAgree) {
  auto corpus = mzr::testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << "../shared/corpus is absent";
  const char* dir = std::getenv("MZR_LEZER_LOGQL_DIR");
  if (dir == nullptr || !fs::exists(fs::path(dir) / "node_modules/@grafana/lezer-logql")) {
    GTEST_SKIP() << "MZR_LEZER_LOGQL_DIR does not hold node_modules/@grafana/lezer-logql";
  }
  if (std::system("node --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "node is absent";

  std::vector<std::string> base;
  size_t files = 0;
  for (const auto& q : testing::real_queries(*corpus + "/real/loki-logql", files))
    base.push_back(q.text);
  for (const auto& e : testing::engine_evals(*corpus + "/conformance/logqltest"))
    base.push_back(e.query);
  std::ifstream cases_in(*corpus + "/conformance/logql-parse-cases.json");
  for (const auto& c : nlohmann::json::parse(cases_in)) {
    if (c.contains("input")) base.push_back(c["input"].get<std::string>());
  }
  std::vector<std::string> queries = base;
  uint64_t seed = 42;
  for (const std::string& q : base) {
    for (std::string& m : mutants(q, seed)) queries.push_back(std::move(m));
  }

  fs::path tmp = fs::temp_directory_path() / fmt::format("mzr-lezer-{}", ::getpid());
  fs::create_directories(tmp);
  {
    std::ofstream out(tmp / "in.json");
    out << nlohmann::json(queries).dump();
  }
  std::string script = mzr::testing::source_dir() + "/tests/logql/lezer_verdicts.mjs";
  std::string command = fmt::format("node '{}' '{}' < '{}' > '{}'", script, dir,
                                    (tmp / "in.json").string(), (tmp / "out.json").string());
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(tmp / "out.json");
  nlohmann::json verdicts = nlohmann::json::parse(in);
  fs::remove_all(tmp);
  ASSERT_EQ(verdicts.size(), queries.size());

  size_t agree = 0, base_agree = 0;
  std::map<std::string, size_t> explained;
  std::string unexplained;
  for (size_t i = 0; i < queries.size(); ++i) {
    bool ours = grammatical(queries[i]);
    bool theirs = verdicts[i].get<bool>();
    if (ours == theirs) {
      ++agree;
      if (i < base.size()) ++base_agree;
      continue;
    }
    std::string reason = difference_reason(queries[i], ours);
    if (!reason.empty()) {
      ++explained[reason];
    } else {
      std::string shown = queries[i].size() <= 300 ? queries[i]
                                                   : queries[i].substr(0, 150) + " ... " +
                                                         queries[i].substr(queries[i].size() - 150);
      unexplained += fmt::format("mzrules {}, lezer {}: {}\n  {}\n", ours ? "accepts" : "rejects",
                                 theirs ? "accepts" : "rejects", shown,
                                 testing::parse(queries[i])->diagnostics());
    }
  }
  std::cout << fmt::format("lezer-logql: {} of {} corpus queries and {} of {} with mutants agree\n",
                           base_agree, base.size(), agree, queries.size());
  for (const auto& [reason, n] : explained)
    std::cout << "  explained (" << reason << "): " << n << "\n";
  std::cout << unexplained;
  EXPECT_EQ(unexplained, "");
}

}  // namespace
}  // namespace mzr::logql
