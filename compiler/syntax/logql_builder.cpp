#include "compiler/syntax/logql_builder.h"

#include <fmt/format.h>

#include "LogQLParser.h"
#include "compiler/logql/literals.h"

namespace mzr::syntax {

namespace {

using P = antlr_LogQL::LogQLParser;
using namespace logql;

// Operators are read from token types by offset; this keeps the grammar and the enums in step.
static_assert(P::KW_ABSENT_OVER_TIME - P::KW_RATE == static_cast<size_t>(RangeOp::AbsentOverTime));
static_assert(P::KW_APPROX_TOPK - P::KW_SUM == static_cast<size_t>(VectorOp::ApproxTopk));

class Builder {
 public:
  explicit Builder(LogqlBuildContext& c) : c_(c) {}

  const Expr* expr(P::ExprContext* ctx) {
    if (ctx->primary() != nullptr) return primary(ctx->primary());
    auto* e = c_.arena.make<BinaryExpr>(span(ctx));
    e->op = binop(ctx->op->getType());
    e->op_span = span(ctx->op);
    e->lhs = expr(ctx->expr(0));
    e->rhs = expr(ctx->expr(1));
    P::BinModifierContext* mod = ctx->binModifier();
    e->return_bool = mod->KW_BOOL() != nullptr;
    if (P::MatchingContext* m = mod->matching()) {
      VectorMatching vm;
      vm.on = m->on->getType() == P::KW_ON;
      auto lists = m->labelList();
      if (!lists.empty() && lists[0] != m->include) vm.labels = names(lists[0]);
      if (m->group != nullptr) {
        vm.card = m->group->getType() == P::KW_GROUP_LEFT ? Cardinality::ManyToOne
                                                          : Cardinality::OneToMany;
        vm.include_parens = m->LPAREN().size() > 1;
        if (m->include != nullptr) vm.include = names(m->include);
      }
      e->matching = std::move(vm);
    }
    return e;
  }

 private:
  LogqlBuildContext& c_;

  Span span(antlr4::Token* t) const { return c_.pos.span_of(t); }
  Span span(antlr4::tree::TerminalNode* n) const { return span(n->getSymbol()); }
  Span span(antlr4::ParserRuleContext* ctx) const {
    uint32_t b = c_.pos.begin_of(ctx->getStart());
    uint32_t e = ctx->getStop() != nullptr ? c_.pos.end_of(ctx->getStop()) : b;
    return c_.pos.span(b, e < b ? b : e);
  }
  Span join(Span a, Span b) const {
    return Span{a.file, a.begin, b.end < a.begin ? a.begin : b.end};
  }
  std::string text(antlr4::Token* t) const { return std::string(c_.pos.text_of(t)); }
  std::string text(antlr4::tree::TerminalNode* n) const { return text(n->getSymbol()); }

  Name name(antlr4::tree::TerminalNode* n) const { return Name{text(n), span(n)}; }
  std::vector<Name> names(P::LabelListContext* ctx) const {
    std::vector<Name> out;
    if (ctx == nullptr) return out;
    for (auto* id : ctx->IDENTIFIER()) out.push_back(name(id));
    return out;
  }
  StringLit string(antlr4::tree::TerminalNode* n) {
    auto value = unquote_string(text(n), nullptr);
    if (!value) c_.ok = false;  // already reported by the prescan
    return StringLit{value.value_or(""), span(n)};
  }
  NumberLit number(antlr4::Token* sign, antlr4::tree::TerminalNode* n, std::string_view what) {
    NumberLit lit;
    std::string digits = text(n);
    lit.text = (sign != nullptr ? text(sign) : "") + digits;
    lit.span = sign != nullptr ? join(span(sign), span(n)) : span(n);
    auto v = parse_float(digits);
    if (!v) {
      c_.diags.report(DiagKind::LogqlBadLiteral, span(n),
                      fmt::format("unable to parse {} as a float: \"{}\"", what, digits));
      c_.ok = false;
    } else {
      lit.value = sign != nullptr && sign->getType() == P::SUB ? -*v : *v;
    }
    return lit;
  }
  // A range token's text is the duration in brackets.
  DurationLit duration(antlr4::Token* t, bool range) {
    DurationLit d;
    std::string s = text(t);
    d.text = range ? s.substr(1, s.size() - 2) : s;
    d.span = span(t);
    auto nanos = parse_loki_duration(d.text);
    if (!nanos) c_.ok = false;  // already reported by the prescan
    d.nanos = nanos.value_or(0);
    return d;
  }

  static BinOp binop(size_t type) {
    switch (type) {
      case P::KW_OR: return BinOp::Or;
      case P::KW_AND: return BinOp::And;
      case P::KW_UNLESS: return BinOp::Unless;
      case P::ADD: return BinOp::Add;
      case P::SUB: return BinOp::Sub;
      case P::MUL: return BinOp::Mul;
      case P::DIV: return BinOp::Div;
      case P::MOD: return BinOp::Mod;
      case P::POW: return BinOp::Pow;
      case P::CMP_EQ: return BinOp::CmpEq;
      case P::NEQ: return BinOp::Neq;
      case P::GT: return BinOp::Gt;
      case P::GTE: return BinOp::Gte;
      case P::LT: return BinOp::Lt;
      default: return BinOp::Lte;
    }
  }
  static MatchOp match_op(size_t type) {
    switch (type) {
      case P::NEQ: return MatchOp::NotEqual;
      case P::RE: return MatchOp::Regex;
      case P::NRE: return MatchOp::NotRegex;
      default: return MatchOp::Equal;
    }
  }
  static CompareOp compare_op(size_t type) {
    switch (type) {
      case P::GT: return CompareOp::Gt;
      case P::GTE: return CompareOp::Gte;
      case P::LT: return CompareOp::Lt;
      case P::LTE: return CompareOp::Lte;
      case P::NEQ: return CompareOp::Neq;
      case P::CMP_EQ: return CompareOp::CmpEq;
      default: return CompareOp::Eq;
    }
  }

  const Expr* primary(P::PrimaryContext* ctx) {
    if (auto* p = dynamic_cast<P::ParensContext*>(ctx)) return expr(p->expr());
    if (auto* q = dynamic_cast<P::LogQueryContext*>(ctx)) return log(q->selector(), q->pipeline());
    if (auto* r = dynamic_cast<P::RangeAggregationContext*>(ctx)) return range_aggregation(r);
    if (auto* v = dynamic_cast<P::VectorAggregationContext*>(ctx)) return vector_aggregation(v);
    if (auto* l = dynamic_cast<P::LabelReplaceContext*>(ctx)) {
      auto* e = c_.arena.make<LabelReplaceExpr>(span(ctx));
      e->inner = expr(l->expr());
      auto strings = l->STRING();
      e->dst = string(strings[0]);
      e->replacement = string(strings[1]);
      e->src = string(strings[2]);
      e->regex = string(strings[3]);
      return e;
    }
    if (auto* v = dynamic_cast<P::VectorCallContext*>(ctx)) {
      auto* e = c_.arena.make<VectorExpr>(span(ctx));
      e->number = number(nullptr, v->NUMBER(), "vector argument");
      return e;
    }
    auto* lit = static_cast<P::LiteralContext*>(ctx);
    auto* e = c_.arena.make<LiteralExpr>(span(ctx));
    e->number = number(lit->sign, lit->NUMBER(), "literal");
    return e;
  }

  Matcher matcher(antlr4::tree::TerminalNode* id, antlr4::Token* op,
                  antlr4::tree::TerminalNode* value, Span whole) {
    Matcher m;
    m.name = name(id);
    m.op = match_op(op->getType());
    m.value = string(value);
    m.span = whole;
    return m;
  }

  LogExpr* log(P::SelectorContext* sel, P::PipelineContext* pipeline) {
    Span whole = span(sel);
    if (pipeline != nullptr) whole = join(whole, span(pipeline));
    auto* e = c_.arena.make<LogExpr>(whole);
    e->selector_span = span(sel);
    for (auto* m : sel->matcher()) {
      e->matchers.push_back(matcher(m->IDENTIFIER(), m->op, m->STRING(), span(m)));
    }
    if (pipeline != nullptr) {
      for (auto* s : pipeline->stage()) e->stages.push_back(stage(s));
    }
    return e;
  }

  Stage* stage(P::StageContext* ctx) {
    Span at = span(ctx);
    if (auto* s = dynamic_cast<P::LineFilterStageContext*>(ctx)) {
      P::LineFilterContext* f = s->lineFilter();
      auto* st = c_.arena.make<LineFilterStage>(at);
      st->op_span = span(f->op);
      switch (f->op->getType()) {
        case P::PIPE_EXACT: st->op = LineFilterOp::Contains; break;
        case P::NEQ: st->op = LineFilterOp::NotContains; break;
        case P::PIPE_MATCH: st->op = LineFilterOp::Regex; break;
        case P::NRE: st->op = LineFilterOp::NotRegex; break;
        case P::PIPE_PATTERN: st->op = LineFilterOp::Pattern; break;
        default: st->op = LineFilterOp::NotPattern; break;
      }
      for (auto* v : f->lineFilterValue()) {
        st->values.push_back(LineFilterValue{string(v->STRING()), v->KW_IP() != nullptr, span(v)});
      }
      return st;
    }
    if (auto* s = dynamic_cast<P::JsonStageContext*>(ctx)) {
      auto* st = c_.arena.make<ParserStage>(StageKind::Json, at);
      st->extractions = extractions(s->extractionList());
      return st;
    }
    if (auto* s = dynamic_cast<P::LogfmtStageContext*>(ctx)) {
      auto* st = c_.arena.make<ParserStage>(StageKind::Logfmt, at);
      for (auto* f : s->FLAG()) st->flags.push_back(name(f));
      st->extractions = extractions(s->extractionList());
      return st;
    }
    if (auto* s = dynamic_cast<P::RegexpStageContext*>(ctx)) {
      auto* st = c_.arena.make<ParserStage>(StageKind::Regexp, at);
      st->argument = string(s->STRING());
      return st;
    }
    if (auto* s = dynamic_cast<P::PatternStageContext*>(ctx)) {
      auto* st = c_.arena.make<ParserStage>(StageKind::Pattern, at);
      st->argument = string(s->STRING());
      return st;
    }
    if (dynamic_cast<P::UnpackStageContext*>(ctx) != nullptr) {
      return c_.arena.make<ParserStage>(StageKind::Unpack, at);
    }
    if (auto* s = dynamic_cast<P::LineFormatStageContext*>(ctx)) {
      auto* st = c_.arena.make<LineFormatStage>(at);
      st->template_text = string(s->STRING());
      return st;
    }
    if (dynamic_cast<P::DecolorizeStageContext*>(ctx) != nullptr) {
      return c_.arena.make<DecolorizeStage>(at);
    }
    if (auto* s = dynamic_cast<P::LabelFormatStageContext*>(ctx)) {
      auto* st = c_.arena.make<LabelFormatStage>(at);
      for (auto* f : s->labelFormat()) {
        LabelFormatItem item;
        auto ids = f->IDENTIFIER();
        item.target = name(ids[0]);
        item.span = span(f);
        if (ids.size() > 1) {
          item.rename = true;
          item.source = name(ids[1]);
        } else {
          item.template_text = string(f->STRING());
        }
        st->items.push_back(std::move(item));
      }
      return st;
    }
    if (auto* s = dynamic_cast<P::DropKeepStageContext*>(ctx)) {
      auto* st = c_.arena.make<DropKeepStage>(
          s->kind->getType() == P::KW_DROP ? StageKind::Drop : StageKind::Keep, at);
      for (auto* m : s->namedMatcher()) {
        NamedMatcher nm;
        nm.name = name(m->IDENTIFIER());
        nm.span = span(m);
        if (m->op != nullptr) nm.matcher = matcher(m->IDENTIFIER(), m->op, m->STRING(), span(m));
        st->items.push_back(std::move(nm));
      }
      return st;
    }
    auto* s = static_cast<P::LabelFilterStageContext*>(ctx);
    return c_.arena.make<LabelFilterStage>(at, label_filter(s->labelFilterExpr()));
  }

  std::vector<Extraction> extractions(P::ExtractionListContext* ctx) {
    std::vector<Extraction> out;
    if (ctx == nullptr) return out;
    for (auto* x : ctx->extraction()) {
      Extraction e;
      e.label = name(x->IDENTIFIER());
      if (x->STRING() != nullptr) e.expression = string(x->STRING());
      out.push_back(std::move(e));
    }
    return out;
  }

  // Loki's yacc grammar gives `and` precedence over `or`, both left-associative, while a comma or
  // two filters side by side have no precedence: yacc then always shifts, so they take the rest
  // of the sequence as their right operand. This replays that decision on the flat sequence.
  LabelFilter* label_filter(P::LabelFilterExprContext* ctx) {
    struct Op {
      FilterKind kind;
      int prec;  // 0: none (comma, juxtaposition)
    };
    std::vector<LabelFilter*> operands;
    std::vector<Op> ops;
    auto reduce = [&] {
      LabelFilter* rhs = operands.back();
      operands.pop_back();
      LabelFilter* lhs = operands.back();
      operands.pop_back();
      FilterKind kind = ops.back().kind;
      ops.pop_back();
      // A chain of commas or juxtapositions nests to the right; `and` is associative, so every
      // chain of `and` is rebuilt to the left: the printed form then needs no parentheses and
      // parses back to the same tree however long the chain is.
      if (kind == FilterKind::And) {
        std::vector<LabelFilter*> leaves;
        std::vector<LabelFilter*> pending{rhs, lhs};
        while (!pending.empty()) {
          LabelFilter* f = pending.back();
          pending.pop_back();
          if (f->kind == FilterKind::And) {
            auto* b = static_cast<BinaryFilter*>(f);
            pending.push_back(b->rhs);
            pending.push_back(b->lhs);
          } else {
            leaves.push_back(f);
          }
        }
        lhs = leaves.front();
        for (size_t i = 1; i + 1 < leaves.size(); ++i) {
          lhs = c_.arena.make<BinaryFilter>(FilterKind::And, join(lhs->span, leaves[i]->span), lhs,
                                            leaves[i]);
        }
        rhs = leaves.back();
      }
      operands.push_back(c_.arena.make<BinaryFilter>(kind, join(lhs->span, rhs->span), lhs, rhs));
    };
    std::optional<Op> pending;
    for (antlr4::tree::ParseTree* child : ctx->children) {
      if (auto* op = dynamic_cast<P::LabelFilterOpContext*>(child)) {
        if (op->KW_OR() != nullptr)
          pending = Op{FilterKind::Or, 1};
        else if (op->KW_AND() != nullptr)
          pending = Op{FilterKind::And, 2};
        else
          pending = Op{FilterKind::And, 0};
        continue;
      }
      auto* atom = dynamic_cast<P::LabelFilterAtomContext*>(child);
      if (atom == nullptr) continue;
      if (!operands.empty()) {
        Op op = pending.value_or(Op{FilterKind::And, 0});
        while (!ops.empty() && ops.back().prec > 0 && op.prec > 0 && ops.back().prec >= op.prec) {
          reduce();
        }
        ops.push_back(op);
      }
      pending.reset();
      operands.push_back(label_filter_atom(atom));
    }
    while (!ops.empty()) reduce();
    return operands.back();
  }

  LabelFilter* label_filter_atom(P::LabelFilterAtomContext* ctx) {
    Span at = span(ctx);
    if (auto* p = dynamic_cast<P::LabelFilterParensContext*>(ctx)) {
      return label_filter(p->labelFilterExpr());
    }
    if (auto* s = dynamic_cast<P::StringLabelFilterContext*>(ctx)) {
      auto* f = c_.arena.make<StringFilter>(at);
      f->matcher = matcher(s->IDENTIFIER(), s->op, s->STRING(), at);
      return f;
    }
    if (auto* s = dynamic_cast<P::IpLabelFilterContext*>(ctx)) {
      auto* f = c_.arena.make<IpFilter>(at);
      f->label = name(s->IDENTIFIER());
      f->negated = s->op->getType() == P::NEQ;
      f->pattern = string(s->STRING());
      return f;
    }
    if (auto* s = dynamic_cast<P::UnitLabelFilterContext*>(ctx)) {
      bool is_duration = s->value->getType() == P::DURATION;
      auto* f =
          c_.arena.make<CompareFilter>(is_duration ? FilterKind::Duration : FilterKind::Bytes, at);
      f->label = name(s->IDENTIFIER());
      f->op = compare_op(s->op->getType());
      f->text = text(s->value);
      f->value_span = span(s->value);
      if (is_duration) {
        auto nanos = parse_loki_duration(f->text);
        f->value = static_cast<double>(nanos.value_or(0)) / 1e9;
      } else {
        f->value = static_cast<double>(parse_bytes(f->text).value_or(0));
      }
      return f;
    }
    auto* s = static_cast<P::NumberLabelFilterContext*>(ctx);
    auto* f = c_.arena.make<CompareFilter>(FilterKind::Number, at);
    f->label = name(s->IDENTIFIER());
    f->op = compare_op(s->op->getType());
    NumberLit n = number(s->sign, s->NUMBER(), "literal");
    f->text = n.text;
    f->value = n.value;
    f->value_span = n.span;
    return f;
  }

  std::optional<Grouping> grouping(P::GroupingContext* ctx) const {
    if (ctx == nullptr) return std::nullopt;
    return Grouping{ctx->KW_WITHOUT() != nullptr, names(ctx->labelList()), span(ctx)};
  }

  const Expr* range_aggregation(P::RangeAggregationContext* ctx) {
    auto* e = c_.arena.make<RangeAggregation>(span(ctx));
    // The KW_* token types are declared in the order of the RangeOp and VectorOp enumerators.
    e->op = static_cast<RangeOp>(ctx->rangeOp()->getStart()->getType() - P::KW_RATE);
    e->op_span = span(ctx->rangeOp());
    if (ctx->NUMBER() != nullptr) e->param = number(nullptr, ctx->NUMBER(), "parameter");
    e->range = log_range(ctx->logRange());
    e->grouping = grouping(ctx->grouping());
    return e;
  }

  const LogRange* log_range(P::LogRangeContext* ctx) {
    if (ctx->logRange() != nullptr) return log_range(ctx->logRange());
    auto* r = c_.arena.make<LogRange>(span(ctx));
    r->log = log(ctx->selector(), ctx->pipeline());
    r->range = duration(ctx->RANGE()->getSymbol(), true);
    if (ctx->offset() != nullptr)
      r->offset = duration(ctx->offset()->DURATION()->getSymbol(), false);
    if (P::UnwrapContext* u = ctx->unwrap()) {
      auto* w = c_.arena.make<Unwrap>(span(u));
      w->label = name(u->IDENTIFIER());
      if (u->conv != nullptr) {
        switch (u->conv->getType()) {
          case P::KW_BYTES_CONV: w->conversion = Conversion::Bytes; break;
          case P::KW_DURATION_CONV: w->conversion = Conversion::Duration; break;
          default: w->conversion = Conversion::DurationSeconds; break;
        }
      }
      for (auto* f : u->labelFilterExpr()) w->post_filters.push_back(label_filter(f));
      r->unwrap = w;
    }
    return r;
  }

  const Expr* vector_aggregation(P::VectorAggregationContext* ctx) {
    auto* e = c_.arena.make<VectorAggregation>(span(ctx));
    e->op = static_cast<VectorOp>(ctx->vectorOp()->getStart()->getType() - P::KW_SUM);
    e->op_span = span(ctx->vectorOp());
    P::VectorArgsContext* args = ctx->vectorArgs();
    if (args->NUMBER() != nullptr) e->param = number(nullptr, args->NUMBER(), "parameter");
    e->inner = expr(args->expr());
    e->grouping = grouping(ctx->grouping());
    e->grouping_first =
        ctx->grouping() != nullptr &&
        ctx->grouping()->getStart()->getTokenIndex() < ctx->LPAREN()->getSymbol()->getTokenIndex();
    return e;
  }
};

}  // namespace

const Expr* build_logql_ast(P::ExprContext* tree, LogqlBuildContext& context) {
  Builder b(context);
  return b.expr(tree);
}

}  // namespace mzr::syntax
