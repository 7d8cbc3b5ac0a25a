// libFuzzer target for the PromQL front end: any byte string must give a tree or diagnostics,
// never a crash, a hang or a sanitizer report. Printing a valid tree must parse back to the
// same tree, and the hand-written lexer must give the tokens of the grammar's ANTLR lexer.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/base/utf8.h"
#include "compiler/frontend/promql.h"
#include "compiler/promql/printer.h"
#include "compiler/syntax/promql_lexer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!mzr::find_invalid_utf8(text) && !text.starts_with("\xEF\xBB\xBF")) {
    std::vector<mzr::syntax::PromqlToken> fast = mzr::syntax::lex_promql(text);
    std::vector<mzr::syntax::PromqlToken> reference = mzr::syntax::lex_promql_with_antlr(text);
    if (fast.size() != reference.size()) std::abort();
    for (size_t i = 0; i < fast.size(); ++i) {
      if (fast[i].type != reference[i].type || fast[i].begin != reference[i].begin ||
          fast[i].end != reference[i].end) {
        std::abort();
      }
    }
  }
  mzr::SourceManager sm;
  mzr::SourceId id = sm.add("<fuzz>", text);
  // Alternate the gates by the first byte so both settings are explored.
  mzr::promql::Options options;
  if (size > 0 && (data[0] & 1)) {
    options.features = {"promql-duration-expr", "promql-experimental-functions",
                        "promql-extended-range-selectors", "promql-binop-fill-modifiers"};
  }
  mzr::Diagnostics diags;
  mzr::promql::ParseResult r =
      mzr::promql::parse_expr(mzr::EmbeddedText::verbatim(text, id, 0), options, diags);
  if (r.ok != !diags.has_errors()) std::abort();
  for (const mzr::Diagnostic& d : diags.all()) {
    if (d.span.end > text.size() || d.span.begin > d.span.end) std::abort();
  }
  if (r.ok) {
    std::string printed = mzr::promql::print(r.root);
    mzr::SourceId id2 = sm.add("<printed>", printed);
    mzr::Diagnostics diags2;
    mzr::promql::ParseResult again =
        mzr::promql::parse_expr(mzr::EmbeddedText::verbatim(printed, id2, 0), options, diags2);
    if (!again.ok || !mzr::promql::same_tree(r.root, again.root)) std::abort();
  }
  return 0;
}
