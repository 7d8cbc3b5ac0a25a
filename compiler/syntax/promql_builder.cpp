#include "compiler/syntax/promql_builder.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <cctype>
#include <cmath>
#include <optional>
#include <typeinfo>

#include "compiler/base/duration.h"
#include "compiler/base/suggest.h"
#include "compiler/promql/functions.h"
#include "compiler/syntax/promql_literals.h"
#include "compiler/syntax/promql_precedence.h"

namespace mzr::syntax {
namespace {

using P = antlr_PromQL::PromQLParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;
using namespace promql;

// time.Duration holds at most 2^63-1 nanoseconds.
constexpr double kMaxDurationSeconds = 9223372036.854775807;
// Timestamps are int64 milliseconds.
constexpr double kMaxTimestampMs = 9223372036854775807.0;

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

bool is_sign(size_t token) {
  return token == P::ADD || token == P::SUB;
}
bool is_number(size_t token) {
  return token == P::NUMBER || token == P::DURATION || token == P::INF_LIT || token == P::NAN_LIT;
}

// Children of a rule context whose grammar fixes what sits where: the builder reads them by
// position, which costs nothing, where the generated accessors search with dynamic_cast.
template <class T = ParserRuleContext>
T* rule_at(ParserRuleContext* ctx, size_t i) {
  return static_cast<T*>(ctx->children[i]);
}
// Whether a child is a token rather than a rule context. Comparing type_info objects is cheap
// where dynamic_cast walks the class hierarchy.
bool is_token(ParseTree* child) {
  return typeid(*child) == typeid(antlr4::tree::TerminalNodeImpl);
}
Token* token_at(ParserRuleContext* ctx, size_t i) {
  return static_cast<TerminalNode*>(ctx->children[i])->getSymbol();
}

// Most matcher regexes are alternatives of literal text with '.', '.*' and '.+' ("2..|3..",
// "kube-.*"): always valid, and matching the empty string exactly when an alternative is empty
// or made of '.*' only. For those this answers whether the anchored pattern matches "" without
// compiling it (twice) with RE2; for anything else, nullopt.
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
  Expr* expression(P::ExprContext* ctx) {
    size_t n = (ctx->children.size() + 2) / 3;
    return fold_by_precedence<Expr>(
        n, [&](size_t k) { return operand(rule_at<P::OperandContext>(ctx, 3 * k)); },
        [&](size_t k) { return precedence(token_at(ctx, 3 * k - 2)->getType()); },
        [&](size_t k, Expr* e) { return signs(rule_at<P::OperandContext>(ctx, 3 * k), e); },
        [&](Expr* lhs, size_t k, Expr* rhs) {
          return binary(lhs, token_at(ctx, 3 * k - 2),
                        rule_at<P::BinModifierContext>(ctx, 3 * k - 1), rhs);
        });
  }

  // operand : (ADD | SUB) operand | primaryExpr postfix*. The value without the signs; those are
  // applied by signs(), around the `^` chain the operand starts.
  Expr* operand(P::OperandContext* ctx) {
    while (is_sign(ctx->getStart()->getType())) ctx = rule_at<P::OperandContext>(ctx, 1);
    Expr* cur = primary(rule_at<P::PrimaryExprContext>(ctx, 0));
    for (size_t i = 1; i < ctx->children.size(); ++i)
      cur = postfix(cur, rule_at<P::PostfixContext>(ctx, i));
    return cur;
  }

  Expr* signs(P::OperandContext* ctx, Expr* e) {
    if (!is_sign(ctx->getStart()->getType())) return e;
    // The innermost sign applies first: `- -1` is 1.
    std::vector<Token*> ops;
    for (; is_sign(ctx->getStart()->getType()); ctx = rule_at<P::OperandContext>(ctx, 1)) {
      ops.push_back(ctx->getStart());
    }
    for (auto it = ops.rbegin(); it != ops.rend(); ++it) e = unary(*it, e);
    return e;
  }

  Expr* unary(Token* op, Expr* inner) {
    Span s = merge(span(op), inner->span);
    // Prometheus folds a sign into a number literal: `-1` is the number -1, not an operation.
    if (auto* n = as<NumberLiteral>(inner)) {
      if (op->getType() == P::SUB) n->value = -n->value;
      n->span = s;
      return n;
    }
    return c_.arena.make<UnaryExpr>(s, op->getType() == P::SUB ? BinOp::Sub : BinOp::Add, inner);
  }

  Expr* binary(Expr* lhs, Token* op_token, P::BinModifierContext* mod, Expr* rhs) {
    BinOp op = bin_op(op_token->getType()).value_or(BinOp::Add);
    auto* b = c_.arena.make<BinaryExpr>(merge(lhs->span, rhs->span), op, lhs, rhs);
    b->op_span = span(op_token);
    if (mod != nullptr) modifier(b, mod);
    if (is_set_operator(op) && b->matching.card == Cardinality::OneToOne) {
      b->matching.card = Cardinality::ManyToMany;
    }
    return b;
  }

  void modifier(BinaryExpr* b, P::BinModifierContext* mod) {
    VectorMatching& m = b->matching;
    b->return_bool = mod->BOOL() != nullptr;
    if (mod->onOrIgnoring() != nullptr) {
      m.has_matching = true;
      m.on = mod->onOrIgnoring()->ON() != nullptr;
      m.matching_labels = grouping_labels(mod->groupingLabels(0));
    }
    if (mod->groupSide() != nullptr) {
      m.card = mod->groupSide()->GROUP_LEFT() != nullptr ? Cardinality::ManyToOne
                                                         : Cardinality::OneToMany;
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
  Expr* postfix(Expr* cur, P::PostfixContext* p) {
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
  Expr* bracket(Expr* cur, P::PostfixContext* br, Span ps) {
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
  Modifiers* modifiers_of(Expr* e) {
    if (auto* vs = as<VectorSelector>(e)) return &vs->modifiers;
    if (auto* ms = as<MatrixSelector>(e)) {
      if (auto* vs = as<VectorSelector>(ms->selector)) return &vs->modifiers;
    }
    if (auto* sq = as<SubqueryExpr>(e)) return &sq->modifiers;
    return nullptr;
  }

  void offset(Expr* cur, P::OffsetValueContext* v, Span ps) {
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

  Expr* offset_value(P::OffsetValueContext* v) {
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

  void at_modifier(Expr* cur, P::AtValueContext* v, Span ps) {
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

  static std::string go_float(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    return fmt::format("{:.6f}", v);
  }

  void range_selector_modifier(Expr* cur, bool anchored, Span ps) {
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
  Expr* primary(P::PrimaryExprContext* ctx) {
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

  // -- Literals ------------------------------------------------------------------------------

  // A NUMBER, DURATION, INF_LIT or NAN_LIT token.
  std::optional<double> number(Token* t) {
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

  NumberLiteral* number_literal(Token* t) {
    double v = number(t).value_or(0);
    return c_.arena.make<NumberLiteral>(span(t), v, t->getType() == P::DURATION);
  }

  std::string string_value(Token* t) {
    UnquoteError err;
    auto v = unquote_promql_string(text(t), &err);
    if (!v) {
      error(DiagKind::PromqlBadLiteral, span(t), err.message);
      return {};
    }
    return *v;
  }
  std::string string_value(TerminalNode* n) { return string_value(n->getSymbol()); }

  // -- Durations -----------------------------------------------------------------------------

  Expr* sign(Token* op, Expr* e) {
    Span s = merge(span(op), e->span);
    if (auto* n = as<NumberLiteral>(e)) {
      if (op->getType() == P::SUB) n->value = -n->value;
      n->span = s;
      return n;
    }
    return c_.arena.make<DurationExpr>(
        s, op->getType() == P::SUB ? DurationOp::Neg : DurationOp::Pos, e, nullptr);
  }

  // A duration in brackets: a literal must be in range (and positive for ranges and steps);
  // anything else is a duration expression and needs its feature.
  Expr* duration_root(P::DurationExprContext* ctx, bool positive) {
    Expr* e = duration(ctx);
    check_duration(e, positive);
    return e;
  }

  void check_duration(Expr* e, bool positive) {
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
  Expr* duration(P::DurationExprContext* ctx) {
    size_t n = (ctx->children.size() + 1) / 2;
    return fold_by_precedence<Expr>(
        n,
        [&](size_t k) { return duration_operand(rule_at<P::DurationOperandContext>(ctx, 2 * k)); },
        [&](size_t k) { return precedence(token_at(ctx, 2 * k - 1)->getType()); },
        [&](size_t k, Expr* e) {
          return duration_signs(rule_at<P::DurationOperandContext>(ctx, 2 * k), e);
        },
        [&](Expr* lhs, size_t k, Expr* rhs) {
          return duration_binary(lhs, token_at(ctx, 2 * k - 1), rhs);
        });
  }

  // durationOperand : (ADD | SUB) durationOperand | number | durationCall | '(' durationExpr ')'
  Expr* duration_operand(P::DurationOperandContext* ctx) {
    while (is_sign(ctx->getStart()->getType())) ctx = rule_at<P::DurationOperandContext>(ctx, 1);
    Token* start = ctx->getStart();
    if (is_number(start->getType())) return number_literal(start);
    if (start->getType() == P::LEFT_PAREN) {
      return c_.arena.make<DurationExpr>(
          span(ctx), DurationOp::Paren, duration(rule_at<P::DurationExprContext>(ctx, 1)), nullptr);
    }
    return duration_call(rule_at<P::DurationCallContext>(ctx, 0));
  }

  Expr* duration_signs(P::DurationOperandContext* ctx, Expr* e) {
    if (!is_sign(ctx->getStart()->getType())) return e;
    std::vector<Token*> ops;
    for (; is_sign(ctx->getStart()->getType()); ctx = rule_at<P::DurationOperandContext>(ctx, 1)) {
      ops.push_back(ctx->getStart());
    }
    for (auto it = ops.rbegin(); it != ops.rend(); ++it) e = sign(*it, e);
    return e;
  }

  Expr* duration_binary(Expr* lhs, Token* op, Expr* rhs) {
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

  Expr* duration_call(P::DurationCallContext* ctx) {
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

  // -- Calls and aggregations ----------------------------------------------------------------

  // callArgs : expr (',' expr)* ','? — the expressions are the even children, and an even
  // count means a trailing comma.
  std::vector<Expr*> call_args(P::CallArgsContext* ctx) {
    std::vector<Expr*> args;
    if (ctx == nullptr) return args;
    size_t n = ctx->children.size();
    for (size_t i = 0; i < n; i += 2) args.push_back(node(rule_at<P::ExprContext>(ctx, i)));
    if (n % 2 == 0) {
      error(DiagKind::PromqlSyntax, span(token_at(ctx, n - 1)),
            "trailing commas not allowed in function call args");
    }
    return args;
  }

  // name '(' callArgs? ')'
  Expr* call(P::PrimaryExprContext* ctx) {
    Token* name_token = ctx->getStart();
    std::string name = text(name_token);
    std::vector<Expr*> args =
        call_args(ctx->children.size() == 4 ? rule_at<P::CallArgsContext>(ctx, 2) : nullptr);
    const Function* f = find_function(name);
    if (f == nullptr) {
      std::vector<std::string_view> names;
      for (const Function& known : all_functions()) names.push_back(known.name);
      error(DiagKind::PromqlUnknownFunction, span(name_token),
            fmt::format("unknown function with name \"{}\"{}", name, did_you_mean(name, names)));
      return placeholder(ctx);
    }
    if (f->experimental && !c_.features.experimental_functions) {
      error(DiagKind::PromqlFeatureDisabled, span(name_token),
            fmt::format("function \"{}\" is not enabled", name));
    }
    auto* c = c_.arena.make<Call>(span(ctx), f);
    c->args = std::move(args);
    return c;
  }

  // aggregateOp grouping aggregateBody | aggregateOp aggregateBody grouping?
  Expr* aggregate(P::PrimaryExprContext* ctx) {
    AggOp op = agg_op(ctx->getStart()->getType());
    auto* a = c_.arena.make<AggregateExpr>(span(ctx), op);
    P::GroupingContext* grouping = nullptr;
    P::AggregateBodyContext* body = nullptr;
    for (size_t i = 1; i < ctx->children.size(); ++i) {
      auto* child = rule_at(ctx, i);
      if (child->getRuleIndex() == P::RuleGrouping) {
        grouping = static_cast<P::GroupingContext*>(child);
      } else {
        body = static_cast<P::AggregateBodyContext*>(child);
      }
    }
    if (P::GroupingContext* g = grouping) {
      a->has_grouping = true;
      a->without = g->WITHOUT() != nullptr;
      a->grouping = grouping_labels(g->groupingLabels());
    }
    if ((op == AggOp::Limitk || op == AggOp::LimitRatio) && !c_.features.experimental_functions) {
      error(DiagKind::PromqlFeatureDisabled, span(ctx),
            fmt::format("{}() is experimental and must be enabled with "
                        "--enable-feature=promql-experimental-functions",
                        spelling(op)));
    }
    // aggregateBody : '(' callArgs? ')'
    std::vector<Expr*> args =
        call_args(body->children.size() == 3 ? rule_at<P::CallArgsContext>(body, 1) : nullptr);
    size_t want = has_parameter(op) ? 2 : 1;
    if (args.empty()) {
      error(DiagKind::PromqlWrongArgumentCount, span(ctx),
            "no arguments for aggregate expression provided");
      return a;
    }
    if (args.size() != want) {
      error(DiagKind::PromqlWrongArgumentCount, span(ctx),
            fmt::format("wrong number of arguments for aggregate expression provided, expected "
                        "{}, got {}",
                        want, args.size()));
      return a;
    }
    a->expr = args.back();
    if (want == 2) a->param = args[0];
    return a;
  }

  std::vector<std::string> grouping_labels(P::GroupingLabelsContext* ctx) {
    std::vector<std::string> labels;
    for (P::GroupingLabelContext* l : ctx->groupingLabel()) {
      std::string name = l->STRING() != nullptr ? string_value(l->STRING()) : text(l->getStart());
      if (!is_valid_label_name(name, c_.names)) {
        error(DiagKind::PromqlSyntax, span(l),
              fmt::format("invalid label name for grouping: \"{}\"", name));
      }
      labels.push_back(std::move(name));
    }
    return labels;
  }

  // -- Selectors -----------------------------------------------------------------------------

  // name labelMatchers? | labelMatchers
  Expr* selector(P::PrimaryExprContext* ctx) {
    auto* vs = c_.arena.make<VectorSelector>(span(ctx));
    P::LabelMatchersContext* lm = nullptr;
    if (ctx->getStart()->getType() != P::LEFT_BRACE) {
      vs->name = text(ctx->getStart());
      if (ctx->children.size() > 1) lm = rule_at<P::LabelMatchersContext>(ctx, 1);
    } else {
      lm = rule_at<P::LabelMatchersContext>(ctx, 0);
    }
    if (lm != nullptr) {
      // '{' (matcher (',' matcher)* ','?)? '}' — the matchers are the odd children before '}'.
      for (size_t i = 1; i + 1 < lm->children.size(); i += 2) {
        vs->matchers.push_back(matcher(rule_at<P::MatcherContext>(lm, i)));
      }
    }
    if (!vs->name.empty()) {
      for (const Matcher& m : vs->matchers) {
        if (m.name == "__name__") {
          error(DiagKind::PromqlInvalidSelector, m.span,
                fmt::format("metric name must not be set twice: \"{}\" or \"{}\"", vs->name,
                            m.value));
          break;
        }
      }
    }
    return vs;
  }

  // labelName matchOp STRING | STRING (matchOp STRING)?
  Matcher matcher(P::MatcherContext* ctx) {
    Matcher m;
    m.span = span(ctx);
    if (ctx->children.size() == 1) {
      // A bare string names the metric: {"my.metric"}.
      m.name = "__name__";
      m.value = string_value(token_at(ctx, 0));
    } else {
      Token* first = ctx->getStart();
      bool quoted = first->getType() == P::STRING;
      m.name = quoted ? string_value(first) : text(first);
      m.value = string_value(token_at(ctx, 2));
      if (quoted && !is_valid_label_name(m.name, c_.names)) {
        error(DiagKind::PromqlSyntax, span(first),
              fmt::format("invalid label name \"{}\"", m.name));
      }
      switch (rule_at(ctx, 1)->getStart()->getType()) {
        case P::NEQ: m.op = MatchOp::NotEqual; break;
        case P::EQL_REGEX: m.op = MatchOp::Regex; break;
        case P::NEQ_REGEX: m.op = MatchOp::NotRegex; break;
        default: m.op = MatchOp::Equal; break;
      }
    }
    switch (m.op) {
      case MatchOp::Equal: m.matches_empty = m.value.empty(); break;
      case MatchOp::NotEqual: m.matches_empty = !m.value.empty(); break;
      case MatchOp::Regex:
      case MatchOp::NotRegex: {
        if (auto empty = simple_regex_matches_empty(m.value)) {
          m.matches_empty = m.op == MatchOp::Regex ? *empty : !*empty;
          break;
        }
        // Prometheus anchors the whole pattern and lets '.' match newlines.
        RE2::Options options;
        options.set_log_errors(false);
        RE2 written(m.value, options);  // compiled alone so the message shows the user's text
        if (!written.ok()) {
          error(DiagKind::PromqlInvalidRegex, m.span,
                fmt::format("error parsing regexp: {}", written.error()));
          break;
        }
        RE2 re("^(?s:" + m.value + ")$", options);
        bool empty_matches = RE2::FullMatch("", re);
        m.matches_empty = m.op == MatchOp::Regex ? empty_matches : !empty_matches;
        break;
      }
    }
    return m;
  }
};

}  // namespace

promql::Expr* build_promql_ast(antlr_PromQL::PromQLParser::ExprContext* tree,
                               PromqlBuildContext& context, bool& ok) {
  Builder b(context);
  promql::Expr* root = b.node(tree);
  ok = b.ok;
  return root;
}

}  // namespace mzr::syntax
