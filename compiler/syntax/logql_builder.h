#pragma once
// Turns a LogQL parse tree into the typed AST (compiler/logql/ast.h). Only compiler/syntax sees
// the ANTLR tree; it dies when parse_logql_syntax returns.

#include "LogQLParser.h"
#include "compiler/base/diagnostics.h"
#include "compiler/logql/ast.h"
#include "compiler/syntax/logql_tokens.h"

namespace mzr::syntax {

struct LogqlBuildContext {
  const LogqlPositions& pos;
  logql::Arena& arena;
  Diagnostics& diags;
  bool ok = true;  // false once a literal could not be decoded
};

const logql::Expr* build_logql_ast(antlr_LogQL::LogQLParser::ExprContext* tree,
                                   LogqlBuildContext& context);

}  // namespace mzr::syntax
