#include "compiler/syntax/mzr_builder_tests.h"

namespace mzr::syntax {
namespace {

using P = antlr_Mzr::MzrParser;
using Entry = dsl::RuleTestEntry;

dsl::AlertField fires_field(P::FiresFieldContext* f, MzrBuilderTools& tools) {
  using Kind = dsl::AlertField::Kind;
  dsl::AlertField field;
  field.keyword = tools.span(f->getStart());
  field.comments = tools.comments(f);
  if (auto* s = dynamic_cast<P::FiresSummaryContext*>(f)) {
    field.kind = Kind::Summary;
    field.text = tools.text(s->text());
  } else if (auto* d = dynamic_cast<P::FiresDescriptionContext*>(f)) {
    field.kind = Kind::Description;
    field.text = tools.text(d->text());
  } else if (auto* r = dynamic_cast<P::FiresRunbookContext*>(f)) {
    field.kind = Kind::Runbook;
    field.text = tools.text(r->text());
  } else if (auto* a = dynamic_cast<P::FiresAnnotationsContext*>(f)) {
    field.kind = Kind::Annotations;
    field.map = tools.label_map(a->labelMap());
  }
  return field;
}

Entry entry(P::RuleTestEntryContext* ctx, MzrBuilderTools& tools) {
  Entry e;
  e.span = tools.span(ctx);
  e.keyword = tools.span(ctx->getStart());
  e.comments = tools.comments(ctx);
  if (auto* s = dynamic_cast<P::SeriesEntryContext*>(ctx)) {
    e.kind = Entry::Kind::Series;
    e.raw = tools.expression(s->RAW_EXPR());
  } else if (auto* f = dynamic_cast<P::FiresEntryContext*>(ctx)) {
    e.kind = Entry::Kind::Fires;
    e.at = tools.duration(f->DURATION());
    e.alert = tools.name(f->name());
    if (f->labelMap() != nullptr) e.labels = tools.label_map(f->labelMap());
    for (P::FiresFieldContext* field : f->firesField()) {
      e.annotations.push_back(fires_field(field, tools));
    }
  } else if (auto* si = dynamic_cast<P::SilentEntryContext*>(ctx)) {
    e.kind = Entry::Kind::Silent;
    e.at = tools.duration(si->DURATION());
    e.alert = tools.name(si->name());
  } else if (auto* x = dynamic_cast<P::ExprEntryContext*>(ctx)) {
    e.kind = Entry::Kind::Expr;
    e.at = tools.duration(x->DURATION());
    e.raw = tools.expression(x->RAW_EXPR());
  } else if (auto* l = dynamic_cast<P::TestExternalLabelsContext*>(ctx)) {
    e.kind = Entry::Kind::ExternalLabels;
    e.labels = tools.label_map(l->labelMap());
  } else if (auto* st = dynamic_cast<P::TestSettingContext*>(ctx)) {
    e.kind = Entry::Kind::Setting;
    e.setting = dsl::Name{st->NAME()->getText(), tools.span(st->NAME()->getSymbol()), false};
    if (st->text() != nullptr) e.text = tools.text(st->text());
  }
  return e;
}

}  // namespace

dsl::RuleTestBlock build_rule_test(P::RuleTestBlockContext* ctx, MzrBuilderTools& tools) {
  dsl::RuleTestBlock b;
  b.span = tools.span(ctx);
  b.comments = tools.comments(ctx);
  b.inner = tools.inner(ctx->RBRACE());
  if (ctx->text() != nullptr) b.title = tools.text(ctx->text());
  if (ctx->DURATION() != nullptr) b.every = tools.duration(ctx->DURATION());
  for (P::RuleTestEntryContext* e : ctx->ruleTestEntry()) b.entries.push_back(entry(e, tools));
  return b;
}

}  // namespace mzr::syntax
