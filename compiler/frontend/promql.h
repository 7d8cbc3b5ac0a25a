#pragma once
// The PromQL front end in one call: parse an expression embedded in some file and type-check it.
//
//   promql::Options options;                    // features as current Prometheus
//   promql::ParseResult r = promql::parse_expr(text, options, diags);
//   if (r.ok) use(r.root, r.type);
//
// Diagnostics carry spans in the containing file (through EmbeddedText).

#include <memory>
#include <set>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/base/embedded.h"
#include "compiler/base/names.h"
#include "compiler/promql/ast.h"
#include "compiler/promql/features.h"
#include "compiler/syntax/promql_parser.h"

namespace mzr::promql {

// The longest query the parser takes (Prometheus has no limit of its own; this bounds work).
inline constexpr size_t kMaxQueryBytes = syntax::kMaxPromqlBytes;

struct Options {
  // Enabled feature gates, by Prometheus' --enable-feature names (features.h). The default is
  // current Prometheus': only duration expressions. An empty set is Prometheus' parser defaults.
  std::set<std::string> features = {std::string(kFeatureDurationExpr)};
  NameScheme names = NameScheme::Utf8;
  int prometheus_major = 3;  // 2 or 3 (mzrules.yaml `versions.prometheus`)
};

struct ParseResult {
  std::unique_ptr<Arena> arena = std::make_unique<Arena>();  // owns every node of `root`
  const Expr* root = nullptr;  // null when the expression has a syntax error
  ValueType type = ValueType::None;
  bool ok = false;  // parsed and type-checked without errors
};

ParseResult parse_expr(const EmbeddedText& text, const Options& options, Diagnostics& diags);

}  // namespace mzr::promql
