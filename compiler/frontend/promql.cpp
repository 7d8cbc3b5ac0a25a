#include "compiler/frontend/promql.h"

#include "compiler/promql/check.h"
#include "compiler/syntax/promql_parser.h"

namespace mzr::promql {

ParseResult parse_expr(const EmbeddedText& text, const Options& options, Diagnostics& diags) {
  ParseResult result;
  Features features = Features::from_names(options.features);
  features.prometheus_major = options.prometheus_major;
  syntax::PromqlParse parsed =
      syntax::parse_promql(text, features, options.names, *result.arena, diags);
  if (parsed.root == nullptr) return result;
  result.root = parsed.root;
  // Like Prometheus, type rules are checked only on an expression that parsed cleanly: a
  // misplaced modifier or a bad literal would otherwise show up again as a type error.
  if (!parsed.ok) return result;
  result.type = check(parsed.root, diags);
  result.ok = result.type != ValueType::None;
  return result;
}

}  // namespace mzr::promql
