// Every PromQL expression of every rule file and PrometheusRule in corpus/real must parse and
// type-check cleanly, and print back to text that parses to the same tree.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

#include "compiler/load/yaml.h"
#include "compiler/promql/labels.h"
#include "compiler/promql/printer.h"
#include "compiler/syntax/promql_parser.h"
#include "tests/promql/promql_test_util.h"
#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr::testing {
namespace {

struct CorpusExpr {
  std::string file;
  std::string expr;
};

// Upstream fixtures that are broken on purpose (Prometheus' own tests expect them to fail).
bool deliberately_bad(const std::string& name) {
  return name.find(".bad.") != std::string::npos || name.find("bad-") != std::string::npos ||
         name.find("invalid") != std::string::npos || name == "failing.yml";
}

void collect_rules(const yaml::Node* n, const std::string& file, std::vector<CorpusExpr>& out) {
  if (n == nullptr) return;
  if (n->is_mapping()) {
    const yaml::Node* groups = n->get("groups");
    if (groups != nullptr && groups->is_sequence()) {
      for (const yaml::Node* g : groups->items) {
        const yaml::Node* rules = g->is_mapping() ? g->get("rules") : nullptr;
        if (rules == nullptr || !rules->is_sequence()) continue;
        for (const yaml::Node* r : rules->items) {
          const yaml::Node* e = r->is_mapping() ? r->get("expr") : nullptr;
          if (e != nullptr && e->is_scalar()) out.push_back({file, e->value});
        }
      }
    }
    for (const yaml::Entry& e : n->entries) collect_rules(e.value, file, out);
  } else if (n->is_sequence()) {
    for (const yaml::Node* item : n->items) collect_rules(item, file, out);
  }
}

std::vector<CorpusExpr> corpus_exprs(const std::string& root, bool bad) {
  std::vector<CorpusExpr> out;
  for (std::string dir :
       {"kube-prometheus", "kubernetes-mixin", "materialize-monitoring", "prometheus-testdata"}) {
    std::filesystem::path base = std::filesystem::path(root) / "real" / dir;
    if (!std::filesystem::is_directory(base)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(base)) {
      std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
      if (deliberately_bad(entry.path().filename().string()) != bad) continue;
      SourceManager sm;
      Diagnostics diags;
      SourceId id = sm.add(entry.path().string(), read_file(entry.path().string()));
      yaml::Stream stream = yaml::parse(sm, id, diags);
      for (const yaml::Document& d : stream.documents) {
        collect_rules(d.root, entry.path().string(), out);
      }
    }
  }
  return out;
}

TEST(PromqlCorpus, EveryRuleExpressionChecksCleanly) {
  MZR_REQUIRE_CORPUS(corpus);
  std::vector<CorpusExpr> exprs = corpus_exprs(corpus, false);
  size_t clean = 0;
  for (const CorpusExpr& e : exprs) {
    PromqlRun run;
    run_promql(run, e.expr, all_promql_features());
    if (run.result.ok && run.diags.all().empty()) {
      ++clean;
    } else {
      ADD_FAILURE() << e.file << ": " << e.expr << "\n  " << run.first();
    }
  }
  std::cout << "PromQL corpus: " << clean << "/" << exprs.size()
            << " rule expressions parse and type-check cleanly\n";
  EXPECT_GT(exprs.size(), 1000u);  // the corpus walk must find the rules
  EXPECT_EQ(clean, exprs.size());
}

// The grammar is meant to be decided by SLL prediction alone: valid input never needs the
// (slower) full-LL second pass.
TEST(PromqlCorpus, ValidExpressionsNeverNeedTheLlFallback) {
  MZR_REQUIRE_CORPUS(corpus);
  size_t fallbacks = 0;
  std::vector<CorpusExpr> exprs = corpus_exprs(corpus, false);
  for (const CorpusExpr& e : exprs) {
    SourceManager sm;
    Diagnostics diags;
    promql::Arena arena;
    syntax::PromqlParse p = syntax::parse_promql(
        EmbeddedText::verbatim(e.expr, sm.add("<expr>", e.expr), 0),
        promql::Features::from_names(all_promql_features()), NameScheme::Utf8, arena, diags);
    if (p.ll_fallback) {
      ++fallbacks;
      ADD_FAILURE() << "needed LL: " << e.expr;
    }
  }
  EXPECT_EQ(fallbacks, 0u);
  // And an invalid expression does take the second pass, which words the error.
  SourceManager sm;
  Diagnostics diags;
  promql::Arena arena;
  std::string bad = "sum(x) by";
  EXPECT_TRUE(syntax::parse_promql(EmbeddedText::verbatim(bad, sm.add("<expr>", bad), 0),
                                   promql::Features{}, NameScheme::Utf8, arena, diags)
                  .ll_fallback);
}

TEST(PromqlCorpus, PrintedExpressionsParseToTheSameTree) {
  MZR_REQUIRE_CORPUS(corpus);
  size_t round_trips = 0;
  std::vector<CorpusExpr> exprs = corpus_exprs(corpus, false);
  for (const CorpusExpr& e : exprs) {
    PromqlRun first;
    run_promql(first, e.expr, all_promql_features());
    if (!first.result.ok) continue;
    std::string printed = promql::print(first.result.root);
    PromqlRun second;
    run_promql(second, printed, all_promql_features());
    ASSERT_TRUE(second.result.ok) << e.expr << "\nprinted: " << printed << "\n" << second.first();
    EXPECT_TRUE(promql::same_tree(first.result.root, second.result.root))
        << e.expr << "\nprinted: " << printed;
    // Canonical: printing is idempotent.
    EXPECT_EQ(promql::print(second.result.root), printed);
    ++round_trips;
  }
  std::cout << "PromQL round trip: " << round_trips << " corpus expressions\n";
  EXPECT_EQ(round_trips, exprs.size());
}

// The expressions of the upstream fixtures that are broken on purpose, each with the error codes
// mzrules gives it: the broken expressions are reported with the right code, and the
// expressions of files broken in other ways (YAML structure, rule names, evaluation) are clean.
struct BadFixtureExpr {
  const char* file;  // file name
  const char* expr;
  std::set<std::string> errors;  // codes of the errors
};

const BadFixtureExpr kBadFixtureExprs[] = {
    {"bad_expr.bad.yaml", "rate(hi)", {"E0407"}},
    {"invalid_rules.yaml", "sum by (job)(rate(http_requests_total[5m]))", {}},
    {"bad-rules-error.yml", "join_1 + on(a) join_2", {}},
    {"bad-rules-syntax.yml", "test +", {"E0401"}},
    // Broken in their fields or names, not in their expressions.
    {"bad_field.bad.yaml", "1", {}},
    {"invalid_label_name.bad.yaml", "1", {}},
    {"invalid_record_name.bad.yaml", "1", {}},
    {"legacy_validation_annotation.bad.yaml", "1", {}},
    {"no_rec_alert.bad.yaml", "1", {}},
    {"record_and_alert.bad.yaml", "1", {}},
    {"record_and_for.bad.yaml", "1", {}},
    {"record_and_keep_firing_for.bad.yaml", "1", {}},
};

TEST(PromqlCorpus, DeliberatelyBadFixturesAreReportedExpressionByExpression) {
  MZR_REQUIRE_CORPUS(corpus);
  std::vector<CorpusExpr> exprs = corpus_exprs(corpus, true);
  std::vector<std::pair<std::string, std::string>> found, listed;
  for (const CorpusExpr& e : exprs) {
    found.emplace_back(std::filesystem::path(e.file).filename().string(), e.expr);
  }
  for (const BadFixtureExpr& b : kBadFixtureExprs) listed.emplace_back(b.file, b.expr);
  std::sort(found.begin(), found.end());
  std::sort(listed.begin(), listed.end());
  // A new broken fixture in the corpus needs its verdict written down here.
  EXPECT_EQ(found, listed);
  for (const BadFixtureExpr& b : kBadFixtureExprs) {
    PromqlRun run;
    run_promql(run, b.expr, all_promql_features());
    std::set<std::string> codes;
    for (const Diagnostic& d : run.diags.all()) {
      if (d.severity == Severity::Error) codes.insert(std::string(diag_info(d.kind).code));
    }
    EXPECT_EQ(codes, b.errors) << b.file << ": " << b.expr << "\n  " << run.first();
  }
}

// W0420 (a one-to-one match that is certainly many-to-one or many-to-many) must not fire on
// real rules. The corpus has no catalog, so every `X_bucket` it queries is declared a histogram
// whose closed label set holds every identifier of the corpus: the bucket label `le` then varies
// wherever the rules keep it, which is what the warning looks for.
TEST(PromqlCorpus, NoCertainManyToManyOnRealRules) {
  MZR_REQUIRE_CORPUS(corpus);
  std::vector<CorpusExpr> exprs = corpus_exprs(corpus, false);
  static const std::regex ident("[A-Za-z_:][A-Za-z0-9_:]*");
  std::set<std::string> names;
  for (const CorpusExpr& e : exprs) {
    for (auto it = std::sregex_iterator(e.expr.begin(), e.expr.end(), ident);
         it != std::sregex_iterator(); ++it) {
      names.insert(it->str());
    }
  }
  promql::Catalog catalog;
  size_t histograms = 0;
  for (const std::string& n : names) {
    if (!n.ends_with("_bucket")) continue;
    promql::MetricInfo m{n.substr(0, n.size() - 7), promql::MetricKind::Histogram, {}, {}};
    for (const std::string& l : names) {
      if (l.find(':') == std::string::npos && l != "le") m.labels.insert(l);
    }
    catalog.add(std::move(m));
    ++histograms;
  }
  size_t hits = 0, bucket_exprs = 0;
  for (const CorpusExpr& e : exprs) {
    PromqlRun run;
    run_promql(run, e.expr, all_promql_features());
    if (!run.result.ok) continue;
    bucket_exprs += e.expr.find("_bucket") != std::string::npos;
    promql::infer_labels(run.result.root, catalog, run.diags);
    for (const Diagnostic& d : run.diags.all()) {
      if (d.kind != DiagKind::PromqlCertainlyManyToMany) continue;
      ++hits;
      ADD_FAILURE() << e.file << ": " << e.expr << "\n  " << d.message;
    }
  }
  std::cout << "W0420 over the corpus: " << hits << " hits in " << exprs.size() << " expressions ("
            << bucket_exprs << " query buckets of " << histograms << " histograms)\n";
  EXPECT_GT(bucket_exprs, 50u);  // the check must see real bucket queries
  EXPECT_EQ(hits, 0u);
}

}  // namespace
}  // namespace mzr::testing
