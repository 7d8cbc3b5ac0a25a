#include "compiler/syntax/mzr_builder.h"

#include <antlr4-runtime.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <span>

#include "MzrLexer.h"
#include "compiler/base/suggest.h"
#include "compiler/syntax/mzr_builder_alertmanager.h"
#include "compiler/syntax/mzr_builder_dashboard.h"
#include "compiler/syntax/mzr_builder_tests.h"

namespace mzr::syntax {
namespace {

// The settings a stack block may hold, for suggestions.
const std::vector<std::string_view> kStackSettings = {
    "external_labels", "thanos", "rules_namespace", "rule_selector", "loki", "grafana", "chart"};

using L = antlr_Mzr::MzrLexer;
using P = antlr_Mzr::MzrParser;

class Builder final : public MzrBuilderTools {
 public:
  Builder(antlr4::CommonTokenStream& tokens, const std::vector<MzrRawLexer::Comment>& comments,
          const CodePointMap& cps, const SourceFile& file, SourceId id, Diagnostics& diags)
      : tokens_(tokens), comments_(comments), cps_(cps), file_(file), id_(id), diags_(diags) {}

  dsl::File file(P::FileContext* ctx, const std::vector<MzrRawLexer::BadToken>& bad) {
    report_bad_tokens(bad);
    dsl::File out;
    out.source = id_;
    if (ctx == nullptr) return out;
    for (P::ItemContext* item : ctx->item()) {
      if (auto* m = item->metricsBlock()) {
        out.items.emplace_back(metrics(m));
      } else if (auto* r = item->rulesBlock()) {
        out.items.emplace_back(rules(r));
      } else if (auto* a = item->alertsBlock()) {
        out.items.emplace_back(alerts(a));
      } else if (auto* s = item->stackBlock()) {
        out.items.emplace_back(stack(s));
      } else if (auto* l = item->lokiBlock()) {
        out.items.emplace_back(loki(l));
      } else if (auto* st = item->streamsBlock()) {
        out.items.emplace_back(streams(st));
      } else if (auto am = build_am_block(item, *this)) {
        out.items.emplace_back(std::move(*am));
      } else if (auto* d = item->dashboardBlock()) {
        out.items.emplace_back(build_dashboard(d, *this));
      } else if (auto* rt = item->ruleTestBlock()) {
        out.items.emplace_back(build_rule_test(rt, *this));
      } else if (auto* t = item->testBlock()) {
        if (auto test = route_test(t)) out.items.emplace_back(std::move(*test));
      } else if (auto* u = item->unknownBlock()) {
        antlr4::Token* word = u->getStart();
        diags_.report(
            DiagKind::DslUnknownKeyword, span(word),
            fmt::format("unknown block '{}'{}", word->getText(),
                        did_you_mean(word->getText(),
                                     std::vector<std::string_view>{
                                         "metrics", "rules", "alerts", "stack", "loki", "streams",
                                         "receiver", "route", "inhibit", "time_interval", "global",
                                         "templates", "test", "dashboard"})));
      }
    }
    if (ctx->EOF() != nullptr) out.trailing = own_line_comments_before(ctx->EOF()->getSymbol());
    out.all_comments.reserve(comments_.size());
    for (const MzrRawLexer::Comment& c : comments_) out.all_comments.push_back(span(c));
    return out;
  }

 private:
  // -- positions and comments ---------------------------------------------------------------

  Span span(const antlr4::Token* t) const override {
    if (t->getStartIndex() == INVALID_INDEX) return {id_, file_.size(), file_.size()};
    uint32_t b = cps_.byte_of(t->getStartIndex());
    uint32_t e = t->getType() == antlr4::Token::EOF ? b : cps_.byte_of(t->getStopIndex() + 1);
    return {id_, b, std::max(b, e)};
  }
  Span span(antlr4::ParserRuleContext* ctx) const override {
    if (ctx == nullptr || ctx->getStart() == nullptr) return {id_, 0, 0};
    Span s = span(ctx->getStart());
    if (ctx->getStop() != nullptr &&
        ctx->getStop()->getTokenIndex() >= ctx->getStart()->getTokenIndex()) {
      s.end = std::max(s.end, span(ctx->getStop()).end);
    }
    return s;
  }
  std::string_view source_text(Span s) const override {
    return file_.text().substr(s.begin, s.end - s.begin);
  }
  Span span(antlr4::tree::TerminalNode* n) const {
    return n ? span(n->getSymbol()) : Span{id_, 0, 0};
  }

  Span span(const MzrRawLexer::Comment& c) const {
    return {id_, cps_.byte_of(c.start), cps_.byte_of(c.stop)};
  }

  dsl::Comment comment(const MzrRawLexer::Comment& c) const {
    Span s = span(c);
    std::string_view text = source_text(s);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return {std::string(text), s};
  }

  // The comments in code points [from, to), in order.
  std::span<const MzrRawLexer::Comment> comments_between(size_t from, size_t to) const {
    auto starts_before = [](const MzrRawLexer::Comment& c, size_t at) { return c.start < at; };
    auto b = std::lower_bound(comments_.begin(), comments_.end(), from, starts_before);
    auto e = std::lower_bound(b, comments_.end(), to, starts_before);
    return {b, e};
  }

  // Comments on their own lines between the previous token and `t`.
  // Tokens conjured by error recovery are in no stream.
  bool in_stream(antlr4::Token* t) const {
    return t != nullptr && t->getTokenIndex() < tokens_.size() &&
           tokens_.get(t->getTokenIndex()) == t;
  }

  std::vector<dsl::Comment> own_line_comments_before(antlr4::Token* t) const {
    std::vector<dsl::Comment> out;
    if (!in_stream(t)) return out;
    // The stream holds no comments: the previous token in it is the previous one in the file.
    size_t prev_line = 0;
    size_t from = 0;
    if (t->getTokenIndex() > 0) {
      antlr4::Token* p = tokens_.get(t->getTokenIndex() - 1);
      prev_line = last_line_of(p);
      from = p->getStopIndex() + 1;
    }
    std::span<const MzrRawLexer::Comment> between = comments_between(from, t->getStartIndex());
    out.reserve(between.size());
    for (const MzrRawLexer::Comment& c : between) {
      if (c.line > prev_line || prev_line == 0) out.push_back(comment(c));
    }
    return out;
  }

  size_t last_line_of(antlr4::Token* t) const {
    size_t line = t->getLine();
    for (char c : t->getText()) {
      if (c == '\n') ++line;
    }
    return line;
  }

  // The comment on the same line right after `t`, if any.
  std::optional<dsl::Comment> trailing_comment(antlr4::Token* t) const {
    if (!in_stream(t) || t->getType() == antlr4::Token::EOF) return std::nullopt;
    size_t next = t->getTokenIndex() + 1;
    size_t to = next < tokens_.size() ? tokens_.get(next)->getStartIndex() : SIZE_MAX;
    size_t line = last_line_of(t);
    for (const MzrRawLexer::Comment& c : comments_between(t->getStopIndex() + 1, to)) {
      if (c.line == line) return comment(c);
    }
    return std::nullopt;
  }

  dsl::Comments comments(antlr4::ParserRuleContext* ctx) const override {
    return {own_line_comments_before(ctx->getStart()), trailing_comment(ctx->getStop())};
  }

  dsl::Comments inner(antlr4::tree::TerminalNode* rbrace) const override {
    dsl::Comments c;
    if (rbrace != nullptr) c.leading = own_line_comments_before(rbrace->getSymbol());
    return c;
  }

  void report_bad_tokens(const std::vector<MzrRawLexer::BadToken>& bad) {
    for (const MzrRawLexer::BadToken& t : bad) {
      Span at{id_, cps_.byte_of(t.start), cps_.byte_of(t.stop + 1)};
      if (t.type == L::UNTERMINATED_STRING) {
        diags_.report(DiagKind::DslBadString, at, "string is not closed on this line");
      } else if (t.type == L::LBRACE || t.type == L::LBRACK) {
        diags_.report(DiagKind::DslSyntax, at,
                      fmt::format("blocks and lists are nested more than {} deep; what is "
                                  "nested deeper is skipped",
                                  MzrRawLexer::kMaxNesting));
      } else {
        diags_.report(DiagKind::DslSyntax, at, fmt::format("unexpected character '{}'", t.text));
      }
    }
  }

  void unknown(antlr4::tree::TerminalNode* word, std::string_view what,
               std::vector<std::string_view> keywords) {
    if (word == nullptr) return;
    diags_.report(DiagKind::DslUnknownKeyword, span(word),
                  fmt::format("unknown {} '{}'{}", what, word->getText(),
                              did_you_mean(word->getText(), keywords)));
  }

  // -- leaves ---------------------------------------------------------------------------------

  std::optional<std::string> unescape(std::string_view s, Span at) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\\') {
        out += s[i];
        continue;
      }
      char c = i + 1 < s.size() ? s[i + 1] : '\0';
      switch (c) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        default:
          diags_.report(
              DiagKind::DslBadString,
              {id_, at.begin + static_cast<uint32_t>(i) + 1,
               at.begin + static_cast<uint32_t>(i) + 3},
              fmt::format("unknown escape '\\{}'; strings know \\\", \\\\, \\n and \\t", c));
          return std::nullopt;
      }
      ++i;
    }
    return out;
  }

  dsl::Name name(P::NameContext* ctx) override {
    dsl::Name n;
    if (ctx == nullptr) return n;
    n.span = span(ctx);
    std::string raw = ctx->getText();
    if (ctx->STRING() != nullptr) {
      n.quoted = true;
      n.value = unescape(std::string_view(raw).substr(1, raw.size() - 2), n.span).value_or("");
    } else {
      n.value = raw;
    }
    return n;
  }

  dsl::Text text(P::TextContext* ctx) override {
    dsl::Text t;
    if (ctx == nullptr) return t;
    t.span = span(ctx);
    for (antlr4::tree::TerminalNode* s : ctx->STRING()) {
      std::string raw = s->getText();
      std::string inner = raw.substr(1, raw.size() - 2);
      t.value += unescape(inner, span(s)).value_or("");
      t.parts.push_back(inner);
    }
    return t;
  }

  std::optional<dsl::DurationValue> duration(antlr4::tree::TerminalNode* n) override {
    if (n == nullptr) return std::nullopt;
    DurationError err;
    auto d = parse_duration(n->getText(), &err);
    if (!d) {
      diags_.report(DiagKind::DslBadDuration, span(n),
                    fmt::format("invalid duration: {}", err.message));
      return std::nullopt;
    }
    return dsl::DurationValue{*d, n->getText(), span(n)};
  }

  std::vector<dsl::Name> names(P::NameListContext* ctx) {
    std::vector<dsl::Name> out;
    if (ctx == nullptr) return out;
    for (P::NameContext* n : ctx->name()) out.push_back(name(n));
    return out;
  }

  dsl::LabelMap label_map(P::LabelMapContext* ctx) override {
    dsl::LabelMap m;
    if (ctx == nullptr) return m;
    m.span = span(ctx);
    for (P::LabelPairContext* p : ctx->labelPair()) {
      m.pairs.push_back({name(p->name()), text(p->text()), comments(p)});
    }
    m.inner = inner(ctx->RBRACE());
    return m;
  }

  dsl::Expression expression(antlr4::tree::TerminalNode* raw) override {
    dsl::Expression e;
    if (raw == nullptr) return e;
    antlr4::Token* t = raw->getSymbol();
    uint32_t b = cps_.byte_of(t->getStartIndex());
    uint32_t end =
        t->getStopIndex() + 1 > t->getStartIndex() ? cps_.byte_of(t->getStopIndex() + 1) : b;
    e.span = {id_, b, end};
    e.text = EmbeddedText::verbatim(std::string(file_.text().substr(b, end - b)), id_, b);
    if (e.text.text.empty()) {
      diags_.report(DiagKind::DslEmptyExpression, {id_, b, b}, "expression is missing");
    }
    return e;
  }

  // -- blocks ---------------------------------------------------------------------------------

  template <typename T>
  void once(std::optional<T>& slot, T value, Span at, std::string_view what) {
    if (slot) {
      diags_.report(DiagKind::DslDuplicateField, at, fmt::format("'{}' is given twice", what));
      return;
    }
    slot = std::move(value);
  }

  dsl::MetricsBlock metrics(P::MetricsBlockContext* ctx) {
    dsl::MetricsBlock b;
    b.name = name(ctx->name());
    b.span = span(ctx);
    b.comments = comments(ctx);
    b.inner = inner(ctx->RBRACE());
    for (P::MetricsEntryContext* e : ctx->metricsEntry()) {
      if (auto* t = dynamic_cast<P::TargetLabelsContext*>(e)) {
        once(b.target_labels, names(t->nameList()), span(t->TARGET_LABELS()), "target_labels");
        b.target_comments = comments(t);
      } else if (auto* m = dynamic_cast<P::MetricDeclContext*>(e)) {
        dsl::Metric metric;
        auto* type = m->metricType();
        metric.type = type->COUNTER()     ? dsl::MetricType::Counter
                      : type->GAUGE()     ? dsl::MetricType::Gauge
                      : type->HISTOGRAM() ? dsl::MetricType::Histogram
                      : type->SUMMARY()   ? dsl::MetricType::Summary
                                          : dsl::MetricType::Info;
        metric.name = name(m->name());
        if (m->nameList() != nullptr) metric.labels = names(m->nameList());
        if (m->text() != nullptr) metric.help = text(m->text());
        metric.span = span(m);
        metric.comments = comments(m);
        b.metrics.push_back(std::move(metric));
      } else if (auto* u = dynamic_cast<P::UnknownMetricEntryContext*>(e)) {
        unknown(u->NAME(), "metric type",
                {"counter", "gauge", "histogram", "summary", "info", "target_labels"});
      }
    }
    return b;
  }

  void group_options(const std::vector<P::GroupOptionContext*>& opts, dsl::GroupOptions& o) {
    for (P::GroupOptionContext* opt : opts) {
      if (auto* e = dynamic_cast<P::EveryOptionContext*>(opt)) {
        if (auto d = duration(e->DURATION())) once(o.every, *d, span(e), "every");
      } else if (auto* f = dynamic_cast<P::OffsetOptionContext*>(opt)) {
        if (auto d = duration(f->DURATION())) once(o.offset, *d, span(f), "offset");
      } else if (auto* l = dynamic_cast<P::LimitOptionContext*>(opt)) {
        int64_t v = 0;
        std::string s = l->NUMBER() ? l->NUMBER()->getText() : "0";
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || v < 0) {
          diags_.report(DiagKind::DslInvalidValue, span(l), "limit must be a non-negative integer");
        } else {
          once(o.limit, v, span(l), "limit");
        }
      } else if (auto* pr = dynamic_cast<P::PartialResponseOptionContext*>(opt)) {
        once(o.partial_response, name(pr->name()), span(pr), "partial_response");
      } else if (auto* lb = dynamic_cast<P::LabelsOptionContext*>(opt)) {
        once(o.labels, label_map(lb->labelMap()), span(lb), "labels");
      } else if (auto* t = dynamic_cast<P::TenantOptionContext*>(opt)) {
        once(o.tenant, text(t->text()), span(t), "tenant");
      } else if (auto* u = dynamic_cast<P::UnknownGroupOptionContext*>(opt)) {
        unknown(u->NAME(0), "group option",
                {"every", "offset", "limit", "partial_response", "labels", "tenant"});
      }
    }
  }

  dsl::RuleGroupBlock rules(P::RulesBlockContext* ctx) {
    dsl::RuleGroupBlock g;
    g.alerting = false;
    g.name = name(ctx->name());
    g.span = span(ctx);
    g.comments = comments(ctx);
    g.inner = inner(ctx->RBRACE());
    group_options(ctx->groupOption(), g.options);
    for (P::RecordRuleContext* r : ctx->recordRule()) {
      dsl::RecordRule rule;
      rule.name = name(r->name());
      rule.expr = expression(r->RAW_EXPR());
      if (r->labelMap() != nullptr) rule.labels = label_map(r->labelMap());
      rule.span = span(r);
      rule.comments = comments(r);
      g.records.push_back(std::move(rule));
    }
    return g;
  }

  dsl::RuleGroupBlock alerts(P::AlertsBlockContext* ctx) {
    dsl::RuleGroupBlock g;
    g.alerting = true;
    g.name = name(ctx->name());
    g.span = span(ctx);
    g.comments = comments(ctx);
    g.inner = inner(ctx->RBRACE());
    group_options(ctx->groupOption(), g.options);
    for (P::AlertRuleContext* a : ctx->alertRule()) g.alerts.push_back(alert(a));
    return g;
  }

  // `loki rules ...` and `loki alerts ...`: the groups as usual, their span and comments from the
  // `loki` keyword on.
  dsl::RuleGroupBlock loki(P::LokiBlockContext* ctx) {
    dsl::RuleGroupBlock g = ctx->rulesBlock()    ? rules(ctx->rulesBlock())
                            : ctx->alertsBlock() ? alerts(ctx->alertsBlock())
                                                 : dsl::RuleGroupBlock{};
    g.loki = true;
    g.span = span(ctx);
    g.comments = comments(ctx);
    return g;
  }

  dsl::StreamsBlock streams(P::StreamsBlockContext* ctx) {
    dsl::StreamsBlock b;
    b.name = name(ctx->name());
    b.labels = names(ctx->nameList());
    b.span = span(ctx);
    b.comments = comments(ctx);
    return b;
  }

  dsl::AlertRule alert(P::AlertRuleContext* ctx) {
    dsl::AlertRule a;
    a.name = name(ctx->name());
    a.span = span(ctx);
    a.comments = comments(ctx);
    a.inner = inner(ctx->RBRACE());
    for (P::AlertOptionContext* opt : ctx->alertOption()) {
      if (auto* f = dynamic_cast<P::ForOptionContext*>(opt)) {
        if (auto d = duration(f->DURATION())) once(a.for_duration, *d, span(f), "for");
      } else if (auto* k = dynamic_cast<P::KeepFiringForOptionContext*>(opt)) {
        if (auto d = duration(k->DURATION()))
          once(a.keep_firing_for, *d, span(k), "keep_firing_for");
      } else if (auto* u = dynamic_cast<P::UnknownAlertOptionContext*>(opt)) {
        unknown(u->NAME(), "alert option", {"for", "keep_firing_for"});
      }
    }
    using Kind = dsl::AlertField::Kind;
    for (P::AlertFieldContext* f : ctx->alertField()) {
      dsl::AlertField field;
      field.comments = comments(f);
      field.keyword = span(f->getStart());
      if (auto* e = dynamic_cast<P::ExprFieldContext*>(f)) {
        field.kind = Kind::Expr;
        field.expr = expression(e->RAW_EXPR());
      } else if (auto* l = dynamic_cast<P::LabelsFieldContext*>(f)) {
        field.kind = Kind::Labels;
        field.map = label_map(l->labelMap());
      } else if (auto* an = dynamic_cast<P::AnnotationsFieldContext*>(f)) {
        field.kind = Kind::Annotations;
        field.map = label_map(an->labelMap());
      } else if (auto* s = dynamic_cast<P::SummaryFieldContext*>(f)) {
        field.kind = Kind::Summary;
        field.text = text(s->text());
      } else if (auto* d = dynamic_cast<P::DescriptionFieldContext*>(f)) {
        field.kind = Kind::Description;
        field.text = text(d->text());
      } else if (auto* r = dynamic_cast<P::RunbookFieldContext*>(f)) {
        field.kind = Kind::Runbook;
        field.text = text(r->text());
      } else if (auto* u = dynamic_cast<P::UnknownAlertFieldContext*>(f)) {
        unknown(u->NAME(), "alert field",
                {"expr", "labels", "annotations", "summary", "description", "runbook"});
        continue;
      }
      bool repeated = false;
      for (const dsl::AlertField& other : a.fields) repeated |= other.kind == field.kind;
      if (repeated) {
        diags_.report(DiagKind::DslDuplicateField, field.keyword,
                      fmt::format("'{}' is given twice in alert '{}'", f->getStart()->getText(),
                                  a.name.value));
        continue;
      }
      a.fields.push_back(std::move(field));
    }
    return a;
  }

  dsl::StackBlock stack(P::StackBlockContext* ctx) {
    dsl::StackBlock s;
    s.span = span(ctx);
    s.comments = comments(ctx);
    s.inner = inner(ctx->RBRACE());
    using Kind = dsl::StackEntry::Kind;
    for (P::StackEntryContext* e : ctx->stackEntry()) {
      dsl::StackEntry entry;
      entry.comments = comments(e);
      entry.keyword = span(e->getStart());
      if (auto* x = dynamic_cast<P::ExternalLabelsContext*>(e)) {
        entry.kind = Kind::ExternalLabels;
        entry.map = label_map(x->labelMap());
      } else if (auto* t = dynamic_cast<P::ThanosSettingsContext*>(e)) {
        entry.kind = Kind::Thanos;
        if (t->name() != nullptr) entry.thanos_partial_response = name(t->name());
      } else if (auto* n = dynamic_cast<P::RulesNamespaceContext*>(e)) {
        entry.kind = Kind::RulesNamespace;
        entry.text = text(n->text());
      } else if (auto* r = dynamic_cast<P::RuleSelectorContext*>(e)) {
        entry.kind = Kind::RuleSelector;
        entry.map = label_map(r->labelMap());
      } else if (auto* lk = dynamic_cast<P::LokiSettingsContext*>(e)) {
        entry.kind = Kind::Loki;
        loki_settings(lk, entry);
      } else if (auto* g = dynamic_cast<P::GrafanaSettingsContext*>(e)) {
        entry.kind = Kind::Grafana;
        entry.body = build_am_body(g->amBody(), *this);
      } else if (auto* c = dynamic_cast<P::NamedStackSettingsContext*>(e)) {
        if (c->NAME()->getText() != "chart") {
          unknown(c->NAME(), "stack setting", kStackSettings);
          continue;
        }
        entry.kind = Kind::Chart;
        entry.body = build_am_body(c->amBody(), *this);
      } else if (auto* u = dynamic_cast<P::UnknownStackEntryContext*>(e)) {
        unknown(u->NAME(), "stack setting", kStackSettings);
        continue;
      }
      bool repeated = false;
      for (const dsl::StackEntry& other : s.entries) repeated |= other.kind == entry.kind;
      if (repeated) {
        diags_.report(
            DiagKind::DslDuplicateField, entry.keyword,
            fmt::format("'{}' is given twice in the stack block", e->getStart()->getText()));
        continue;
      }
      s.entries.push_back(std::move(entry));
    }
    return s;
  }

  void loki_settings(P::LokiSettingsContext* ctx, dsl::StackEntry& entry) {
    static constexpr std::string_view kKeys[] = {"tenant", "alertmanager_url", "remote_write_url",
                                                 "rules_directory"};
    entry.inner = inner(ctx->RBRACE());
    entry.close = span(ctx->RBRACE());
    for (P::LokiSettingContext* st : ctx->lokiSetting()) {
      dsl::KeyText kt;
      antlr4::Token* key = st->getStart();
      kt.key = {key->getText(), span(key), false};
      kt.value = text(st->text());
      kt.comments = comments(st);
      if (std::find(std::begin(kKeys), std::end(kKeys), kt.key.value) == std::end(kKeys)) {
        diags_.report(
            DiagKind::DslUnknownKeyword, kt.key.span,
            fmt::format("unknown Loki setting '{}'{}", kt.key.value,
                        did_you_mean(kt.key.value, std::vector<std::string_view>(
                                                       std::begin(kKeys), std::end(kKeys)))));
        continue;
      }
      bool repeated = false;
      for (const dsl::KeyText& other : entry.settings) repeated |= other.key.value == kt.key.value;
      if (repeated) {
        diags_.report(
            DiagKind::DslDuplicateField, kt.key.span,
            fmt::format("'{}' is given twice in the stack's loki settings", kt.key.value));
        continue;
      }
      entry.settings.push_back(std::move(kt));
    }
  }

  // `test route ...`; nullopt (reported) for another kind of test.
  std::optional<dsl::RouteTestBlock> route_test(P::TestBlockContext* ctx) {
    dsl::RouteTestBlock t;
    t.kind = name(ctx->name());
    t.span = span(ctx);
    t.comments = comments(ctx);
    if (t.kind.value != "route") {
      diags_.report(
          DiagKind::DslBadTest, t.kind.span,
          fmt::format("unknown kind of test '{}'; only 'test route' exists so far{}", t.kind.value,
                      did_you_mean(t.kind.value, std::vector<std::string_view>{"route"})));
      return std::nullopt;
    }
    if (ctx->text() != nullptr) t.title = text(ctx->text());
    if (auto* l = dynamic_cast<P::LabelsSubjectContext*>(ctx->testSubject())) {
      t.labels = label_map(l->labelMap());
    } else if (auto* a = dynamic_cast<P::AlertSubjectContext*>(ctx->testSubject())) {
      t.alert = name(a->name());
      if (a->labelMap() != nullptr) t.labels = label_map(a->labelMap());
    }
    for (P::TestClauseContext* c : ctx->testClause()) {
      if (auto* at = dynamic_cast<P::AtClauseContext*>(c)) {
        once(t.at, text(at->text()), span(at), "at");
      } else if (auto* ib = dynamic_cast<P::InhibitedByClauseContext*>(c)) {
        dsl::TestInhibition inh;
        inh.expect_inhibited = ib->NOT() == nullptr;
        inh.span = span(ib);
        for (P::LabelMapContext* m : ib->labelMap()) inh.firing.push_back(label_map(m));
        t.inhibitions.push_back(std::move(inh));
      }
    }
    if (P::ReceiverListContext* r = ctx->receiverList()) {
      std::vector<dsl::Name> receivers;
      for (P::NameContext* n : r->name()) receivers.push_back(name(n));
      t.receivers = std::move(receivers);
      t.receivers_span = span(r);
    }
    if (!t.receivers && t.inhibitions.empty()) {
      diags_.report(DiagKind::DslBadTest, t.span,
                    "the test expects nothing: add '-> [receivers]' or 'inhibited_by { ... }'");
      return std::nullopt;
    }
    return t;
  }

  antlr4::CommonTokenStream& tokens_;
  const std::vector<MzrRawLexer::Comment>& comments_;
  const CodePointMap& cps_;
  const SourceFile& file_;
  SourceId id_;
  Diagnostics& diags_;
};

}  // namespace

dsl::File build_mzr_file(P::FileContext* tree, antlr4::CommonTokenStream& tokens,
                         const MzrRawLexer& lexer, const CodePointMap& cps, const SourceFile& file,
                         SourceId id, Diagnostics& diags) {
  return Builder(tokens, lexer.comments(), cps, file, id, diags).file(tree, lexer.bad_tokens());
}

}  // namespace mzr::syntax
