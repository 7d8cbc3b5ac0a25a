#include "compiler/logql/ast.h"

namespace mzr::logql {

std::string_view spelling(MatchOp op) {
  switch (op) {
    case MatchOp::Equal: return "=";
    case MatchOp::NotEqual: return "!=";
    case MatchOp::Regex: return "=~";
    case MatchOp::NotRegex: return "!~";
  }
  return "?";
}

std::string_view spelling(LineFilterOp op) {
  switch (op) {
    case LineFilterOp::Contains: return "|=";
    case LineFilterOp::NotContains: return "!=";
    case LineFilterOp::Regex: return "|~";
    case LineFilterOp::NotRegex: return "!~";
    case LineFilterOp::Pattern: return "|>";
    case LineFilterOp::NotPattern: return "!>";
  }
  return "?";
}

std::string_view spelling(CompareOp op) {
  switch (op) {
    case CompareOp::Gt: return ">";
    case CompareOp::Gte: return ">=";
    case CompareOp::Lt: return "<";
    case CompareOp::Lte: return "<=";
    case CompareOp::Neq: return "!=";
    case CompareOp::Eq: return "=";
    case CompareOp::CmpEq: return "==";
  }
  return "?";
}

std::string_view spelling(Conversion c) {
  switch (c) {
    case Conversion::None: return "";
    case Conversion::Bytes: return "bytes";
    case Conversion::Duration: return "duration";
    case Conversion::DurationSeconds: return "duration_seconds";
  }
  return "?";
}

std::string_view spelling(RangeOp op) {
  switch (op) {
    case RangeOp::Rate: return "rate";
    case RangeOp::RateCounter: return "rate_counter";
    case RangeOp::CountOverTime: return "count_over_time";
    case RangeOp::BytesRate: return "bytes_rate";
    case RangeOp::BytesOverTime: return "bytes_over_time";
    case RangeOp::AvgOverTime: return "avg_over_time";
    case RangeOp::SumOverTime: return "sum_over_time";
    case RangeOp::MinOverTime: return "min_over_time";
    case RangeOp::MaxOverTime: return "max_over_time";
    case RangeOp::StdvarOverTime: return "stdvar_over_time";
    case RangeOp::StddevOverTime: return "stddev_over_time";
    case RangeOp::QuantileOverTime: return "quantile_over_time";
    case RangeOp::FirstOverTime: return "first_over_time";
    case RangeOp::LastOverTime: return "last_over_time";
    case RangeOp::AbsentOverTime: return "absent_over_time";
  }
  return "?";
}

std::string_view spelling(VectorOp op) {
  switch (op) {
    case VectorOp::Sum: return "sum";
    case VectorOp::Avg: return "avg";
    case VectorOp::Max: return "max";
    case VectorOp::Min: return "min";
    case VectorOp::Count: return "count";
    case VectorOp::Stddev: return "stddev";
    case VectorOp::Stdvar: return "stdvar";
    case VectorOp::Bottomk: return "bottomk";
    case VectorOp::Topk: return "topk";
    case VectorOp::Sort: return "sort";
    case VectorOp::SortDesc: return "sort_desc";
    case VectorOp::ApproxTopk: return "approx_topk";
  }
  return "?";
}

std::string_view spelling(BinOp op) {
  switch (op) {
    case BinOp::Or: return "or";
    case BinOp::And: return "and";
    case BinOp::Unless: return "unless";
    case BinOp::Add: return "+";
    case BinOp::Sub: return "-";
    case BinOp::Mul: return "*";
    case BinOp::Div: return "/";
    case BinOp::Mod: return "%";
    case BinOp::Pow: return "^";
    case BinOp::CmpEq: return "==";
    case BinOp::Neq: return "!=";
    case BinOp::Gt: return ">";
    case BinOp::Gte: return ">=";
    case BinOp::Lt: return "<";
    case BinOp::Lte: return "<=";
  }
  return "?";
}

bool is_set_operator(BinOp op) {
  return op == BinOp::Or || op == BinOp::And || op == BinOp::Unless;
}

bool is_comparison(BinOp op) {
  switch (op) {
    case BinOp::CmpEq:
    case BinOp::Neq:
    case BinOp::Gt:
    case BinOp::Gte:
    case BinOp::Lt:
    case BinOp::Lte: return true;
    default: return false;
  }
}

int precedence(BinOp op) {
  switch (op) {
    case BinOp::Or: return 1;
    case BinOp::And:
    case BinOp::Unless: return 2;
    case BinOp::Add:
    case BinOp::Sub: return 4;
    case BinOp::Mul:
    case BinOp::Div:
    case BinOp::Mod: return 5;
    case BinOp::Pow: return 6;
    default: return 3;  // comparisons
  }
}

bool is_metric_expr(const Expr* e) {
  return e != nullptr && e->kind != ExprKind::Log;
}

}  // namespace mzr::logql
