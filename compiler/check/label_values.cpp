#include "compiler/check/label_values.h"

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/routing/matcher.h"

namespace mzr {
namespace {

routing::MatchOp op_of(promql::MatchOp op) {
  switch (op) {
    case promql::MatchOp::Equal: return routing::MatchOp::Equal;
    case promql::MatchOp::NotEqual: return routing::MatchOp::NotEqual;
    case promql::MatchOp::Regex: return routing::MatchOp::Regex;
    case promql::MatchOp::NotRegex: return routing::MatchOp::NotRegex;
  }
  return routing::MatchOp::Equal;
}

void check_matcher(const promql::Matcher& m, const std::set<std::string>& values,
                   Diagnostics& diags) {
  // Prometheus anchors label regexes as Alertmanager does: ^(?:re)$, RE2 syntax.
  std::optional<routing::Matcher> compiled =
      routing::make_matcher(m.name, op_of(m.op), m.value, nullptr);
  if (!compiled || compiled->matches("")) return;  // a bad regex is reported by the parser
  for (const std::string& v : values) {
    if (compiled->matches(v)) return;
  }
  std::string known;
  size_t shown = 0;
  for (const std::string& v : values) {
    if (shown++ == 6) {
      known += fmt::format(" and {} more", values.size() - 6);
      break;
    }
    known += fmt::format("{}\"{}\"", shown > 1 ? ", " : "", v);
  }
  std::vector<std::string_view> candidates(values.begin(), values.end());
  std::string hint = m.op == promql::MatchOp::Equal ? did_you_mean(m.value, candidates) : "";
  diags.report(DiagKind::MatcherMatchesNoKnownValue, m.span,
               fmt::format("'{}' takes the values {} in this deployment; this matcher matches "
                           "none of them, so it selects nothing{}",
                           m.name, known, hint));
}

}  // namespace

void check_label_values(const promql::VectorSelector* vs, const promql::Catalog& catalog,
                        const std::function<bool(const promql::Matcher&)>& skip,
                        Diagnostics& diags) {
  std::string name = vs->name;
  for (const promql::Matcher& m : vs->matchers) {
    if (name.empty() && m.name == "__name__" && m.op == promql::MatchOp::Equal) name = m.value;
  }
  if (name.empty()) return;
  std::optional<promql::MetricInfo> metric = catalog.find(name);
  if (!metric || metric->values.empty()) return;
  for (const promql::Matcher& m : vs->matchers) {
    auto it = metric->values.find(m.name);
    if (it == metric->values.end() || (skip && skip(m))) continue;
    check_matcher(m, it->second, diags);
  }
}

}  // namespace mzr
