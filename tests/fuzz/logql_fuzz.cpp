// libFuzzer target for the LogQL front end: any byte string must yield a result and diagnostics,
// never a crash, a sanitizer report or a hang; a query that checks cleanly must print to text
// that parses back to the same canonical form.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/base/embedded.h"
#include "compiler/base/source.h"
#include "compiler/frontend/logql.h"
#include "compiler/logql/printer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  mzr::SourceManager sources;
  mzr::SourceId id = sources.add("fuzz.logql", text);
  mzr::Diagnostics diags;
  mzr::logql::ParseResult r =
      mzr::logql::parse_logql(mzr::EmbeddedText::verbatim(text, id, 0), {}, diags);
  for (const mzr::Diagnostic& d : diags.all()) {
    if (d.span.end > text.size() || d.span.begin > d.span.end) std::abort();
  }
  if (r.root == nullptr) return 0;
  std::string printed = mzr::logql::print(r.root);
  mzr::SourceId id2 = sources.add("printed.logql", printed);
  mzr::Diagnostics diags2;
  mzr::logql::ParseResult again =
      mzr::logql::parse_logql(mzr::EmbeddedText::verbatim(printed, id2, 0), {}, diags2);
  if (again.root == nullptr) {
    // The printer may add parentheses the input did not have (`a or b, c or d, ...` prints as
    // `a or (b and (c or ...))`), which can cross the nesting bound; anything else is a bug.
    for (const mzr::Diagnostic& d : diags2.all()) {
      if (d.kind == mzr::DiagKind::LogqlTooComplex) return 0;
    }
    std::abort();
  }
  if (mzr::logql::print(again.root) != printed) std::abort();
  if (r.ok && !again.ok) std::abort();
  return 0;
}
