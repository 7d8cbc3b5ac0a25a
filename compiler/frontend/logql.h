#pragma once
// The LogQL front end in one call: parse a query embedded in some file, apply Loki's checks, and
// infer the labels it produces.
//
//   logql::Options options;                  // options.streams = &catalog; for rules:
//   options.require_metric_query = true;     // a Loki rule must be a metric query
//   logql::ParseResult r = logql::parse_logql(text, options, diags);
//   if (r.ok) use(r.root, r.metric_query, r.labels);
//
// Diagnostics carry spans in the containing file (through EmbeddedText).

#include <memory>

#include "compiler/base/diagnostics.h"
#include "compiler/base/embedded.h"
#include "compiler/logql/ast.h"
#include "compiler/logql/check.h"
#include "compiler/syntax/logql_tokens.h"

namespace mzr::logql {

// Loki refuses queries of this many bytes or more.
inline constexpr size_t kMaxQueryBytes = syntax::kMaxLogqlBytes;

struct Options {
  // Labels of the log streams; null when unknown, which leaves stream label sets open.
  const StreamCatalog* streams = nullptr;
  // Report a log query as an error (Loki's ruler loads one, but it fails at every evaluation).
  bool require_metric_query = false;
};

struct ParseResult {
  std::unique_ptr<Arena> arena = std::make_unique<Arena>();  // owns every node of `root`
  const Expr* root = nullptr;  // null when the query has a syntax error
  bool ok = false;             // parsed and checked without errors
  bool metric_query = false;   // a metric query (samples) rather than a log query (lines)
  LabelSet labels;             // the labels of the result
};

ParseResult parse_logql(const EmbeddedText& text, const Options& options, Diagnostics& diags);

}  // namespace mzr::logql
