#pragma once
// Parsing a LogQL query from a string in tests, with its diagnostics as "line:col: CODE message".

#include <memory>
#include <string>
#include <string_view>

#include "compiler/base/diagnostics.h"
#include "compiler/base/embedded.h"
#include "compiler/base/source.h"
#include "compiler/frontend/logql.h"
#include "compiler/logql/printer.h"

namespace mzr::logql::testing {

struct Parsed {
  SourceManager sources;
  Diagnostics diags;
  ParseResult result;

  // Every diagnostic, sorted, one per line: "1:7: E0501 unexpected ...".
  std::string diagnostics() const {
    std::string out;
    for (const Diagnostic* d : diags.sorted()) {
      LineCol lc = sources.file(d->span.file).line_col(d->span.begin);
      if (!out.empty()) out += "\n";
      out += std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " +
             std::string(diag_info(d->kind).code) + " " + d->message;
    }
    return out;
  }
  std::string printed() const { return result.root != nullptr ? print(result.root) : "<null>"; }
};

inline std::unique_ptr<Parsed> parse(std::string_view query, const Options& options = {}) {
  auto p = std::make_unique<Parsed>();
  SourceId id = p->sources.add("query.logql", std::string(query));
  p->result = parse_logql(EmbeddedText::verbatim(std::string(query), id, 0), options, p->diags);
  return p;
}

}  // namespace mzr::logql::testing
