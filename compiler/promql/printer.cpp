#include "compiler/promql/printer.h"

#include <fmt/format.h>

#include <cmath>

#include "compiler/base/duration.h"
#include "compiler/base/names.h"
#include "compiler/base/utf8.h"
#include "compiler/promql/functions.h"

namespace mzr::promql {
namespace {

std::string number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  return fmt::format("{}", v);
}

// Seconds as a duration with units when that is exact, else as a plain number of seconds.
std::string duration_text(double seconds) {
  double ms = seconds * 1000;
  if (std::isfinite(ms) && ms == std::floor(ms) && std::fabs(ms) < 9e18) {
    return format_duration(Duration{static_cast<int64_t>(ms)});
  }
  return number_text(seconds);
}

std::string label_text(const std::string& name) {
  return is_legacy_label_name(name) ? name : quote_string(name);
}

std::string label_list(const std::vector<std::string>& labels) {
  std::string out = "(";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ", ";
    out += label_text(labels[i]);
  }
  return out + ")";
}

class Printer {
 public:
  std::string out;

  void expr(const Expr* e) {
    switch (e->kind) {
      case ExprKind::Number: out += number_text(as<NumberLiteral>(e)->value); break;
      case ExprKind::String: out += quote_string(as<StringLiteral>(e)->value); break;
      case ExprKind::Duration: duration(e); break;
      case ExprKind::VectorSelector: {
        auto* vs = as<VectorSelector>(e);
        selector(vs);
        modifiers(vs->modifiers);
        break;
      }
      case ExprKind::MatrixSelector: {
        auto* ms = as<MatrixSelector>(e);
        auto* vs = as<VectorSelector>(ms->selector);
        if (vs != nullptr) {
          selector(vs);
        } else {
          expr(ms->selector);
        }
        out += '[';
        duration(ms->range);
        out += ']';
        if (vs != nullptr) modifiers(vs->modifiers);
        break;
      }
      case ExprKind::Subquery: {
        auto* sq = as<SubqueryExpr>(e);
        expr(sq->expr);
        out += '[';
        duration(sq->range);
        out += ':';
        if (sq->step != nullptr) duration(sq->step);
        out += ']';
        modifiers(sq->modifiers);
        break;
      }
      case ExprKind::Paren:
        out += '(';
        expr(as<ParenExpr>(e)->expr);
        out += ')';
        break;
      case ExprKind::Unary: {
        auto* u = as<UnaryExpr>(e);
        out += spelling(u->op);
        // `- -x` must not become a single token or a comment-like run.
        if (as<UnaryExpr>(u->expr) != nullptr) out += ' ';
        expr(u->expr);
        break;
      }
      case ExprKind::Binary: binary(as<BinaryExpr>(e)); break;
      case ExprKind::Call: {
        auto* c = as<Call>(e);
        out += c->func->name;
        out += '(';
        args(c->args);
        out += ')';
        break;
      }
      case ExprKind::Aggregate: aggregate(as<AggregateExpr>(e)); break;
    }
  }

 private:
  void args(const std::vector<Expr*>& list) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out += ", ";
      expr(list[i]);
    }
  }

  void selector(const VectorSelector* vs) {
    std::vector<std::string> parts;
    bool name_outside = !vs->name.empty() && is_legacy_metric_name(vs->name);
    if (!vs->name.empty() && !name_outside) parts.push_back(quote_string(vs->name));
    for (const Matcher& m : vs->matchers) {
      parts.push_back(label_text(m.name) + std::string(spelling(m.op)) + quote_string(m.value));
    }
    if (name_outside) out += vs->name;
    if (!parts.empty() || !name_outside) {
      out += '{';
      for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += ", ";
        out += parts[i];
      }
      out += '}';
    }
  }

  void modifiers(const Modifiers& m) {
    switch (m.at) {
      case AtKind::None: break;
      case AtKind::Timestamp: out += " @ " + number_text(m.at_seconds); break;
      case AtKind::Start: out += " @ start()"; break;
      case AtKind::End: out += " @ end()"; break;
    }
    if (m.offset != nullptr) {
      out += " offset ";
      duration(m.offset);
    }
    if (m.anchored) out += " anchored";
    if (m.smoothed) out += " smoothed";
  }

  // A literal standing alone in brackets or after offset is always a duration; inside duration
  // arithmetic a plain number stays a number (both mean seconds).
  void duration(const Expr* e, bool root = true) {
    if (auto* n = as<NumberLiteral>(e)) {
      out += root || n->duration ? duration_text(n->value) : number_text(n->value);
      return;
    }
    auto* d = as<DurationExpr>(e);
    if (d == nullptr) {
      expr(e);
      return;
    }
    auto infix = [&](std::string_view op) {
      duration(d->lhs, false);
      out += ' ';
      out += op;
      out += ' ';
      duration(d->rhs, false);
    };
    switch (d->op) {
      case DurationOp::Add: infix("+"); break;
      case DurationOp::Sub: infix("-"); break;
      case DurationOp::Mul: infix("*"); break;
      case DurationOp::Div: infix("/"); break;
      case DurationOp::Mod: infix("%"); break;
      case DurationOp::Pow: infix("^"); break;
      case DurationOp::Neg:
      case DurationOp::Pos:
        out += d->op == DurationOp::Neg ? '-' : '+';
        if (as<DurationExpr>(d->lhs) != nullptr &&
            (as<DurationExpr>(d->lhs)->op == DurationOp::Neg ||
             as<DurationExpr>(d->lhs)->op == DurationOp::Pos)) {
          out += ' ';
        }
        duration(d->lhs, false);
        break;
      case DurationOp::Step: out += "step()"; break;
      case DurationOp::Range: out += "range()"; break;
      case DurationOp::MinOf:
      case DurationOp::MaxOf:
        out += d->op == DurationOp::MinOf ? "min_of(" : "max_of(";
        duration(d->lhs, false);
        out += ", ";
        duration(d->rhs, false);
        out += ')';
        break;
      case DurationOp::Paren:
        out += '(';
        duration(d->lhs, false);
        out += ')';
        break;
    }
  }

  void binary(const BinaryExpr* b) {
    expr(b->lhs);
    out += ' ';
    out += spelling(b->op);
    if (b->return_bool) out += " bool";
    const VectorMatching& m = b->matching;
    if (m.has_matching) {
      out += m.on ? " on" : " ignoring";
      out += label_list(m.matching_labels);
    }
    if (m.card == Cardinality::ManyToOne || m.card == Cardinality::OneToMany) {
      out += m.card == Cardinality::ManyToOne ? " group_left" : " group_right";
      if (!m.include.empty()) out += label_list(m.include);
    }
    if (m.fill.lhs && m.fill.rhs && *m.fill.lhs == *m.fill.rhs) {
      out += " fill(" + number_text(*m.fill.lhs) + ")";
    } else {
      if (m.fill.lhs) out += " fill_left(" + number_text(*m.fill.lhs) + ")";
      if (m.fill.rhs) out += " fill_right(" + number_text(*m.fill.rhs) + ")";
    }
    out += ' ';
    expr(b->rhs);
  }

  void aggregate(const AggregateExpr* a) {
    out += spelling(a->op);
    if (a->without || !a->grouping.empty()) {
      out += a->without ? " without " : " by ";
      out += label_list(a->grouping);
      out += ' ';
    }
    out += '(';
    if (a->param != nullptr) {
      expr(a->param);
      out += ", ";
    }
    if (a->expr != nullptr) expr(a->expr);
    out += ')';
  }
};

}  // namespace

std::string print(const Expr* e) {
  Printer p;
  if (e != nullptr) p.expr(e);
  return p.out;
}

}  // namespace mzr::promql
