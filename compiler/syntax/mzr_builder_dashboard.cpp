#include "compiler/syntax/mzr_builder_dashboard.h"

#include <antlr4-runtime.h>

#include "compiler/syntax/mzr_builder_alertmanager.h"

namespace mzr::syntax {
namespace {

using P = antlr_Mzr::MzrParser;

class DashboardBuilder {
 public:
  explicit DashboardBuilder(MzrBuilderTools& t) : t_(t) {}

  dsl::DashboardBlock block(P::DashboardBlockContext* ctx) {
    dsl::DashboardBlock d;
    d.keyword = t_.span(ctx->getStart());
    d.span = t_.span(ctx);
    d.comments = t_.comments(ctx);
    d.uid = t_.name(ctx->name());
    if (ctx->text() != nullptr) d.title = t_.text(ctx->text());
    if (P::DashBodyContext* b = ctx->dashBody()) {
      d.inner = t_.inner(b->RBRACE());
      d.body = entries(b);
    }
    return d;
  }

 private:
  std::vector<dsl::DashEntry> entries(P::DashBodyContext* ctx) {
    std::vector<dsl::DashEntry> out;
    for (P::DashEntryContext* e : ctx->dashEntry()) out.push_back(entry(e));
    return out;
  }

  void body(P::DashBodyContext* ctx, dsl::DashEntry& e) {
    if (ctx == nullptr) return;
    e.has_body = true;
    e.body_span = t_.span(ctx);
    e.inner = t_.inner(ctx->RBRACE());
    e.body = entries(ctx);
  }

  dsl::DashEntry entry(P::DashEntryContext* ctx) {
    using K = dsl::DashEntry::Kind;
    dsl::DashEntry e;
    e.span = t_.span(ctx);
    e.keyword = t_.span(ctx->getStart());
    e.comments = t_.comments(ctx);
    if (auto* q = dynamic_cast<P::DashQueryContext*>(ctx)) {
      e.kind = K::Query;
      e.key = {"query", e.keyword, false};
      e.expr = t_.expression(q->RAW_EXPR());
    } else if (auto* v = dynamic_cast<P::DashVariableContext*>(ctx)) {
      e.kind = K::Variable;
      e.key = t_.name(v->name());
      if (v->RAW_EXPR() != nullptr) e.expr = t_.expression(v->RAW_EXPR());
      body(v->dashBody(), e);
    } else if (auto* th = dynamic_cast<P::DashThresholdsContext*>(ctx)) {
      e.kind = K::Thresholds;
      e.key = {"thresholds", e.keyword, false};
      for (P::ThresholdStepContext* s : th->thresholdStep()) {
        dsl::ThresholdStep step;
        antlr4::tree::TerminalNode* n = s->NUMBER() != nullptr ? s->NUMBER() : s->DECIMAL();
        if (n != nullptr) {
          step.value = n->getText();
          step.value_span = t_.span(n->getSymbol());
        }
        step.color = t_.name(s->name());
        e.steps.push_back(std::move(step));
      }
    } else if (auto* b = dynamic_cast<P::DashBlockContext*>(ctx)) {
      e.kind = K::Block;
      e.key = t_.name(b->name());
      body(b->dashBody(), e);
    } else if (auto* s = dynamic_cast<P::DashSettingContext*>(ctx)) {
      e.kind = K::Setting;
      e.key = t_.name(s->name());
      for (P::AmValueContext* value : s->amValue()) e.values.push_back(build_am_value(value, t_));
      body(s->dashBody(), e);
    }
    return e;
  }

  MzrBuilderTools& t_;
};

}  // namespace

dsl::DashboardBlock build_dashboard(P::DashboardBlockContext* ctx, MzrBuilderTools& tools) {
  return DashboardBuilder(tools).block(ctx);
}

}  // namespace mzr::syntax
