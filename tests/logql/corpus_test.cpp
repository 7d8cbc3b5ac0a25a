// Real LogQL from corpus/real/loki-logql (rule files, operator CRs, benchmark queries, canonical's
// rule files) and the queries of Loki's engine test scripts (corpus/conformance/logqltest): every
// query parses and checks as Loki would, and printing is a fixed point of parsing.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <set>

#include "tests/logql/corpus_queries.h"
#include "tests/logql/logql_test_util.h"
#include "tests/require.h"
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
  MZR_REQUIRE_CORPUS(corpus);
  size_t files = 0;
  std::vector<Query> queries = real_queries(corpus + "/real/loki-logql", files);
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

// The failing queries of Loki's engine scripts that Loki fails only when the query runs, not
// when it is parsed (data-dependent errors, templates, the parts of a pipeline Loki builds only
// then), each with the failure the script expects ("-" is a bare `expect fail`: a conversion of
// label values). mzrules accepts exactly these; it must reject every other failing query.
struct RuntimeFailure {
  const char* where;    // file:line
  const char* message;  // the script's expected failure
};

const RuntimeFailure kFailsOnlyWhenRun[] = {
    {"binary_operations.logqltest:714",
     "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"},
    {"binary_operations.logqltest:716",
     "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"},
    {"binary_operations.logqltest:756", "found duplicate series on the right hand-side"},
    {"binary_operations.logqltest:758", "found duplicate series on the right hand-side"},
    {"binary_operations.logqltest:807",
     "multiple matches for labels: grouping labels must ensure unique matches"},
    {"binary_operations.logqltest:818", "found duplicate series on the right hand-side"},
    {"binary_operations.logqltest:820", "found duplicate series on the right hand-side"},
    {"binary_operations.logqltest:861", "found duplicate series on the left hand-side"},
    {"binary_operations.logqltest:863", "found duplicate series on the left hand-side"},
    {"binary_operations.logqltest:899",
     "multiple matches for labels: grouping labels must ensure unique matches"},
    {"conversions.logqltest:64", "-"},
    {"conversions.logqltest:122", "-"},
    {"conversions.logqltest:124", "-"},
    {"formatters.logqltest:28", "not defined"},
    {"formatters.logqltest:51", "unclosed action"},
    {"functions.logqltest:162", "only supported on instant queries"},
    {"label_filters.logqltest:227", "LabelFilterErr"},
    {"label_filters.logqltest:493", "unknown unit"},
    {"label_filters.logqltest:502", "missing unit in duration"},
    {"label_filters.logqltest:729", "LabelFilterErr"},
    {"label_filters.logqltest:849", "ip: invalid pattern"},
    {"label_filters.logqltest:879", "JSONParserErr"},
    {"label_filters.logqltest:882", "JSONParserErr"},
    {"label_filters.logqltest:899", "JSONParserErr"},
    {"label_filters.logqltest:1006", "LabelFilterErr"},
    {"label_filters.logqltest:1009", "LabelFilterErr"},
    {"label_filters.logqltest:1014", "invalid duration"},
    {"label_filters.logqltest:1021", "parsing \\\"\\\": invalid syntax"},
    {"label_filters.logqltest:1023", "parsing \\\"\\\": invalid syntax"},
    {"label_filters.logqltest:1031", "invalid duration"},
    {"label_filters.logqltest:1033", "missing unit in duration"},
    {"label_filters.logqltest:1036", "invalid duration"},
    {"label_filters.logqltest:1038", "parsing \\\"\\\": invalid syntax"},
    {"label_filters.logqltest:1047", "LabelFilterErr"},
    {"label_filters.logqltest:1049", "LabelFilterErr"},
    {"label_filters.logqltest:1060", "LabelFilterErr"},
    {"label_filters.logqltest:1063", "LabelFilterErr"},
    {"label_filters.logqltest:1066", "LabelFilterErr"},
    {"line_filters.logqltest:43", "error parsing regexp"},
    {"line_filters.logqltest:65", "named captures are not allowed"},
    {"line_filters.logqltest:88", "ip: invalid pattern"},
    {"line_filters.logqltest:156", "ip: invalid operation"},
    {"line_filters.logqltest:158", "ip: invalid operation"},
    {"line_filters.logqltest:161", "ip: invalid pattern"},
    {"parsers.logqltest:56", "LogfmtParserErr"},
    {"parsers.logqltest:124", "JSONParserErr"},
    {"parsers.logqltest:147", "cannot parse expression"},
    {"parsers.logqltest:180", "duplicate extracted label name"},
    {"parsers.logqltest:252", "JSONParserErr"},
};

TEST(LogqlCorpus, EngineTestQueries) {
  MZR_REQUIRE_CORPUS(corpus);
  std::vector<Eval> evals = engine_evals(corpus + "/conformance/logqltest");
  std::map<std::string, std::string> runtime;
  for (const RuntimeFailure& f : kFailsOnlyWhenRun) runtime.emplace(f.where, f.message);
  size_t valid = 0, valid_ok = 0, failing = 0, failing_rejected = 0, failing_warned = 0;
  std::string wrongly_rejected, wrongly_accepted;
  std::set<std::string> seen;
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
      continue;
    }
    ++failing;
    std::string where = fmt::format("{}:{}", e.file, e.line);
    auto r = runtime.find(where);
    if (r == runtime.end()) {
      // Loki's parser rejects it: so must mzrules.
      if (ok) {
        wrongly_accepted += fmt::format("{}: [{}] {}\n", where, e.expect_fail, e.query);
      } else {
        ++failing_rejected;
      }
      continue;
    }
    seen.insert(where);
    EXPECT_EQ(e.expect_fail, r->second) << where << ": the script expects another failure now";
    EXPECT_TRUE(ok) << where << ": Loki fails it only when it runs, mzrules rejects it: " << e.query
                    << " => " << p->diagnostics();
    for (const Diagnostic& d : p->diags.all()) {
      if (d.kind == DiagKind::LogqlFailsWhenRun) {
        ++failing_warned;
        break;
      }
    }
  }
  for (const auto& [where, message] : runtime) {
    EXPECT_TRUE(seen.count(where)) << where << " is no failing query of the scripts now";
  }
  std::cout << "LogQL engine scripts: " << valid_ok << " of " << valid
            << " valid queries check cleanly; " << failing_rejected << " of " << failing
            << " failing queries are rejected when parsed, " << failing_warned << " of the "
            << runtime.size() << " that fail only when run get a warning (W0501)\n";
  EXPECT_EQ(wrongly_rejected, "");
  EXPECT_EQ(wrongly_accepted, "");
  EXPECT_EQ(failing, failing_rejected + runtime.size());
  EXPECT_GT(valid, 900u);
}

}  // namespace
}  // namespace mzr::logql
