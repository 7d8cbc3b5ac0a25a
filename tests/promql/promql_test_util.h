#pragma once
// Helpers for the PromQL tests: parse a string as if it were a file of its own.

#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/frontend/promql.h"

namespace mzr::testing {

struct PromqlRun {
  SourceManager sources;
  Diagnostics diags;
  promql::ParseResult result;

  // "line:col: message" for every diagnostic, sorted by position.
  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const Diagnostic* d : diags.sorted()) {
      const SourceFile& f = sources.file(d->span.file);
      LineCol lc = f.line_col(d->span.begin);
      out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " + d->message);
    }
    return out;
  }
  std::string first() const {
    auto m = messages();
    return m.empty() ? "" : m.front();
  }
};

inline void run_promql(PromqlRun& run, const std::string& expr,
                       std::set<std::string> features = {"promql-duration-expr"}) {
  SourceId id = run.sources.add("<expr>", expr);
  promql::Options options;
  options.features = std::move(features);
  run.result = promql::parse_expr(EmbeddedText::verbatim(expr, id, 0), options, run.diags);
}

inline std::set<std::string> all_promql_features() {
  return {"promql-duration-expr", "promql-experimental-functions",
          "promql-extended-range-selectors", "promql-binop-fill-modifiers"};
}

}  // namespace mzr::testing
