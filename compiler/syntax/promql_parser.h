#pragma once
// The PromQL parser: expression text (embedded in some file) → typed AST. The only entry point
// into the ANTLR-generated PromQL code; no ANTLR type appears in this header.

#include "compiler/base/diagnostics.h"
#include "compiler/base/embedded.h"
#include "compiler/base/names.h"
#include "compiler/promql/ast.h"
#include "compiler/promql/features.h"

namespace mzr::syntax {

// Limits that keep hostile input from exhausting memory or the stack. Prometheus has none; no
// real expression comes near them.
inline constexpr size_t kMaxPromqlBytes = 1 << 20;
// Nesting of parentheses, brackets and sign/`^` chains: what ANTLR's recursive descent recurses on.
inline constexpr size_t kMaxPromqlNesting = 128;
// Nesting plus operators chained at each level: a bound on the depth of the AST.
inline constexpr size_t kMaxPromqlTreeDepth = 1000;

struct PromqlParse {
  promql::Expr* root = nullptr;  // null when the text is not syntactically PromQL
  bool ok = false;               // false when any error was reported
  // Whether SLL prediction failed and the text was parsed again with full LL. On valid input
  // this should never happen (the grammar is written for it); the corpus test checks that.
  bool ll_fallback = false;
};

// Parses `text` into `arena`, reporting syntax errors and the errors Prometheus' parser itself
// raises (bad literals, feature gates, misplaced modifiers, unknown functions, bad regexes).
// Type checking is separate (compiler/promql/check.h).
PromqlParse parse_promql(const EmbeddedText& text, const promql::Features& features,
                         NameScheme names, promql::Arena& arena, Diagnostics& diags);

}  // namespace mzr::syntax
