#pragma once
// The LogQL parser: text to typed AST. The only entry into the ANTLR-generated LogQL code.

#include "compiler/base/diagnostics.h"
#include "compiler/base/embedded.h"
#include "compiler/logql/ast.h"

namespace mzr::syntax {

struct LogqlSyntax {
  const logql::Expr* root = nullptr;  // null after a syntax error
  bool ok = false;                    // parsed, and every literal decoded
};

// Parses `text` into nodes owned by `arena`. Syntax errors are reported once, at the first token
// Loki would reject; the query is not checked beyond its grammar (see logql/check.h).
LogqlSyntax parse_logql_syntax(const EmbeddedText& text, logql::Arena& arena, Diagnostics& diags);

}  // namespace mzr::syntax
