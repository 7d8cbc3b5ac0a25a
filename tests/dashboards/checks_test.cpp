// Dashboard checks through the API: variable references and their expansion, datasource UIDs
// against the stack's datasources.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "compiler/check/dashboard_checks.h"
#include "compiler/check/dashboard_expand.h"
#include "compiler/load/dashboard_load.h"
#include "compiler/load/yaml.h"

namespace mzr {
namespace {

TEST(DashboardExpand, FindsEveryReferenceSyntax) {
  auto refs = dash::find_refs("a $x ${y} ${z:regex} [[w]] [[v:csv]] ${__user.login} $1 $ ${}");
  ASSERT_EQ(refs.size(), 7u);
  EXPECT_EQ(refs[0].name, "x");
  EXPECT_EQ(refs[1].name, "y");
  EXPECT_EQ(refs[2].name, "z");
  EXPECT_EQ(refs[2].format, "regex");
  EXPECT_EQ(refs[3].name, "w");
  EXPECT_EQ(refs[4].format, "csv");
  EXPECT_EQ(refs[5].name, "__user");
  EXPECT_EQ(refs[6].name, "1");
}

TEST(DashboardExpand, ContextDecidesTheStandIn) {
  std::string q = R"(topk($k, rate(m{a=~"$r", b="$s"}[$w])) offset $o > $n)";
  auto refs = dash::find_refs(q);
  ASSERT_EQ(refs.size(), 6u);
  EXPECT_EQ(dash::context_at(q, refs[0].begin), dash::RefContext::Number);
  EXPECT_EQ(dash::context_at(q, refs[1].begin), dash::RefContext::RegexString);
  EXPECT_EQ(dash::context_at(q, refs[2].begin), dash::RefContext::String);
  EXPECT_EQ(dash::context_at(q, refs[3].begin), dash::RefContext::Duration);
  EXPECT_EQ(dash::context_at(q, refs[4].begin), dash::RefContext::Duration);
  EXPECT_EQ(dash::context_at(q, refs[5].begin), dash::RefContext::Other);
}

TEST(DashboardExpand, SubstitutesMapBackToTheReference) {
  // The text sits at offset 100 of its file.
  EmbeddedText in = EmbeddedText::verbatim("rate(m[$__rate_interval]) + $bad", 0, 100);
  dash::Expansion e = dash::expand(
      in,
      [](const dash::VariableRef& r, dash::RefContext c) {
        return dash::is_builtin(r.name) ? dash::builtin_value(r, c) : std::nullopt;
      },
      1 << 20);
  EXPECT_EQ(e.text.text, "rate(m[1m]) + $bad");
  // "1m" stands for "$__rate_interval" at 107..123; the undefined "$bad" is kept in place.
  EXPECT_EQ(e.text.span(7, 9).begin, 107u);
  EXPECT_EQ(e.text.span(7, 9).end, 109u);
  size_t bad = e.text.text.find("$bad");
  EXPECT_EQ(e.text.span(static_cast<uint32_t>(bad), static_cast<uint32_t>(bad + 4)).begin, 128u);
}

// The limit holds while expanding: no value is asked for, nor copied, past the one that would
// make the text too long.
TEST(DashboardExpand, StopsAtTheReferenceThatGoesPastTheLimit) {
  EmbeddedText in = EmbeddedText::verbatim("$a + $a + $a", 0, 0);
  int calls = 0;
  dash::Expansion e = dash::expand(
      in,
      [&](const dash::VariableRef&, dash::RefContext) -> std::optional<std::string> {
        ++calls;
        return std::string(10, 'v');
      },
      25);
  ASSERT_TRUE(e.too_large_at.has_value());
  EXPECT_EQ(*e.too_large_at, 1u);  // 12 - 2 + 10 = 20 bytes, then 28
  EXPECT_EQ(calls, 2);
  EXPECT_LE(e.text.text.size(), 25u);
  dash::Expansion fits = dash::expand(
      in, [](const dash::VariableRef&, dash::RefContext) { return std::string(10, 'v'); }, 36);
  EXPECT_FALSE(fits.too_large_at.has_value());
  EXPECT_EQ(fits.text.text.size(), 36u);
}

// A large custom variable referenced many times in one query: reported at the reference that
// makes the query longer than PromQL's limit, and nothing past it is expanded.
TEST(DashboardChecks, VariablesCannotExpandAQueryPastItsLimit) {
  SourceManager sm;
  Diagnostics diags;
  std::string expr;
  for (int i = 0; i < 20; ++i) expr += std::string(i ? " + " : "") + "sum(m{l=\\\"$big\\\"})";
  std::string json = R"({"uid": "d", "title": "D", "templating": {"list": [
    {"name": "big", "type": "custom", "query": ")" +
                     std::string(64 * 1024, 'a') + R"("}]},
    "panels": [{"type": "timeseries", "id": 1, "title": "A",
      "datasource": {"type": "prometheus", "uid": "mzmon-thanos"},
      "targets": [{"refId": "A", "expr": ")" +
                     expr + R"("}]}]})";
  SourceId id = sm.add("d.json", json);
  yaml::Stream stream = yaml::parse(sm, id, diags);
  auto dashboards = load_dashboards(stream, id, sm, diags);
  ASSERT_EQ(dashboards.size(), 1u);
  DashboardCheckOptions options;
  options.datasources = {{"mzmon-thanos", "prometheus"}};
  check_dashboards(dashboards, options, diags);
  std::vector<const Diagnostic*> found;
  for (const Diagnostic& d : diags.all()) {
    if (d.kind == DiagKind::PromqlTooComplex) found.push_back(&d);
  }
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->message, "expanding '$big' makes the query longer than 1048576 bytes");
  // Each reference adds 65532 bytes to a query of 377: the sixteenth goes past 1 MiB.
  size_t at = json.find("$big");
  for (int i = 1; i < 16; ++i) at = json.find("$big", at + 1);
  EXPECT_EQ(found[0]->span.begin, at);
  EXPECT_EQ(found[0]->span.end, at + 4);
}

TEST(DashboardChecks, DatasourceUidsMustBeDeclared) {
  SourceManager sm;
  Diagnostics diags;
  SourceId id = sm.add("d.json", R"({"uid": "d", "title": "D", "panels": [
    {"type": "text", "id": 1, "title": "A", "datasource": {"type": "prometheus", "uid": "thanos"}},
    {"type": "text", "id": 2, "title": "B", "datasource": {"type": "prometheus", "uid": "mzmon-thanos"}},
    {"type": "text", "id": 3, "title": "C", "datasource": {"type": "prometheus", "uid": "${ds}"}}]})");
  yaml::Stream stream = yaml::parse(sm, id, diags);
  auto dashboards = load_dashboards(stream, id, sm, diags);
  ASSERT_EQ(dashboards.size(), 1u);
  DashboardCheckOptions options;
  options.datasources = {{"mzmon-thanos", "prometheus"}, {"mzmon-loki", "loki"}};
  check_dashboards(dashboards, options, diags);
  std::vector<std::string> found;
  for (const Diagnostic& d : diags.all()) {
    if (d.kind == DiagKind::DashboardUnknownDatasource) found.push_back(d.message);
  }
  ASSERT_EQ(found.size(), 1u) << "E0809 once, for 'thanos'";
  EXPECT_EQ(found[0],
            "no datasource has UID 'thanos'; the stack declares 'mzmon-loki', 'mzmon-thanos'");
}

// Both limits are inclusive: a panel may end exactly at column 24 and a UID may have exactly 40
// characters; one more is reported.
std::vector<DiagKind> layout_findings(const std::string& uid, int x) {
  SourceManager sm;
  Diagnostics diags;
  SourceId id = sm.add("d.json", fmt::format(R"({{"uid": "{}", "title": "D", "panels": [
    {{"type": "text", "id": 1, "title": "A", "gridPos": {{"x": {}, "y": 0, "w": 4, "h": 3}}}}]}})",
                                             uid, x));
  yaml::Stream stream = yaml::parse(sm, id, diags);
  auto dashboards = load_dashboards(stream, id, sm, diags);
  EXPECT_EQ(dashboards.size(), 1u);
  check_dashboards(dashboards, DashboardCheckOptions{}, diags);
  std::vector<DiagKind> kinds;
  for (const Diagnostic& d : diags.all()) kinds.push_back(d.kind);
  return kinds;
}

TEST(DashboardChecks, GridWidthAndUidLengthAreInclusiveLimits) {
  std::string uid40(40, 'u');
  EXPECT_EQ(layout_findings(uid40, 20), std::vector<DiagKind>{});
  EXPECT_EQ(layout_findings(uid40, 21), std::vector<DiagKind>{DiagKind::DashboardGridOutOfBounds});
  EXPECT_EQ(layout_findings(uid40 + "u", 20), std::vector<DiagKind>{DiagKind::DashboardBadUid});
}

}  // namespace
}  // namespace mzr
