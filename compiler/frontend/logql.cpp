#include "compiler/frontend/logql.h"

#include "compiler/syntax/logql_parser.h"

namespace mzr::logql {

ParseResult parse_logql(const EmbeddedText& text, const Options& options, Diagnostics& diags) {
  ParseResult result;
  syntax::LogqlSyntax syntax = syntax::parse_logql_syntax(text, *result.arena, diags);
  result.root = syntax.root;
  if (result.root == nullptr) return result;
  result.metric_query = is_metric_query(result.root);
  CheckResult checked = check_logql(result.root, CheckOptions{options.streams}, diags);
  result.labels = std::move(checked.labels);
  result.ok = syntax.ok && checked.ok;
  if (options.require_metric_query && !result.metric_query) {
    diags.report(DiagKind::LogqlExpectedMetric, result.root->span,
                 "a Loki rule must be a metric query, found a log query; wrap it in a range "
                 "aggregation such as count_over_time(... [5m])");
    result.ok = false;
  }
  return result;
}

}  // namespace mzr::logql
