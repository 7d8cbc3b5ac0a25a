#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "compiler/base/duration.h"
#include "compiler/syntax/promql_builder_impl.h"
#include "compiler/syntax/promql_literals.h"
#include "compiler/syntax/promql_precedence.h"

namespace mzr::syntax::promql_build {

// -- Literals -------------------------------------------------------------------------------------

// A NUMBER, DURATION, INF_LIT or NAN_LIT token.
std::optional<double> Builder::number(Token* t) {
  std::string s = text(t);
  switch (t->getType()) {
    case P::INF_LIT: return HUGE_VAL;
    case P::NAN_LIT: return std::nan("");
    case P::DURATION: {
      DurationError err;
      auto d = parse_duration(s, &err);
      if (!d) {
        error(DiagKind::PromqlBadLiteral, span(t), err.message);
        return std::nullopt;
      }
      return static_cast<double>(d->ms) / 1000.0;
    }
    default: {
      auto v = parse_promql_number(s);
      if (!v) {
        error(DiagKind::PromqlBadLiteral, span(t),
              fmt::format("error parsing number: \"{}\" is out of range", s));
      }
      return v;
    }
  }
}

NumberLiteral* Builder::number_literal(Token* t) {
  double v = number(t).value_or(0);
  return c_.arena.make<NumberLiteral>(span(t), v, t->getType() == P::DURATION);
}

std::string Builder::string_value(Token* t) {
  UnquoteError err;
  auto v = unquote_promql_string(text(t), &err);
  if (!v) {
    error(DiagKind::PromqlBadLiteral, span(t), err.message);
    return {};
  }
  return *v;
}

// -- Durations ------------------------------------------------------------------------------------

Expr* Builder::sign(Token* op, Expr* e) {
  Span s = merge(span(op), e->span);
  if (auto* n = as<NumberLiteral>(e)) {
    if (op->getType() == P::SUB) n->value = -n->value;
    n->span = s;
    return n;
  }
  return c_.arena.make<DurationExpr>(s, op->getType() == P::SUB ? DurationOp::Neg : DurationOp::Pos,
                                     e, nullptr);
}

// A duration in brackets: a literal must be in range (and positive for ranges and steps);
// anything else is a duration expression and needs its feature.
Expr* Builder::duration_root(P::DurationExprContext* ctx, bool positive) {
  Expr* e = duration(ctx);
  check_duration(e, positive);
  return e;
}

void Builder::check_duration(Expr* e, bool positive) {
  if (auto* n = as<NumberLiteral>(e)) {
    if (std::fabs(n->value) > kMaxDurationSeconds) {
      error(DiagKind::PromqlInvalidDuration, n->span, "duration out of range");
    } else if (positive && !(n->value > 0)) {
      error(DiagKind::PromqlInvalidDuration, n->span, "duration must be greater than 0");
    }
    return;
  }
  if (!c_.features.duration_expr) {
    error(DiagKind::PromqlFeatureDisabled, e->span,
          "experimental duration expression is not enabled");
  }
}

// durationExpr : durationOperand (op durationOperand)*, grouped like expressions. Operand k
// is child 2k and its operator child 2k-1.
Expr* Builder::duration(P::DurationExprContext* ctx) {
  size_t n = (ctx->children.size() + 1) / 2;
  return fold_by_precedence<Expr>(
      n, [&](size_t k) { return duration_operand(rule_at<P::DurationOperandContext>(ctx, 2 * k)); },
      [&](size_t k) { return precedence(token_at(ctx, 2 * k - 1)->getType()); },
      [&](size_t k, Expr* e) {
        return duration_signs(rule_at<P::DurationOperandContext>(ctx, 2 * k), e);
      },
      [&](Expr* lhs, size_t k, Expr* rhs) {
        return duration_binary(lhs, token_at(ctx, 2 * k - 1), rhs);
      });
}

// durationOperand : (ADD | SUB) durationOperand | number | durationCall | '(' durationExpr ')'
Expr* Builder::duration_operand(P::DurationOperandContext* ctx) {
  while (is_sign(ctx->getStart()->getType())) ctx = rule_at<P::DurationOperandContext>(ctx, 1);
  Token* start = ctx->getStart();
  if (is_number(start->getType())) return number_literal(start);
  if (start->getType() == P::LEFT_PAREN) {
    return c_.arena.make<DurationExpr>(span(ctx), DurationOp::Paren,
                                       duration(rule_at<P::DurationExprContext>(ctx, 1)), nullptr);
  }
  return duration_call(rule_at<P::DurationCallContext>(ctx, 0));
}

Expr* Builder::duration_signs(P::DurationOperandContext* ctx, Expr* e) {
  if (!is_sign(ctx->getStart()->getType())) return e;
  std::vector<Token*> ops;
  for (; is_sign(ctx->getStart()->getType()); ctx = rule_at<P::DurationOperandContext>(ctx, 1)) {
    ops.push_back(ctx->getStart());
  }
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) e = sign(*it, e);
  return e;
}

Expr* Builder::duration_binary(Expr* lhs, Token* op, Expr* rhs) {
  DurationOp dop = DurationOp::Add;
  switch (op->getType()) {
    case P::SUB: dop = DurationOp::Sub; break;
    case P::MUL: dop = DurationOp::Mul; break;
    case P::DIV: dop = DurationOp::Div; break;
    case P::MOD: dop = DurationOp::Mod; break;
    case P::POW: dop = DurationOp::Pow; break;
    default: break;
  }
  if (dop == DurationOp::Div || dop == DurationOp::Mod) {
    const Expr* r = rhs;
    while (auto* d = as<DurationExpr>(r)) {
      if (d->op != DurationOp::Paren) break;
      r = d->lhs;
    }
    if (auto* n = as<NumberLiteral>(r); n != nullptr && n->value == 0) {
      error(DiagKind::PromqlInvalidDuration, rhs->span,
            dop == DurationOp::Div ? "division by zero" : "modulo by zero");
    }
  }
  return c_.arena.make<DurationExpr>(merge(lhs->span, rhs->span), dop, lhs, rhs);
}

Expr* Builder::duration_call(P::DurationCallContext* ctx) {
  Span s = span(ctx);
  if (ctx->STEP() != nullptr)
    return c_.arena.make<DurationExpr>(s, DurationOp::Step, nullptr, nullptr);
  if (ctx->RANGE() != nullptr) {
    return c_.arena.make<DurationExpr>(s, DurationOp::Range, nullptr, nullptr);
  }
  Expr* a = duration(ctx->durationExpr(0));
  Expr* b = duration(ctx->durationExpr(1));
  return c_.arena.make<DurationExpr>(
      s, ctx->MIN_OF() != nullptr ? DurationOp::MinOf : DurationOp::MaxOf, a, b);
}

}  // namespace mzr::syntax::promql_build
