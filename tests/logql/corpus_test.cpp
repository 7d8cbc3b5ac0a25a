// Real LogQL from corpus/real/loki-logql (rule files, operator CRs, benchmark queries, canonical's
// rule files) and the queries of Loki's engine test scripts (corpus/conformance/logqltest): every
// query parses and checks as Loki would, and printing is a fixed point of parsing.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <iostream>

#include "tests/logql/corpus_queries.h"
#include "tests/logql/logql_test_util.h"
#include "tests/test_support.h"

namespace mzr::logql {
namespace {

using testing::engine_evals;
using testing::Eval;
using testing::Query;
using testing::real_queries;

// Parses `q`, then its printed form, and reports what breaks the round trip.
std::string round_trip_problem(const std::string& q) {
  auto first = testing::parse(q);
  if (first->result.root == nullptr) return "";
  std::string printed = first->printed();
  auto second = testing::parse(printed);
  if (first->result.ok && !second->result.ok) {
    return "printed form does not check: " + printed + "\n  " + second->diagnostics();
  }
  if (second->printed() != printed) {
    return "printing is not stable: " + printed + " -> " + second->printed();
  }
  return "";
}

TEST(LogqlCorpus, EveryRealQueryParses) {
  auto corpus = mzr::testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << "../shared/corpus is absent";
  size_t files = 0;
  std::vector<Query> queries = real_queries(*corpus + "/real/loki-logql", files);
  size_t rules = 0, ok = 0;
  std::string rejected;
  for (const Query& q : queries) {
    rules += q.rule ? 1 : 0;
    Options options;
    options.require_metric_query = q.rule;
    auto p = testing::parse(q.text, options);
    if (p->result.ok) {
      ++ok;
    } else {
      rejected += q.file + ": " + q.text + " => " + p->diagnostics() + "\n";
    }
    EXPECT_EQ(round_trip_problem(q.text), "") << q.file;
  }
  std::cout << "LogQL corpus: " << files << " files, " << rules << " rule expressions and "
            << queries.size() - rules << " benchmark queries; " << ok << " of " << queries.size()
            << " check cleanly\n";
  // The rejected queries are in files that are broken on purpose, and Loki rejects them too:
  // the operator's invalid-rules sample ("broken expr" is not LogQL) and a canonical test
  // resource whose selectors are cut off ("{)" and an unclosed range "[5m)").
  EXPECT_EQ(rejected,
            "canonical-loki-k8s-operator/tests/resources/alert.rule: sum(rate({) by (job) > 0.05\n"
            " => 1:11: E0501 unexpected \")\" in stream selector, expected a label name or \"}\"\n"
            "canonical-loki-k8s-operator/tests/resources/alert.rule: sum by "
            "(\"http(s?)://(\\\\w+):(\\\\w+)@\" [5m) > 0) => 1:37: E0502 missing closing ']' in "
            "duration\n"
            "operator/hack/lokirules_invalid.yaml: broken expr\n => 1:1: E0501 unexpected "
            "identifier \"broken\"\n"
            "operator/hack/lokirules_invalid.yaml: broken expr => 1:1: E0501 unexpected "
            "identifier \"broken\"\n"
            "operator/hack/lokirules_invalid.yaml: broken expr\n => 1:1: E0501 unexpected "
            "identifier \"broken\"\n");
  EXPECT_GT(queries.size(), 500u);
}

// The failures of Loki's engine scripts that happen when the query runs, not when it is parsed:
// data-dependent errors, templates, and the parts of a pipeline Loki builds only then.
bool fails_only_when_run(const std::string& message) {
  static const std::vector<std::string> kRuntime = {
      "-",  // a bare `expect fail`: conversions of label values
      "multiple matches for labels",
      "found duplicate series",
      "not defined",
      "unclosed action",
      "only supported on instant queries",
      "LabelFilterErr",
      "JSONParserErr",
      "LogfmtParserErr",
      "unknown unit",
      "missing unit in duration",
      "invalid duration",
      "parsing \\\"\\\": invalid syntax",
      "ip: invalid",
      "error parsing regexp",
      "named captures are not allowed",
      "cannot parse expression",
      "duplicate extracted label name"};
  for (const std::string& r : kRuntime) {
    if (message == r || (r.size() > 1 && message.find(r) != std::string::npos)) return true;
  }
  return false;
}

TEST(LogqlCorpus, EngineTestQueries) {
  auto corpus = mzr::testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << "../shared/corpus is absent";
  std::vector<Eval> evals = engine_evals(*corpus + "/conformance/logqltest");
  size_t valid = 0, valid_ok = 0, failing = 0, failing_rejected = 0, failing_warned = 0;
  std::string wrongly_rejected, accepted_failures, unexpected_accepts;
  for (const Eval& e : evals) {
    auto p = testing::parse(e.query);
    bool ok = p->result.ok;
    if (e.expect_fail.empty()) {
      ++valid;
      if (ok) {
        ++valid_ok;
      } else {
        wrongly_rejected +=
            fmt::format("{}:{}: {} => {}\n", e.file, e.line, e.query, p->diagnostics());
      }
      EXPECT_EQ(round_trip_problem(e.query), "") << e.file << ":" << e.line;
    } else {
      ++failing;
      if (!ok) {
        ++failing_rejected;
      } else {
        for (const Diagnostic& d : p->diags.all()) {
          if (d.kind == DiagKind::LogqlFailsWhenRun) {
            ++failing_warned;
            break;
          }
        }
        if (!fails_only_when_run(e.expect_fail)) {
          unexpected_accepts +=
              fmt::format("{}:{}: [{}] {}\n", e.file, e.line, e.expect_fail, e.query);
        }
        accepted_failures +=
            fmt::format("{}:{}: [{}] {}\n", e.file, e.line, e.expect_fail, e.query);
      }
    }
  }
  std::cout << "LogQL engine scripts: " << valid_ok << " of " << valid
            << " valid queries check cleanly; " << failing_rejected << " of " << failing
            << " failing queries are rejected when parsed, " << failing_warned
            << " more get a warning (W0501)\n"
            << "accepted (Loki fails them when they run):\n"
            << accepted_failures;
  EXPECT_EQ(wrongly_rejected, "");
  EXPECT_EQ(unexpected_accepts, "");
  EXPECT_GT(valid, 900u);
}

}  // namespace
}  // namespace mzr::logql
