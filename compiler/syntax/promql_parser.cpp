#include "compiler/syntax/promql_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <exception>

#include "PromQLLexer.h"
#include "PromQLParser.h"
#include "compiler/base/utf8.h"
#include "compiler/syntax/promql_builder.h"
#include "compiler/syntax/promql_lexer.h"
#include "compiler/syntax/promql_prescan.h"
#include "compiler/syntax/promql_token_stream.h"
#include "compiler/syntax/promql_tokens.h"

namespace mzr::syntax {

namespace {

using L = antlr_PromQL::PromQLLexer;

// The generated parser, linking each rule context to its parent without the runtime's
// dynamic_cast: a rule context's parent is always a rule context. Entering a rule is the
// parser's most frequent step, and the cast was a large part of its cost.
class FastParser : public antlr_PromQL::PromQLParser {
 public:
  using PromQLParser::PromQLParser;

 protected:
  void addContextToParseTree() override {
    if (_ctx->parent != nullptr)
      static_cast<antlr4::ParserRuleContext*>(_ctx->parent)->addChild(_ctx);
  }
};
using P = antlr_PromQL::PromQLParser;

// How Prometheus names a token in "unexpected ..." messages.
std::string describe(antlr4::Token* t, const PromqlPositions& pos) {
  if (t == nullptr || t->getType() == antlr4::Token::EOF) return "end of input";
  uint32_t b = pos.byte_of(t->getStartIndex());
  uint32_t e = pos.byte_of(t->getStopIndex() + 1);
  std::string text(pos.text().substr(b, e - b));
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t type = t->getType();
  if (type >= L::SUM && type <= L::LIMIT_RATIO) return fmt::format("<aggr:{}>", lower);
  // '=' is not one of Prometheus' operators (it only appears in label matchers): it is quoted.
  if ((type >= L::AND && type <= L::ATAN2) || (type >= L::ADD && type <= L::AT && type != L::EQL)) {
    return fmt::format("<op:{}>", lower);
  }
  if (type >= L::OFFSET && type <= L::FILL_RIGHT) return fmt::format("<{}>", lower);
  switch (type) {
    case L::IDENTIFIER:
    case L::METRIC_IDENTIFIER: return fmt::format("identifier \"{}\"", text);
    case L::NUMBER:
    case L::INF_LIT:
    case L::NAN_LIT: return fmt::format("number \"{}\"", text);
    case L::DURATION: return fmt::format("duration \"{}\"", text);
    case L::STRING: {
      std::string shown = text.size() > 10 ? text.substr(0, 10) + "..." : text;
      return fmt::format("string {}", shown);
    }
    default: return fmt::format("\"{}\"", text);
  }
}

bool has_rule(antlr4::tree::ParseTree* node, size_t rule) {
  auto* r = dynamic_cast<antlr4::RuleContext*>(node);
  return r != nullptr && r->getRuleIndex() == rule;
}

// The phrase Prometheus uses for where the parser was, from the innermost rule that has one.
struct Where {
  std::string_view context;
  std::string_view expected;
};
Where where(antlr4::RuleContext* ctx) {
  for (; ctx != nullptr; ctx = dynamic_cast<antlr4::RuleContext*>(ctx->parent)) {
    switch (ctx->getRuleIndex()) {
      case P::RuleLabelMatchers: {
        // After a complete matcher a separator or the end is due, else a matcher.
        auto* list = static_cast<antlr4::ParserRuleContext*>(ctx);
        bool after_matcher =
            !list->children.empty() && has_rule(list->children.back(), P::RuleMatcher);
        return {"label matching", after_matcher ? "\",\" or \"}\"" : "identifier or \"}\""};
      }
      case P::RuleMatcher: {
        auto* m = static_cast<antlr4::ParserRuleContext*>(ctx);
        bool has_op =
            std::any_of(m->children.begin(), m->children.end(),
                        [](antlr4::tree::ParseTree* c) { return has_rule(c, P::RuleMatchOp); });
        return {"label matching", has_op ? "string" : "label matching operator"};
      }
      case P::RuleMatchOp: return {"label matching", "label matching operator"};
      case P::RuleGroupingLabels:
      case P::RuleGroupingLabel:
      case P::RuleGrouping: return {"grouping opts", ""};
      case P::RuleOffsetValue:
      case P::RuleOffsetAtom: return {"offset", "number, duration, step(), or range()"};
      case P::RuleAtValue: return {"@", "timestamp"};
      case P::RuleDurationExpr:
      case P::RuleDurationOperand:
      case P::RuleDurationCall:
      case P::RulePostfix:
        return {"subquery or range selector", "number, duration, step(), or range()"};
      case P::RuleAggregateBody: return {"aggregation", ""};
      case P::RuleFillModifier: return {"fill modifier", "number"};
      default: break;
    }
  }
  return {"", ""};
}

// Keeps the first syntax error ANTLR reports; later ones are consequences of it.
class FirstError : public antlr4::BaseErrorListener {
 public:
  bool seen = false;
  antlr4::Token* token = nullptr;
  Where at;

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    if (seen) return;
    seen = true;
    token = offending;
    if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) at = where(parser->getContext());
  }
};

void report_syntax_error(const FirstError& e, const PromqlPositions& pos, Diagnostics& diags) {
  antlr4::Token* t = e.token;
  bool eof = t == nullptr || t->getType() == antlr4::Token::EOF;
  std::string message = "unexpected " + describe(t, pos);
  // At the end of input only the context helps; elsewhere the expectation does too.
  if (!e.at.context.empty()) message += fmt::format(" in {}", e.at.context);
  if (!eof && !e.at.expected.empty()) message += fmt::format(", expected {}", e.at.expected);
  Span at = eof ? pos.span(pos.size(), pos.size())
                : pos.span_inclusive(t->getStartIndex(), t->getStopIndex());
  diags.report(DiagKind::PromqlSyntax, at, message);
}

}  // namespace

PromqlParse parse_promql(const EmbeddedText& text, const promql::Features& features,
                         NameScheme names, promql::Arena& arena, Diagnostics& diags) {
  PromqlParse result;
  if (text.text.size() > kMaxPromqlBytes) {
    diags.report(DiagKind::PromqlTooComplex, text.span(0, 0),
                 fmt::format("expression is too large ({} bytes; the limit is {})",
                             text.text.size(), kMaxPromqlBytes));
    return result;
  }
  if (auto bad = find_invalid_utf8(text.text)) {
    uint32_t at = static_cast<uint32_t>(*bad);
    diags.report(DiagKind::PromqlInvalidUtf8, text.span(at, at + 1), "invalid UTF-8 rune");
    return result;
  }
  // ANTLR's input stream silently drops a leading byte order mark, which would shift every
  // position; Prometheus rejects the character anyway.
  if (text.text.starts_with("\xEF\xBB\xBF")) {
    diags.report(DiagKind::PromqlSyntax, text.span(0, 3), "unexpected character: U+FEFF");
    return result;
  }
  PromqlPositions pos(text);
  try {
    std::vector<PromqlToken> toks = lex_promql(text.text);
    if (!prescan_promql(toks, pos, diags)) return result;
    if (toks.size() == 1) {
      diags.report(DiagKind::PromqlEmpty, text.span(0, pos.size()), "no expression found in input");
      return result;
    }
    PromqlTokenStream tokens(toks, text.text);

    // SLL with bail-out first: on valid input it always succeeds and is the fast path. Only a
    // failure pays for full LL with error recovery, which gives the error message.
    FastParser parser(&tokens);
    parser.removeErrorListeners();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    P::RootContext* tree = nullptr;
    try {
      tree = parser.root();
    } catch (const antlr4::ParseCancellationException&) {
      tree = nullptr;
    }
    if (tree == nullptr) {
      result.ll_fallback = true;
      tokens.seek(0);
      parser.reset();
      parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL);
      FirstError first;
      parser.addErrorListener(&first);
      tree = parser.root();
      parser.removeErrorListeners();
      if (first.seen || tree == nullptr || tree->expr() == nullptr) {
        report_syntax_error(first, pos, diags);
        return result;
      }
    }
    PromqlBuildContext context{pos, features, names, arena, diags};
    bool ok = true;
    result.root = build_promql_ast(tree->expr(), context, ok);
    result.ok = ok;
  } catch (const std::exception& e) {
    diags.report(DiagKind::PromqlSyntax, text.span(0, pos.size()),
                 fmt::format("internal error while parsing the expression: {}", e.what()));
    result.root = nullptr;
    result.ok = false;
  }
  return result;
}

}  // namespace mzr::syntax
