#pragma once
// Internal to compiler/syntax: turns the ANTLR parse tree of a PromQL expression into the typed
// AST, applying the rules Prometheus checks while parsing (literal values, feature gates, where
// offset/@/ranges may go, unknown functions, regex matchers, aggregation arity).

#include "PromQLParser.h"
#include "compiler/base/diagnostics.h"
#include "compiler/base/names.h"
#include "compiler/promql/ast.h"
#include "compiler/promql/features.h"
#include "compiler/syntax/promql_tokens.h"

namespace mzr::syntax {

struct PromqlBuildContext {
  const PromqlPositions& positions;
  const promql::Features& features;
  NameScheme names;
  promql::Arena& arena;
  Diagnostics& diags;
};

// Returns the root expression; `ok` is false when an error was reported (the tree is then only
// good for nothing but being freed).
promql::Expr* build_promql_ast(antlr_PromQL::PromQLParser::ExprContext* tree,
                               PromqlBuildContext& context, bool& ok);

}  // namespace mzr::syntax
