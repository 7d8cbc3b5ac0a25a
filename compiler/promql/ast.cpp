#include "compiler/promql/ast.h"

#include <cmath>

#include "compiler/promql/functions.h"

namespace mzr::promql {

std::string_view documented_name(ValueType t) {
  switch (t) {
    case ValueType::None: return "none";
    case ValueType::Scalar: return "scalar";
    case ValueType::Vector: return "instant vector";
    case ValueType::Matrix: return "range vector";
    case ValueType::String: return "string";
  }
  return "none";
}

std::string_view raw_name(ValueType t) {
  switch (t) {
    case ValueType::None: return "none";
    case ValueType::Scalar: return "scalar";
    case ValueType::Vector: return "vector";
    case ValueType::Matrix: return "matrix";
    case ValueType::String: return "string";
  }
  return "none";
}

std::string_view spelling(BinOp op) {
  switch (op) {
    case BinOp::Add: return "+";
    case BinOp::Sub: return "-";
    case BinOp::Mul: return "*";
    case BinOp::Div: return "/";
    case BinOp::Mod: return "%";
    case BinOp::Pow: return "^";
    case BinOp::Atan2: return "atan2";
    case BinOp::Eql: return "==";
    case BinOp::Neq: return "!=";
    case BinOp::Gtr: return ">";
    case BinOp::Lss: return "<";
    case BinOp::Gte: return ">=";
    case BinOp::Lte: return "<=";
    case BinOp::And: return "and";
    case BinOp::Or: return "or";
    case BinOp::Unless: return "unless";
    case BinOp::TrimUpper: return "</";
    case BinOp::TrimLower: return ">/";
  }
  return "?";
}

bool is_comparison(BinOp op) {
  return op == BinOp::Eql || op == BinOp::Neq || op == BinOp::Gtr || op == BinOp::Lss ||
         op == BinOp::Gte || op == BinOp::Lte;
}

bool is_set_operator(BinOp op) {
  return op == BinOp::And || op == BinOp::Or || op == BinOp::Unless;
}

std::string_view spelling(AggOp op) {
  switch (op) {
    case AggOp::Sum: return "sum";
    case AggOp::Avg: return "avg";
    case AggOp::Count: return "count";
    case AggOp::Min: return "min";
    case AggOp::Max: return "max";
    case AggOp::Group: return "group";
    case AggOp::Stddev: return "stddev";
    case AggOp::Stdvar: return "stdvar";
    case AggOp::Topk: return "topk";
    case AggOp::Bottomk: return "bottomk";
    case AggOp::CountValues: return "count_values";
    case AggOp::Quantile: return "quantile";
    case AggOp::Limitk: return "limitk";
    case AggOp::LimitRatio: return "limit_ratio";
  }
  return "?";
}

bool has_parameter(AggOp op) {
  return op == AggOp::Topk || op == AggOp::Bottomk || op == AggOp::CountValues ||
         op == AggOp::Quantile || op == AggOp::Limitk || op == AggOp::LimitRatio;
}

std::string_view spelling(MatchOp op) {
  switch (op) {
    case MatchOp::Equal: return "=";
    case MatchOp::NotEqual: return "!=";
    case MatchOp::Regex: return "=~";
    case MatchOp::NotRegex: return "!~";
  }
  return "?";
}

ValueType type_of(const Expr* e) {
  if (e == nullptr) return ValueType::None;
  switch (e->kind) {
    case ExprKind::Number:
    case ExprKind::Duration: return ValueType::Scalar;
    case ExprKind::String: return ValueType::String;
    case ExprKind::VectorSelector:
    case ExprKind::Aggregate: return ValueType::Vector;
    case ExprKind::MatrixSelector:
    case ExprKind::Subquery: return ValueType::Matrix;
    case ExprKind::Paren: return type_of(static_cast<const ParenExpr*>(e)->expr);
    case ExprKind::Unary: return type_of(static_cast<const UnaryExpr*>(e)->expr);
    case ExprKind::Call: return static_cast<const Call*>(e)->func->return_type;
    case ExprKind::Binary: {
      auto* b = static_cast<const BinaryExpr*>(e);
      return type_of(b->lhs) == ValueType::Scalar && type_of(b->rhs) == ValueType::Scalar
                 ? ValueType::Scalar
                 : ValueType::Vector;
    }
  }
  return ValueType::None;
}

const Expr* unparen(const Expr* e) {
  while (auto* p = as<ParenExpr>(e)) e = p->expr;
  return e;
}

namespace {

bool same_number(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

bool same_modifiers(const Modifiers& a, const Modifiers& b) {
  return same_tree(a.offset, b.offset) && a.at == b.at && same_number(a.at_seconds, b.at_seconds) &&
         a.anchored == b.anchored && a.smoothed == b.smoothed;
}

bool same_matchers(const std::vector<Matcher>& a, const std::vector<Matcher>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].op != b[i].op || a[i].value != b[i].value) return false;
  }
  return true;
}

bool same_matching(const VectorMatching& a, const VectorMatching& b) {
  return a.card == b.card && a.on == b.on && a.has_matching == b.has_matching &&
         a.matching_labels == b.matching_labels && a.include == b.include &&
         a.fill.lhs == b.fill.lhs && a.fill.rhs == b.fill.rhs;
}

}  // namespace

bool same_tree(const Expr* a, const Expr* b) {
  if (a == nullptr || b == nullptr) return a == b;
  if (a->kind != b->kind) return false;
  switch (a->kind) {
    case ExprKind::Number: {
      auto *x = as<NumberLiteral>(a), *y = as<NumberLiteral>(b);
      return same_number(x->value, y->value);
    }
    case ExprKind::String: return as<StringLiteral>(a)->value == as<StringLiteral>(b)->value;
    case ExprKind::Duration: {
      auto *x = as<DurationExpr>(a), *y = as<DurationExpr>(b);
      return x->op == y->op && same_tree(x->lhs, y->lhs) && same_tree(x->rhs, y->rhs);
    }
    case ExprKind::VectorSelector: {
      auto *x = as<VectorSelector>(a), *y = as<VectorSelector>(b);
      return x->name == y->name && same_matchers(x->matchers, y->matchers) &&
             same_modifiers(x->modifiers, y->modifiers);
    }
    case ExprKind::MatrixSelector: {
      auto *x = as<MatrixSelector>(a), *y = as<MatrixSelector>(b);
      return same_tree(x->selector, y->selector) && same_tree(x->range, y->range);
    }
    case ExprKind::Subquery: {
      auto *x = as<SubqueryExpr>(a), *y = as<SubqueryExpr>(b);
      return same_tree(x->expr, y->expr) && same_tree(x->range, y->range) &&
             same_tree(x->step, y->step) && same_modifiers(x->modifiers, y->modifiers);
    }
    case ExprKind::Paren: return same_tree(as<ParenExpr>(a)->expr, as<ParenExpr>(b)->expr);
    case ExprKind::Unary: {
      auto *x = as<UnaryExpr>(a), *y = as<UnaryExpr>(b);
      return x->op == y->op && same_tree(x->expr, y->expr);
    }
    case ExprKind::Binary: {
      auto *x = as<BinaryExpr>(a), *y = as<BinaryExpr>(b);
      return x->op == y->op && x->return_bool == y->return_bool &&
             same_matching(x->matching, y->matching) && same_tree(x->lhs, y->lhs) &&
             same_tree(x->rhs, y->rhs);
    }
    case ExprKind::Call: {
      auto *x = as<Call>(a), *y = as<Call>(b);
      if (x->func != y->func || x->args.size() != y->args.size()) return false;
      for (size_t i = 0; i < x->args.size(); ++i) {
        if (!same_tree(x->args[i], y->args[i])) return false;
      }
      return true;
    }
    case ExprKind::Aggregate: {
      auto *x = as<AggregateExpr>(a), *y = as<AggregateExpr>(b);
      return x->op == y->op && x->without == y->without && x->grouping == y->grouping &&
             same_tree(x->expr, y->expr) && same_tree(x->param, y->param);
    }
  }
  return false;
}

}  // namespace mzr::promql
