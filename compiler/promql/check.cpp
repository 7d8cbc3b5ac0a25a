#include "compiler/promql/check.h"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/promql/functions.h"

namespace mzr::promql {
namespace {

class Checker {
 public:
  explicit Checker(Diagnostics& d) : diags_(d) {}

  // The type of `e`, or None once an error was reported inside it (so that one mistake does not
  // cascade into errors about every enclosing expression).
  ValueType check(const Expr* e) {
    switch (e->kind) {
      case ExprKind::Number:
      case ExprKind::Duration: return ValueType::Scalar;
      case ExprKind::String: return ValueType::String;
      case ExprKind::VectorSelector: return selector(as<VectorSelector>(e));
      case ExprKind::MatrixSelector: {
        auto* ms = as<MatrixSelector>(e);
        return check(ms->selector) == ValueType::None ? ValueType::None : ValueType::Matrix;
      }
      case ExprKind::Subquery: {
        auto* sq = as<SubqueryExpr>(e);
        ValueType t = check(sq->expr);
        if (t == ValueType::None) return t;
        if (t != ValueType::Vector) {
          return error(DiagKind::PromqlTypeError, sq->span,
                       fmt::format("subquery is only allowed on instant vector, got {} instead",
                                   raw_name(t)));
        }
        return ValueType::Matrix;
      }
      case ExprKind::Paren: return check(as<ParenExpr>(e)->expr);
      case ExprKind::Unary: {
        auto* u = as<UnaryExpr>(e);
        ValueType t = check(u->expr);
        if (t == ValueType::None) return t;
        if (t != ValueType::Scalar && t != ValueType::Vector) {
          return error(DiagKind::PromqlTypeError, u->span,
                       fmt::format("unary expression only allowed on expressions of type scalar "
                                   "or instant vector, got \"{}\"",
                                   documented_name(t)));
        }
        return t;
      }
      case ExprKind::Binary: return binary(as<BinaryExpr>(e));
      case ExprKind::Call: return call(as<Call>(e));
      case ExprKind::Aggregate: return aggregate(as<AggregateExpr>(e));
    }
    return ValueType::None;
  }

 private:
  Diagnostics& diags_;

  ValueType error(DiagKind kind, Span at, std::string message) {
    diags_.report(kind, at, std::move(message));
    return ValueType::None;
  }

  ValueType selector(const VectorSelector* vs) {
    if (!vs->name.empty()) return ValueType::Vector;
    bool any_non_empty = std::any_of(vs->matchers.begin(), vs->matchers.end(),
                                     [](const Matcher& m) { return !m.matches_empty; });
    if (!any_non_empty) {
      return error(DiagKind::PromqlInvalidSelector, vs->span,
                   "vector selector must contain at least one non-empty matcher");
    }
    return ValueType::Vector;
  }

  // Checks `arg` and that it has type `want`; false after reporting.
  bool expect(const Expr* arg, ValueType want, std::string_view context) {
    ValueType t = check(arg);
    if (t == ValueType::None) return false;
    if (t != want) {
      error(DiagKind::PromqlTypeError, arg->span,
            fmt::format("expected type {} in {}, got {}", documented_name(want), context,
                        documented_name(t)));
      return false;
    }
    return true;
  }

  ValueType aggregate(const AggregateExpr* a) {
    if (a->expr == nullptr) return ValueType::None;  // arity error already reported
    if (!expect(a->expr, ValueType::Vector, "aggregation expression")) return ValueType::None;
    if (a->param != nullptr) {
      ValueType want = a->op == AggOp::CountValues ? ValueType::String : ValueType::Scalar;
      if (!expect(a->param, want, "aggregation parameter")) return ValueType::None;
    }
    return ValueType::Vector;
  }

  ValueType call(const Call* c) {
    const Function& f = *c->func;
    size_t nargs = f.arg_types.size();
    size_t got = c->args.size();
    if (f.variadic == 0) {
      if (got != nargs) {
        return error(
            DiagKind::PromqlWrongArgumentCount, c->span,
            fmt::format("expected {} argument(s) in call to \"{}\", got {}", nargs, f.name, got));
      }
    } else {
      size_t min = nargs - 1;
      if (got < min) {
        return error(DiagKind::PromqlWrongArgumentCount, c->span,
                     fmt::format("expected at least {} argument(s) in call to \"{}\", got {}", min,
                                 f.name, got));
      }
      size_t max = min + static_cast<size_t>(f.variadic);
      if (f.variadic > 0 && got > max) {
        return error(DiagKind::PromqlWrongArgumentCount, c->span,
                     fmt::format("expected at most {} argument(s) in call to \"{}\", got {}", max,
                                 f.name, got));
      }
    }
    std::string context = fmt::format("call to function \"{}\"", f.name);
    bool ok = true;
    for (size_t i = 0; i < got; ++i) {
      ValueType want = f.arg_types[std::min(i, nargs - 1)];
      // info()'s data-label selector may hold only matchers that accept the empty value.
      if (f.name == "info" && i == 1 && as<VectorSelector>(c->args[i]) != nullptr) continue;
      if (!expect(c->args[i], want, context)) {
        ok = false;
        break;
      }
    }
    if (ok && f.name == "info" && got > 1) {
      // The second argument of info() selects info metrics by their labels only.
      auto* vs = as<VectorSelector>(c->args[1]);
      if (vs == nullptr || !vs->name.empty()) {
        error(DiagKind::PromqlTypeError, c->args[1]->span,
              "expected label selectors only in the second argument of \"info\"");
        ok = false;
      }
    }
    return ok ? f.return_type : ValueType::None;
  }

  ValueType binary(const BinaryExpr* b) {
    ValueType lt = check(b->lhs);
    ValueType rt = check(b->rhs);
    if (lt == ValueType::None || rt == ValueType::None) return ValueType::None;
    const VectorMatching& m = b->matching;
    bool comparison = is_comparison(b->op);
    bool set_op = is_set_operator(b->op);
    std::string_view op = spelling(b->op);
    if (b->return_bool && !comparison) {
      return error(DiagKind::PromqlInvalidMatching, b->op_span,
                   "bool modifier can only be used on comparison operators");
    }
    if (comparison && !b->return_bool && lt == ValueType::Scalar && rt == ValueType::Scalar) {
      return error(DiagKind::PromqlInvalidMatching, b->op_span,
                   "comparisons between scalars must use BOOL modifier");
    }
    if (m.on) {
      for (const std::string& l : m.matching_labels) {
        if (std::find(m.include.begin(), m.include.end(), l) != m.include.end()) {
          return error(
              DiagKind::PromqlInvalidMatching, b->op_span,
              fmt::format("label \"{}\" must not occur in ON and GROUP clause at once", l));
        }
      }
    }
    for (ValueType t : {lt, rt}) {
      if (t != ValueType::Scalar && t != ValueType::Vector) {
        return error(DiagKind::PromqlTypeError, b->span,
                     "binary expression must contain only scalar and instant vector types");
      }
    }
    bool both_vectors = lt == ValueType::Vector && rt == ValueType::Vector;
    bool has_fill = m.fill.lhs.has_value() || m.fill.rhs.has_value();
    if (!both_vectors) {
      if (!m.matching_labels.empty()) {
        return error(DiagKind::PromqlInvalidMatching, b->span,
                     "vector matching only allowed between instant vectors");
      }
      if (has_fill) {
        return error(DiagKind::PromqlInvalidMatching, b->span,
                     "filling in missing series is only allowed between instant vectors");
      }
    } else if (set_op) {
      if (m.card == Cardinality::ManyToOne || m.card == Cardinality::OneToMany) {
        return error(DiagKind::PromqlInvalidMatching, b->span,
                     fmt::format("no grouping allowed for \"{}\" operation", op));
      }
      if (has_fill) {
        return error(
            DiagKind::PromqlInvalidMatching, b->span,
            fmt::format("filling in missing series is not allowed for \"{}\" operation", op));
      }
    }
    if (set_op && (lt == ValueType::Scalar || rt == ValueType::Scalar)) {
      return error(DiagKind::PromqlInvalidMatching, b->span,
                   fmt::format("set operator \"{}\" not allowed in binary scalar expression", op));
    }
    return lt == ValueType::Scalar && rt == ValueType::Scalar ? ValueType::Scalar
                                                              : ValueType::Vector;
  }
};

}  // namespace

ValueType check(const Expr* root, Diagnostics& diags) {
  if (root == nullptr) return ValueType::None;
  return Checker(diags).check(root);
}

}  // namespace mzr::promql
