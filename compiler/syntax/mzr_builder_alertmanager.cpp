#include "compiler/syntax/mzr_builder_alertmanager.h"

#include <antlr4-runtime.h>

namespace mzr::syntax {
namespace {

using P = antlr_Mzr::MzrParser;

class AmBuilder {
 public:
  explicit AmBuilder(MzrBuilderTools& t) : t_(t) {}

  dsl::AmBlock block(dsl::AmBlock::Kind kind, antlr4::ParserRuleContext* ctx, P::NameContext* name,
                     const std::vector<P::AmBodyContext*>& bodies) {
    dsl::AmBlock b;
    b.kind = kind;
    b.keyword = t_.span(ctx->getStart());
    b.span = t_.span(ctx);
    b.comments = t_.comments(ctx);
    if (name != nullptr) b.name = t_.name(name);
    for (P::AmBodyContext* body : bodies) b.bodies.push_back(this->body(body));
    return b;
  }

  dsl::AmValueNode body(P::AmBodyContext* ctx) {
    dsl::AmValueNode v;
    v.kind = dsl::AmValueNode::Kind::Body;
    v.span = t_.span(ctx);
    v.inner = t_.inner(ctx->RBRACE());
    for (P::AmEntryContext* e : ctx->amEntry()) v.entries.push_back(entry(e));
    return v;
  }

  dsl::AmValueNode value(P::AmValueContext* ctx) {
    dsl::AmValueNode v;
    v.span = t_.span(ctx);
    if (ctx->text() != nullptr) {
      v.kind = dsl::AmValueNode::Kind::String;
      v.text = t_.text(ctx->text());
    } else if (ctx->amBody() != nullptr) {
      v = body(ctx->amBody());
    } else if (P::AmListContext* list = ctx->amList()) {
      v.kind = dsl::AmValueNode::Kind::List;
      v.inner = t_.inner(list->RBRACK());
      for (P::AmValueContext* item : list->amValue()) v.items.push_back(value(item));
    } else {
      v.kind = dsl::AmValueNode::Kind::Word;
      v.word = ctx->getText();
    }
    return v;
  }

  dsl::AmEntry entry(P::AmEntryContext* ctx) {
    dsl::AmEntry e;
    e.span = t_.span(ctx);
    e.comments = t_.comments(ctx);
    if (auto* m = dynamic_cast<P::AmMatchEntryContext*>(ctx)) {
      e.kind = dsl::AmEntry::Kind::Match;
      e.key = t_.name(m->name());
      for (P::AmMatcherContext* matcher : m->amMatcher()) {
        Span s = t_.span(matcher);
        e.matchers.push_back({std::string(t_.source_text(s)), s});
      }
    } else if (dynamic_cast<P::AmContinueEntryContext*>(ctx) != nullptr) {
      e.kind = dsl::AmEntry::Kind::Continue;
      e.key = {"continue", e.span, false};
    } else if (auto* s = dynamic_cast<P::AmSettingEntryContext*>(ctx)) {
      e.kind = dsl::AmEntry::Kind::Setting;
      e.key = t_.name(s->name());
      e.assign = s->ASSIGN() != nullptr;
      for (P::AmValueContext* v : s->amValue()) e.values.push_back(value(v));
    }
    return e;
  }

 private:
  MzrBuilderTools& t_;
};

}  // namespace

std::optional<dsl::AmBlock> build_am_block(P::ItemContext* item, MzrBuilderTools& tools) {
  AmBuilder b(tools);
  using K = dsl::AmBlock::Kind;
  if (auto* r = item->receiverBlock()) return b.block(K::Receiver, r, r->name(), {r->amBody()});
  if (auto* r = item->routeBlock()) return b.block(K::Route, r, nullptr, {r->amBody()});
  if (auto* r = item->inhibitBlock()) return b.block(K::Inhibit, r, nullptr, {r->amBody()});
  if (auto* r = item->timeIntervalBlock()) {
    return b.block(K::TimeInterval, r, r->name(), r->amBody());
  }
  if (auto* r = item->globalBlock()) return b.block(K::Global, r, nullptr, {r->amBody()});
  if (auto* r = item->templatesBlock()) {
    dsl::AmBlock out = b.block(K::Templates, r, nullptr, {});
    for (P::AmValueContext* v : r->amValue()) out.values.push_back(b.value(v));
    return out;
  }
  return std::nullopt;
}

dsl::AmValueNode build_am_value(P::AmValueContext* ctx, MzrBuilderTools& tools) {
  return AmBuilder(tools).value(ctx);
}

dsl::AmValueNode build_am_body(P::AmBodyContext* ctx, MzrBuilderTools& tools) {
  return AmBuilder(tools).body(ctx);
}

}  // namespace mzr::syntax
