#pragma once
// Internal to compiler/syntax: the PromQL AST builder (promql_builder.h), whose methods are defined
// by concern in promql_builder.cpp (expressions, operators, modifiers), promql_builder_literals.cpp
// (numbers, strings, durations) and promql_builder_calls.cpp (calls, aggregations, selectors).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/syntax/promql_builder.h"

namespace mzr::syntax::promql_build {

using P = antlr_PromQL::PromQLParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;
using namespace promql;

// time.Duration holds at most 2^63-1 nanoseconds.
inline constexpr double kMaxDurationSeconds = 9223372036.854775807;
// Timestamps are int64 milliseconds.
inline constexpr double kMaxTimestampMs = 9223372036854775807.0;

Span merge(Span a, Span b);

std::optional<BinOp> bin_op(size_t token);

AggOp agg_op(size_t token);

int precedence(size_t token);

// Functions Prometheus 2 (2.55, its last release) does not have.
bool added_in_prometheus_3(std::string_view name);

bool is_sign(size_t token);
bool is_number(size_t token);

// Children of a rule context whose grammar fixes what sits where: the builder reads them by
// position, which costs nothing, where the generated accessors search with dynamic_cast.
template <class T = ParserRuleContext>
T* rule_at(ParserRuleContext* ctx, size_t i) {
  return static_cast<T*>(ctx->children[i]);
}
// Whether a child is a token rather than a rule context. Comparing type_info objects is cheap
// where dynamic_cast walks the class hierarchy.
bool is_token(ParseTree* child);
Token* token_at(ParserRuleContext* ctx, size_t i);

// Most matcher regexes are alternatives of literal text with '.', '.*' and '.+' ("2..|3..",
// "kube-.*"): always valid, and matching the empty string exactly when an alternative is empty
// or made of '.*' only. For those this answers whether the anchored pattern matches "" without
// compiling it (twice) with RE2; for anything else, nullopt.
std::optional<bool> simple_regex_matches_empty(std::string_view re);

class Builder {
 public:
  explicit Builder(PromqlBuildContext& c) : c_(c) {}
  bool ok = true;

  Expr* node(P::ExprContext* ctx) { return expression(ctx); }

 private:
  PromqlBuildContext& c_;

  // -- Positions and reporting ---------------------------------------------------------------

  Span span(Token* t) const {
    return c_.positions.span_inclusive(t->getStartIndex(), t->getStopIndex());
  }
  Span span(TerminalNode* n) const { return span(n->getSymbol()); }
  Span span(ParserRuleContext* ctx) const {
    Token* start = ctx->getStart();
    Token* stop = ctx->getStop();
    if (stop == nullptr || stop->getStopIndex() + 1 < start->getStartIndex() + 1 ||
        stop->getType() == Token::EOF) {
      return span(start);
    }
    return c_.positions.span_inclusive(start->getStartIndex(), stop->getStopIndex());
  }
  std::string text(Token* t) const {
    uint32_t b = c_.positions.byte_of(t->getStartIndex());
    uint32_t e = c_.positions.byte_of(t->getStopIndex() + 1);
    return std::string(c_.positions.text().substr(b, e - b));
  }

  void error(DiagKind kind, Span at, std::string message) {
    ok = false;
    c_.diags.report(kind, at, std::move(message));
  }

  Expr* placeholder(ParserRuleContext* ctx) {
    ok = false;
    return c_.arena.make<NumberLiteral>(span(ctx), 0.0, false);
  }

  // -- Expressions ---------------------------------------------------------------------------

  // expr : operand (op binModifier operand)*, grouped by precedence. Operand k is child 3k,
  // its operator child 3k-2 and that operator's modifier child 3k-1.
  Expr* expression(P::ExprContext* ctx);

  // operand : (ADD | SUB) operand | primaryExpr postfix*. The value without the signs; those are
  // applied by signs(), around the `^` chain the operand starts.
  Expr* operand(P::OperandContext* ctx);

  Expr* signs(P::OperandContext* ctx, Expr* e);

  Expr* unary(Token* op, Expr* inner);

  Expr* binary(Expr* lhs, Token* op_token, P::BinModifierContext* mod, Expr* rhs);

  void modifier(BinaryExpr* b, P::BinModifierContext* mod);

  // The alternatives of postfix start with different tokens.
  Expr* postfix(Expr* cur, P::PostfixContext* p);

  // '[' durationExpr (':' durationExpr?)? ']'
  Expr* bracket(Expr* cur, P::PostfixContext* br, Span ps);

  // The modifiers a node can carry: its own, or those of the selector inside a range selector.
  Modifiers* modifiers_of(Expr* e);

  void offset(Expr* cur, P::OffsetValueContext* v, Span ps);

  Expr* offset_value(P::OffsetValueContext* v);

  void at_modifier(Expr* cur, P::AtValueContext* v, Span ps);

  static std::string go_float(double v);

  void range_selector_modifier(Expr* cur, bool anchored, Span ps);

  // The alternatives of primaryExpr start with different tokens, or else with different rules.
  Expr* primary(P::PrimaryExprContext* ctx);

  // -- Literals ------------------------------------------------------------------------------

  // A NUMBER, DURATION, INF_LIT or NAN_LIT token.
  std::optional<double> number(Token* t);

  NumberLiteral* number_literal(Token* t);

  std::string string_value(Token* t);

  std::string string_value(TerminalNode* n) { return string_value(n->getSymbol()); }

  // -- Durations -----------------------------------------------------------------------------

  Expr* sign(Token* op, Expr* e);

  // A duration in brackets: a literal must be in range (and positive for ranges and steps);
  // anything else is a duration expression and needs its feature.
  Expr* duration_root(P::DurationExprContext* ctx, bool positive);

  void check_duration(Expr* e, bool positive);

  // durationExpr : durationOperand (op durationOperand)*, grouped like expressions. Operand k
  // is child 2k and its operator child 2k-1.
  Expr* duration(P::DurationExprContext* ctx);

  // durationOperand : (ADD | SUB) durationOperand | number | durationCall | '(' durationExpr ')'
  Expr* duration_operand(P::DurationOperandContext* ctx);

  Expr* duration_signs(P::DurationOperandContext* ctx, Expr* e);

  Expr* duration_binary(Expr* lhs, Token* op, Expr* rhs);

  Expr* duration_call(P::DurationCallContext* ctx);

  // -- Calls and aggregations ----------------------------------------------------------------

  // callArgs : expr (',' expr)* ','? — the expressions are the even children, and an even
  // count means a trailing comma.
  std::vector<Expr*> call_args(P::CallArgsContext* ctx);

  // name '(' callArgs? ')'
  Expr* call(P::PrimaryExprContext* ctx);

  // aggregateOp grouping aggregateBody | aggregateOp aggregateBody grouping?
  Expr* aggregate(P::PrimaryExprContext* ctx);

  std::vector<std::string> grouping_labels(P::GroupingLabelsContext* ctx);

  // -- Selectors -----------------------------------------------------------------------------

  // name labelMatchers? | labelMatchers
  Expr* selector(P::PrimaryExprContext* ctx);

  // labelName matchOp STRING | STRING (matchOp STRING)?
  Matcher matcher(P::MatcherContext* ctx);
};

}  // namespace mzr::syntax::promql_build
