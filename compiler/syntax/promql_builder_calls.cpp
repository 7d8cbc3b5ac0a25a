#include <fmt/format.h>
#include <re2/re2.h>

#include <optional>

#include "compiler/base/suggest.h"
#include "compiler/promql/functions.h"
#include "compiler/syntax/promql_builder_impl.h"
#include "compiler/syntax/promql_literals.h"
#include "compiler/syntax/promql_precedence.h"

namespace mzr::syntax::promql_build {

// -- Calls and aggregations -----------------------------------------------------------------------

// callArgs : expr (',' expr)* ','? — the expressions are the even children, and an even
// count means a trailing comma.
std::vector<Expr*> Builder::call_args(P::CallArgsContext* ctx) {
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
Expr* Builder::call(P::PrimaryExprContext* ctx) {
  Token* name_token = ctx->getStart();
  std::string name = text(name_token);
  std::vector<Expr*> args =
      call_args(ctx->children.size() == 4 ? rule_at<P::CallArgsContext>(ctx, 2) : nullptr);
  bool v2 = c_.features.prometheus_major == 2;
  // Prometheus 3 renamed holt_winters (a standard function of 2) and made it experimental.
  const Function* f = find_function(v2 && name == "holt_winters" ? "double_exponential_smoothing"
                                                                 : std::string_view(name));
  if (f == nullptr) {
    std::vector<std::string_view> names;
    for (const Function& known : all_functions()) names.push_back(known.name);
    std::string hint = name == "holt_winters"
                           ? "; Prometheus 3 renamed it double_exponential_smoothing, an "
                             "experimental function"
                           : did_you_mean(name, names);
    error(DiagKind::PromqlUnknownFunction, span(name_token),
          fmt::format("unknown function with name \"{}\"{}", name, hint));
    return placeholder(ctx);
  }
  if (v2 && added_in_prometheus_3(name)) {
    error(DiagKind::PromqlUnknownFunction, span(name_token),
          fmt::format("unknown function with name \"{}\" in Prometheus 2: it was added in "
                      "Prometheus 3, and mzrules.yaml pins 'versions.prometheus: 2'",
                      name));
    return placeholder(ctx);
  }
  if (f->experimental && !c_.features.experimental_functions && !(v2 && name == "holt_winters")) {
    error(DiagKind::PromqlFeatureDisabled, span(name_token),
          fmt::format("function \"{}\" is not enabled", name));
  }
  auto* c = c_.arena.make<Call>(span(ctx), f);
  c->args = std::move(args);
  return c;
}

// aggregateOp grouping aggregateBody | aggregateOp aggregateBody grouping?
Expr* Builder::aggregate(P::PrimaryExprContext* ctx) {
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

std::vector<std::string> Builder::grouping_labels(P::GroupingLabelsContext* ctx) {
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

// -- Selectors ------------------------------------------------------------------------------------

// name labelMatchers? | labelMatchers
Expr* Builder::selector(P::PrimaryExprContext* ctx) {
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
        error(
            DiagKind::PromqlInvalidSelector, m.span,
            fmt::format("metric name must not be set twice: \"{}\" or \"{}\"", vs->name, m.value));
        break;
      }
    }
  }
  return vs;
}

// labelName matchOp STRING | STRING (matchOp STRING)?
Matcher Builder::matcher(P::MatcherContext* ctx) {
  Matcher m;
  m.span = span(ctx);
  if (ctx->children.size() == 1) {
    // A bare string names the metric: {"my.metric"}.
    m.name = "__name__";
    m.value = string_value(token_at(ctx, 0));
    if (c_.features.prometheus_major == 2) {
      error(DiagKind::PromqlSyntax, m.span,
            "a quoted metric name needs Prometheus 3; mzrules.yaml pins "
            "'versions.prometheus: 2'");
    }
  } else {
    Token* first = ctx->getStart();
    bool quoted = first->getType() == P::STRING;
    if (quoted && c_.features.prometheus_major == 2) {
      error(DiagKind::PromqlSyntax, span(first),
            "a quoted label name needs Prometheus 3; mzrules.yaml pins "
            "'versions.prometheus: 2'");
    }
    m.name = quoted ? string_value(first) : text(first);
    m.value = string_value(token_at(ctx, 2));
    if (quoted && !is_valid_label_name(m.name, c_.names)) {
      error(DiagKind::PromqlSyntax, span(first), fmt::format("invalid label name \"{}\"", m.name));
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

}  // namespace mzr::syntax::promql_build
