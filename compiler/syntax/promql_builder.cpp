#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <optional>
#include <typeinfo>

#include "compiler/syntax/promql_builder_impl.h"
#include "compiler/syntax/promql_literals.h"
#include "compiler/syntax/promql_precedence.h"

namespace mzr::syntax {
namespace promql_build {

Span merge(Span a, Span b) {
  if (!a.valid()) return b;
  if (!b.valid()) return a;
  return Span{a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

std::optional<BinOp> bin_op(size_t token) {
  switch (token) {
    case P::ADD: return BinOp::Add;
    case P::SUB: return BinOp::Sub;
    case P::MUL: return BinOp::Mul;
    case P::DIV: return BinOp::Div;
    case P::MOD: return BinOp::Mod;
    case P::POW: return BinOp::Pow;
    case P::ATAN2: return BinOp::Atan2;
    case P::EQLC: return BinOp::Eql;
    case P::NEQ: return BinOp::Neq;
    case P::GTR: return BinOp::Gtr;
    case P::LSS: return BinOp::Lss;
    case P::GTE: return BinOp::Gte;
    case P::LTE: return BinOp::Lte;
    case P::AND: return BinOp::And;
    case P::OR: return BinOp::Or;
    case P::UNLESS: return BinOp::Unless;
    case P::TRIM_UPPER: return BinOp::TrimUpper;
    case P::TRIM_LOWER: return BinOp::TrimLower;
    default: return std::nullopt;
  }
}

AggOp agg_op(size_t token) {
  switch (token) {
    case P::AVG: return AggOp::Avg;
    case P::COUNT: return AggOp::Count;
    case P::MIN: return AggOp::Min;
    case P::MAX: return AggOp::Max;
    case P::GROUP: return AggOp::Group;
    case P::STDDEV: return AggOp::Stddev;
    case P::STDVAR: return AggOp::Stdvar;
    case P::TOPK: return AggOp::Topk;
    case P::BOTTOMK: return AggOp::Bottomk;
    case P::COUNT_VALUES: return AggOp::CountValues;
    case P::QUANTILE: return AggOp::Quantile;
    case P::LIMITK: return AggOp::Limitk;
    case P::LIMIT_RATIO: return AggOp::LimitRatio;
    default: return AggOp::Sum;
  }
}

int precedence(size_t token) {
  switch (token) {
    case P::OR: return kOrPrecedence;
    case P::AND:
    case P::UNLESS: return kAndPrecedence;
    case P::ADD:
    case P::SUB: return kAddPrecedence;
    case P::MUL:
    case P::DIV:
    case P::MOD:
    case P::ATAN2: return kMulPrecedence;
    case P::POW: return kPowPrecedence;
    default: return kComparePrecedence;
  }
}

bool added_in_prometheus_3(std::string_view name) {
  for (std::string_view n : {"info", "double_exponential_smoothing", "first_over_time",
                             "ts_of_first_over_time", "ts_of_last_over_time", "ts_of_max_over_time",
                             "ts_of_min_over_time", "histogram_quantiles", "start_timestamp"}) {
    if (n == name) return true;
  }
  return false;
}

bool is_sign(size_t token) {
  return token == P::ADD || token == P::SUB;
}

bool is_number(size_t token) {
  return token == P::NUMBER || token == P::DURATION || token == P::INF_LIT || token == P::NAN_LIT;
}

bool is_token(ParseTree* child) {
  return typeid(*child) == typeid(antlr4::tree::TerminalNodeImpl);
}

Token* token_at(ParserRuleContext* ctx, size_t i) {
  return static_cast<TerminalNode*>(ctx->children[i])->getSymbol();
}

std::optional<bool> simple_regex_matches_empty(std::string_view re) {
  auto literal = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view(" _-:/,=@#%&!~<>'\"`;").find(c) != std::string_view::npos;
  };
  bool any_empty = false;
  bool alt_empty = true;  // every item of the current alternative so far can match ""
  for (size_t i = 0; i <= re.size(); ++i) {
    if (i == re.size() || re[i] == '|') {
      any_empty = any_empty || alt_empty;
      alt_empty = true;
      continue;
    }
    char c = re[i];
    if (c == '.') {
      char next = i + 1 < re.size() ? re[i + 1] : '\0';
      if (next == '*' || next == '+') ++i;
      alt_empty = alt_empty && next == '*';
    } else if (literal(c)) {
      alt_empty = false;
    } else {
      return std::nullopt;
    }
  }
  return any_empty;
}

// -- Expressions ----------------------------------------------------------------------------------

// expr : operand (op binModifier operand)*, grouped by precedence. Operand k is child 3k,
// its operator child 3k-2 and that operator's modifier child 3k-1.
Expr* Builder::expression(P::ExprContext* ctx) {
  size_t n = (ctx->children.size() + 2) / 3;
  return fold_by_precedence<Expr>(
      n, [&](size_t k) { return operand(rule_at<P::OperandContext>(ctx, 3 * k)); },
      [&](size_t k) { return precedence(token_at(ctx, 3 * k - 2)->getType()); },
      [&](size_t k, Expr* e) { return signs(rule_at<P::OperandContext>(ctx, 3 * k), e); },
      [&](Expr* lhs, size_t k, Expr* rhs) {
        return binary(lhs, token_at(ctx, 3 * k - 2), rule_at<P::BinModifierContext>(ctx, 3 * k - 1),
                      rhs);
      });
}

// operand : (ADD | SUB) operand | primaryExpr postfix*. The value without the signs; those are
// applied by signs(), around the `^` chain the operand starts.
Expr* Builder::operand(P::OperandContext* ctx) {
  while (is_sign(ctx->getStart()->getType())) ctx = rule_at<P::OperandContext>(ctx, 1);
  Expr* cur = primary(rule_at<P::PrimaryExprContext>(ctx, 0));
  for (size_t i = 1; i < ctx->children.size(); ++i)
    cur = postfix(cur, rule_at<P::PostfixContext>(ctx, i));
  return cur;
}

Expr* Builder::signs(P::OperandContext* ctx, Expr* e) {
  if (!is_sign(ctx->getStart()->getType())) return e;
  // The innermost sign applies first: `- -1` is 1.
  std::vector<Token*> ops;
  for (; is_sign(ctx->getStart()->getType()); ctx = rule_at<P::OperandContext>(ctx, 1)) {
    ops.push_back(ctx->getStart());
  }
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) e = unary(*it, e);
  return e;
}

Expr* Builder::unary(Token* op, Expr* inner) {
  Span s = merge(span(op), inner->span);
  // Prometheus folds a sign into a number literal: `-1` is the number -1, not an operation.
  if (auto* n = as<NumberLiteral>(inner)) {
    if (op->getType() == P::SUB) n->value = -n->value;
    n->span = s;
    return n;
  }
  return c_.arena.make<UnaryExpr>(s, op->getType() == P::SUB ? BinOp::Sub : BinOp::Add, inner);
}

Expr* Builder::binary(Expr* lhs, Token* op_token, P::BinModifierContext* mod, Expr* rhs) {
  BinOp op = bin_op(op_token->getType()).value_or(BinOp::Add);
  auto* b = c_.arena.make<BinaryExpr>(merge(lhs->span, rhs->span), op, lhs, rhs);
  b->op_span = span(op_token);
  if (mod != nullptr) modifier(b, mod);
  if (is_set_operator(op) && b->matching.card == Cardinality::OneToOne) {
    b->matching.card = Cardinality::ManyToMany;
  }
  return b;
}

void Builder::modifier(BinaryExpr* b, P::BinModifierContext* mod) {
  VectorMatching& m = b->matching;
  b->return_bool = mod->BOOL() != nullptr;
  if (mod->onOrIgnoring() != nullptr) {
    m.has_matching = true;
    m.on = mod->onOrIgnoring()->ON() != nullptr;
    m.matching_labels = grouping_labels(mod->groupingLabels(0));
  }
  if (mod->groupSide() != nullptr) {
    m.card =
        mod->groupSide()->GROUP_LEFT() != nullptr ? Cardinality::ManyToOne : Cardinality::OneToMany;
    if (mod->groupingLabels().size() > 1) {
      m.include = grouping_labels(mod->groupingLabels(1));
      m.include_written = true;
    }
  }
  bool seen_fill = false;
  for (P::FillModifierContext* f : mod->fillModifier()) {
    Span at = span(f);
    if (!c_.features.binop_fill_modifiers) {
      error(DiagKind::PromqlFeatureDisabled, at,
            "binop fill modifiers are experimental and not enabled");
      return;
    }
    double v = number(f->numberLiteral()->getStart()).value_or(0);
    if (f->SUB() != nullptr) v = -v;
    bool both = f->FILL() != nullptr;
    bool left = f->FILL_LEFT() != nullptr;
    // Upstream's grammar allows fill(v), or fill_left and fill_right at most once each.
    if ((seen_fill && both) || m.fill.written_as_fill || (left && m.fill.lhs) ||
        (!both && !left && m.fill.rhs)) {
      error(DiagKind::PromqlSyntax, at, fmt::format("unexpected <{}>", text(f->getStart())));
      return;
    }
    seen_fill = true;
    if (both) {
      m.fill.lhs = v;
      m.fill.rhs = v;
      m.fill.written_as_fill = true;
    } else if (left) {
      m.fill.lhs = v;
    } else {
      m.fill.rhs = v;
    }
  }
}

// The alternatives of postfix start with different tokens.
Expr* Builder::postfix(Expr* cur, P::PostfixContext* p) {
  Span ps = span(p);
  switch (p->getStart()->getType()) {
    case P::LEFT_BRACKET: cur = bracket(cur, p, ps); break;
    case P::OFFSET: offset(cur, rule_at<P::OffsetValueContext>(p, 1), ps); break;
    case P::AT: at_modifier(cur, rule_at<P::AtValueContext>(p, 1), ps); break;
    default: range_selector_modifier(cur, p->getStart()->getType() == P::ANCHORED, ps); break;
  }
  cur->span = merge(cur->span, ps);
  return cur;
}

// '[' durationExpr (':' durationExpr?)? ']'
Expr* Builder::bracket(Expr* cur, P::PostfixContext* br, Span ps) {
  Expr* range = duration_root(rule_at<P::DurationExprContext>(br, 1), true);
  if (br->children.size() > 3) {
    Expr* step = br->children.size() == 5
                     ? duration_root(rule_at<P::DurationExprContext>(br, 3), true)
                     : nullptr;
    return c_.arena.make<SubqueryExpr>(merge(cur->span, ps), cur, range, step);
  }
  auto* vs = as<VectorSelector>(cur);
  if (vs == nullptr) {
    error(DiagKind::PromqlInvalidModifier, ps, "ranges only allowed for vector selectors");
  } else if (vs->modifiers.offset != nullptr) {
    error(DiagKind::PromqlInvalidModifier, ps, "no offset modifiers allowed before range");
  } else if (vs->modifiers.at != AtKind::None) {
    error(DiagKind::PromqlInvalidModifier, ps, "no @ modifiers allowed before range");
  }
  return c_.arena.make<MatrixSelector>(merge(cur->span, ps), cur, range);
}

// The modifiers a node can carry: its own, or those of the selector inside a range selector.
Modifiers* Builder::modifiers_of(Expr* e) {
  if (auto* vs = as<VectorSelector>(e)) return &vs->modifiers;
  if (auto* ms = as<MatrixSelector>(e)) {
    if (auto* vs = as<VectorSelector>(ms->selector)) return &vs->modifiers;
  }
  if (auto* sq = as<SubqueryExpr>(e)) return &sq->modifiers;
  return nullptr;
}

void Builder::offset(Expr* cur, P::OffsetValueContext* v, Span ps) {
  Expr* value = offset_value(v);
  Modifiers* m = modifiers_of(cur);
  if (m == nullptr) {
    error(DiagKind::PromqlInvalidModifier, ps,
          "offset modifier must be preceded by an instant vector selector or range vector "
          "selector or a subquery");
  } else if (m->offset != nullptr) {
    error(DiagKind::PromqlInvalidModifier, ps, "offset may not be set multiple times");
  } else {
    m->offset = value;
  }
}

Expr* Builder::offset_value(P::OffsetValueContext* v) {
  P::OffsetAtomContext* atom = v->offsetAtom();
  Expr* e = nullptr;
  if (atom->numberLiteral() != nullptr) {
    e = number_literal(atom->numberLiteral()->getStart());
  } else if (atom->durationCall() != nullptr) {
    e = duration_call(atom->durationCall());
  } else {
    e = c_.arena.make<DurationExpr>(span(atom), DurationOp::Paren, duration(atom->durationExpr()),
                                    nullptr);
  }
  if (v->ADD() != nullptr || v->SUB() != nullptr) e = sign(v->getStart(), e);
  check_duration(e, false);
  return e;
}

void Builder::at_modifier(Expr* cur, P::AtValueContext* v, Span ps) {
  Modifiers* m = modifiers_of(cur);
  AtKind kind = AtKind::Timestamp;
  double seconds = 0;
  if (v->START() != nullptr) {
    kind = AtKind::Start;
  } else if (v->END() != nullptr) {
    kind = AtKind::End;
  } else {
    seconds = number(v->numberLiteral()->getStart()).value_or(0);
    if (v->SUB() != nullptr) seconds = -seconds;
    double ms = seconds * 1000;
    if (std::isnan(ms) || ms >= kMaxTimestampMs || ms < -kMaxTimestampMs) {
      error(DiagKind::PromqlInvalidModifier, span(v),
            fmt::format("timestamp out of bounds for @ modifier: {}", go_float(seconds)));
      return;
    }
  }
  if (m == nullptr) {
    error(DiagKind::PromqlInvalidModifier, ps,
          "@ modifier must be preceded by an instant vector selector or range vector selector "
          "or a subquery");
  } else if (m->at != AtKind::None) {
    error(DiagKind::PromqlInvalidModifier, ps, "@ <timestamp> may not be set multiple times");
  } else {
    m->at = kind;
    m->at_seconds = seconds;
  }
}

std::string Builder::go_float(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{:.6f}", v);
}

void Builder::range_selector_modifier(Expr* cur, bool anchored, Span ps) {
  std::string_view name = anchored ? "anchored" : "smoothed";
  if (!c_.features.extended_range_selectors) {
    error(DiagKind::PromqlFeatureDisabled, ps,
          fmt::format("{} modifier is experimental and not enabled", name));
    return;
  }
  if (as<SubqueryExpr>(cur) != nullptr) {
    error(DiagKind::PromqlInvalidModifier, ps,
          fmt::format("{} modifier is not supported for subqueries", name));
    return;
  }
  Modifiers* m = modifiers_of(cur);
  if (m == nullptr) {
    error(DiagKind::PromqlInvalidModifier, ps,
          fmt::format("{} modifier must be preceded by an instant vector selector or range "
                      "vector selector",
                      name));
    return;
  }
  if ((anchored && m->smoothed) || (!anchored && m->anchored)) {
    error(DiagKind::PromqlInvalidModifier, ps,
          "anchored and smoothed modifiers cannot be used together");
    return;
  }
  (anchored ? m->anchored : m->smoothed) = true;
}

// The alternatives of primaryExpr start with different tokens, or else with different rules.
Expr* Builder::primary(P::PrimaryExprContext* ctx) {
  Token* start = ctx->getStart();
  size_t type = start->getType();
  if (is_number(type)) return number_literal(start);
  if (type == P::STRING) {
    return c_.arena.make<StringLiteral>(span(ctx), string_value(start));
  }
  if (type == P::LEFT_PAREN) {
    return c_.arena.make<ParenExpr>(span(ctx), node(rule_at<P::ExprContext>(ctx, 1)));
  }
  if (type == P::LEFT_BRACE) return selector(ctx);
  size_t n = ctx->children.size();
  // aggregateOp, then grouping and aggregateBody for an aggregation, or at most labelMatchers
  // for a selector.
  if (!is_token(ctx->children[0])) {
    bool matchers = n == 1 || rule_at(ctx, 1)->getRuleIndex() == P::RuleLabelMatchers;
    return matchers ? selector(ctx) : aggregate(ctx);
  }
  // A name token, then '(' callArgs? ')' for a call or at most labelMatchers for a selector.
  return n >= 3 ? call(ctx) : selector(ctx);
}

}  // namespace promql_build

promql::Expr* build_promql_ast(antlr_PromQL::PromQLParser::ExprContext* tree,
                               PromqlBuildContext& context, bool& ok) {
  promql_build::Builder b(context);
  promql::Expr* root = b.node(tree);
  ok = b.ok;
  return root;
}

}  // namespace mzr::syntax
