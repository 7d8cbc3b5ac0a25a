#include "compiler/logql/printer.h"

#include "compiler/logql/literals.h"

namespace mzr::logql {

namespace {

class Printer {
 public:
  std::string out;

  void expr(const Expr* e) {
    switch (e->kind) {
      case ExprKind::Log: log(static_cast<const LogExpr*>(e)); return;
      case ExprKind::RangeAggregation: range(static_cast<const RangeAggregation*>(e)); return;
      case ExprKind::VectorAggregation: vector(static_cast<const VectorAggregation*>(e)); return;
      case ExprKind::Binary: binary(static_cast<const BinaryExpr*>(e)); return;
      case ExprKind::Literal: out += static_cast<const LiteralExpr*>(e)->number.text; return;
      case ExprKind::Vector:
        out += "vector(";
        out += static_cast<const VectorExpr*>(e)->number.text;
        out += ")";
        return;
      case ExprKind::LabelReplace: {
        auto* l = static_cast<const LabelReplaceExpr*>(e);
        out += "label_replace(";
        expr(l->inner);
        for (const StringLit* s : {&l->dst, &l->replacement, &l->src, &l->regex}) {
          out += ", ";
          out += quote_string(s->value);
        }
        out += ")";
        return;
      }
    }
  }

  void filter(const LabelFilter* f) {
    switch (f->kind) {
      case FilterKind::String: matcher(static_cast<const StringFilter*>(f)->matcher); return;
      case FilterKind::Ip: {
        auto* ip = static_cast<const IpFilter*>(f);
        out += ip->label.text;
        out += ip->negated ? "!=" : "=";
        out += "ip(" + quote_string(ip->pattern.value) + ")";
        return;
      }
      case FilterKind::Number:
      case FilterKind::Duration:
      case FilterKind::Bytes: {
        auto* c = static_cast<const CompareFilter*>(f);
        out += c->label.text;
        out += " ";
        out += spelling(c->op);
        out += " ";
        out += c->text;
        return;
      }
      case FilterKind::And:
      case FilterKind::Or: {
        // Only a left operand of the same connective goes without parentheses: Loki's grammar
        // groups a chain of one connective to the left, and everything else is made explicit.
        auto* b = static_cast<const BinaryFilter*>(f);
        bool lhs_parens = is_binary(b->lhs) && b->lhs->kind != b->kind;
        bool rhs_parens = is_binary(b->rhs);
        if (lhs_parens) out += "(";
        filter(b->lhs);
        if (lhs_parens) out += ")";
        out += b->kind == FilterKind::And ? " and " : " or ";
        if (rhs_parens) out += "(";
        filter(b->rhs);
        if (rhs_parens) out += ")";
        return;
      }
    }
  }

 private:
  static bool is_binary(const LabelFilter* f) {
    return f->kind == FilterKind::And || f->kind == FilterKind::Or;
  }

  void matcher(const Matcher& m) {
    out += m.name.text;
    out += spelling(m.op);
    out += quote_string(m.value.value);
  }

  void names(const std::vector<Name>& labels) {
    out += "(";
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) out += ", ";
      out += labels[i].text;
    }
    out += ")";
  }

  void grouping(const Grouping& g) {
    out += g.without ? "without " : "by ";
    names(g.labels);
  }

  void log(const LogExpr* e) {
    out += "{";
    for (size_t i = 0; i < e->matchers.size(); ++i) {
      if (i > 0) out += ", ";
      matcher(e->matchers[i]);
    }
    out += "}";
    for (const Stage* s : e->stages) {
      out += " ";
      stage(s);
    }
  }

  void stage(const Stage* s) {
    switch (s->kind) {
      case StageKind::LineFilter: {
        auto* f = static_cast<const LineFilterStage*>(s);
        out += spelling(f->op);
        for (size_t i = 0; i < f->values.size(); ++i) {
          out += i > 0 ? " or " : " ";
          const LineFilterValue& v = f->values[i];
          out += v.ip ? "ip(" + quote_string(v.value.value) + ")" : quote_string(v.value.value);
        }
        return;
      }
      case StageKind::Json:
      case StageKind::Logfmt: {
        auto* p = static_cast<const ParserStage*>(s);
        out += s->kind == StageKind::Json ? "| json" : "| logfmt";
        for (const Name& flag : p->flags) out += " " + flag.text;
        for (size_t i = 0; i < p->extractions.size(); ++i) {
          out += i > 0 ? ", " : " ";
          out += p->extractions[i].label.text;
          if (p->extractions[i].expression) {
            out += "=" + quote_string(p->extractions[i].expression->value);
          }
        }
        return;
      }
      case StageKind::Regexp:
      case StageKind::Pattern: {
        auto* p = static_cast<const ParserStage*>(s);
        out += s->kind == StageKind::Regexp ? "| regexp " : "| pattern ";
        out += quote_string(p->argument ? p->argument->value : "");
        return;
      }
      case StageKind::Unpack: out += "| unpack"; return;
      case StageKind::LineFormat:
        out += "| line_format " +
               quote_string(static_cast<const LineFormatStage*>(s)->template_text.value);
        return;
      case StageKind::Decolorize: out += "| decolorize"; return;
      case StageKind::LabelFormat: {
        auto* f = static_cast<const LabelFormatStage*>(s);
        out += "| label_format";
        for (size_t i = 0; i < f->items.size(); ++i) {
          const LabelFormatItem& item = f->items[i];
          out += i > 0 ? ", " : " ";
          out += item.target.text + "=";
          out += item.rename ? item.source.text : quote_string(item.template_text.value);
        }
        return;
      }
      case StageKind::Drop:
      case StageKind::Keep: {
        auto* d = static_cast<const DropKeepStage*>(s);
        out += s->kind == StageKind::Drop ? "| drop" : "| keep";
        for (size_t i = 0; i < d->items.size(); ++i) {
          out += i > 0 ? ", " : " ";
          if (d->items[i].matcher) {
            matcher(*d->items[i].matcher);
          } else {
            out += d->items[i].name.text;
          }
        }
        return;
      }
      case StageKind::LabelFilter:
        out += "| ";
        filter(static_cast<const LabelFilterStage*>(s)->filter);
        return;
    }
  }

  void unwrap(const Unwrap* u) {
    out += " | unwrap ";
    if (u->conversion == Conversion::None) {
      out += u->label.text;
    } else {
      out += spelling(u->conversion);
      out += "(" + u->label.text + ")";
    }
    for (const LabelFilter* f : u->post_filters) {
      out += " | ";
      filter(f);
    }
  }

  void range(const RangeAggregation* e) {
    out += spelling(e->op);
    out += "(";
    if (e->param) out += e->param->text + ", ";
    const LogRange* r = e->range;
    log(r->log);
    if (r->unwrap != nullptr) unwrap(r->unwrap);
    out += " [" + r->range.text + "]";
    if (r->offset) out += " offset " + r->offset->text;
    out += ")";
    if (e->grouping) {
      out += " ";
      grouping(*e->grouping);
    }
  }

  void vector(const VectorAggregation* e) {
    out += spelling(e->op);
    if (e->grouping && e->grouping_first) {
      out += " ";
      grouping(*e->grouping);
      out += " ";
    }
    out += "(";
    if (e->param) out += e->param->text + ", ";
    expr(e->inner);
    out += ")";
    if (e->grouping && !e->grouping_first) {
      out += " ";
      grouping(*e->grouping);
    }
  }

  static int expr_precedence(const Expr* e) {
    if (auto* b = as<BinaryExpr>(e)) return precedence(b->op);
    return 100;
  }

  void operand(const Expr* e, bool parens) {
    if (parens) out += "(";
    expr(e);
    if (parens) out += ")";
  }

  void binary(const BinaryExpr* e) {
    int p = precedence(e->op);
    bool right_assoc = e->op == BinOp::Pow;
    int lp = expr_precedence(e->lhs);
    int rp = expr_precedence(e->rhs);
    operand(e->lhs, lp < p || (lp == p && right_assoc));
    out += " ";
    out += spelling(e->op);
    if (e->return_bool) out += " bool";
    if (e->matching) {
      const VectorMatching& m = *e->matching;
      out += m.on ? " on " : " ignoring ";
      names(m.labels);
      if (m.card != Cardinality::OneToOne) {
        out += m.card == Cardinality::ManyToOne ? " group_left" : " group_right";
        if (m.include_parens || !m.include.empty()) {
          out += " ";
          names(m.include);
        }
      }
    }
    out += " ";
    operand(e->rhs, rp < p || (rp == p && !right_assoc));
  }
};

}  // namespace

std::string print(const Expr* e) {
  Printer p;
  if (e != nullptr) p.expr(e);
  return p.out;
}

std::string print(const LabelFilter* f) {
  Printer p;
  if (f != nullptr) p.filter(f);
  return p.out;
}

}  // namespace mzr::logql
