#include "compiler/syntax/logql_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "LogQLLexer.h"
#include "LogQLParser.h"
#include "compiler/base/utf8.h"
#include "compiler/syntax/logql_builder.h"
#include "compiler/syntax/logql_tokens.h"
#include "compiler/syntax/sll_then_ll.h"

namespace mzr::syntax {

namespace {

using P = antlr_LogQL::LogQLParser;
using L = antlr_LogQL::LogQLLexer;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string shorten(std::string_view s) {
  if (s.size() <= 24) return std::string(s);
  return std::string(s.substr(0, 20)) + "...";
}

// How a token found in the input is named in messages.
std::string describe(antlr4::Token* t, const LogqlPositions& pos) {
  if (t == nullptr || t->getType() == antlr4::Token::EOF) return "end of input";
  std::string text(pos.text_of(t));
  switch (t->getType()) {
    case L::IDENTIFIER: return fmt::format("identifier \"{}\"", shorten(text));
    case L::STRING: return fmt::format("string {}", shorten(text));
    case L::NUMBER: return fmt::format("number \"{}\"", text);
    case L::DURATION: return fmt::format("duration \"{}\"", text);
    case L::BYTES: return fmt::format("byte size \"{}\"", text);
    case L::RANGE: return fmt::format("range \"{}\"", shorten(text));
    case L::FLAG: return fmt::format("flag \"{}\"", text);
    case L::UNEXPECTED_CHAR: return fmt::format("character \"{}\"", text);
    default: break;
  }
  if (t->getType() >= L::KW_BY && t->getType() <= L::KW_IP) {
    return fmt::format("keyword \"{}\"", lower(text));
  }
  return fmt::format("\"{}\"", text);
}

// How a token the parser would have accepted is named in messages.
std::string expected_name(size_t type, const antlr4::dfa::Vocabulary& vocabulary) {
  switch (type) {
    case antlr4::Token::EOF: return "end of input";
    case L::IDENTIFIER: return "a label name";
    case L::STRING: return "a string";
    case L::NUMBER: return "a number";
    case L::DURATION: return "a duration";
    case L::BYTES: return "a byte size";
    case L::RANGE: return "a range such as [5m]";
    case L::FLAG: return "a flag";
    default: break;
  }
  std::string literal = vocabulary.getLiteralName(type);
  if (!literal.empty()) return fmt::format("\"{}\"", literal.substr(1, literal.size() - 2));
  std::string symbolic = vocabulary.getSymbolicName(type);
  if (symbolic.rfind("KW_", 0) == 0) {
    std::string word = lower(symbolic.substr(3));
    if (word == "bytes_conv" || word == "duration_conv" || word == "duration_seconds_conv") {
      word = word.substr(0, word.size() - 5);
    }
    return fmt::format("\"{}\"", word);
  }
  return symbolic;
}

// Where the parser was, in the words of the LogQL documentation, from the innermost rule.
std::string_view where(antlr4::RuleContext* ctx) {
  for (; ctx != nullptr; ctx = dynamic_cast<antlr4::RuleContext*>(ctx->parent)) {
    switch (ctx->getRuleIndex()) {
      case P::RuleSelector:
      case P::RuleMatcher: return "stream selector";
      case P::RuleLineFilter:
      case P::RuleLineFilterValue: return "line filter";
      case P::RuleExtractionList:
      case P::RuleExtraction: return "parser parameters";
      case P::RuleLabelFormat: return "label_format";
      case P::RuleNamedMatcher: return "drop or keep";
      case P::RuleLabelFilterExpr:
      case P::RuleLabelFilterOp:
      case P::RuleLabelFilterAtom: return "label filter";
      case P::RuleUnwrap: return "unwrap";
      case P::RuleStage:
      case P::RulePipeline: return "pipeline";
      case P::RuleOffset: return "offset";
      case P::RuleLogRange: return "log range";
      case P::RuleGrouping:
      case P::RuleLabelList: return "grouping";
      case P::RuleBinModifier:
      case P::RuleMatching: return "binary operation";
      case P::RuleVectorArgs: return "aggregation";
      case P::RulePrimary:
        if (dynamic_cast<P::LabelReplaceContext*>(ctx) != nullptr) return "label_replace";
        if (dynamic_cast<P::VectorCallContext*>(ctx) != nullptr) return "vector";
        if (dynamic_cast<P::RangeAggregationContext*>(ctx) != nullptr) return "range aggregation";
        if (dynamic_cast<P::VectorAggregationContext*>(ctx) != nullptr) return "aggregation";
        break;
      default: break;
    }
  }
  return "";
}

// Keeps the first syntax error; later ones are consequences of it.
class FirstError : public antlr4::BaseErrorListener {
 public:
  bool seen = false;
  antlr4::Token* token = nullptr;
  std::string_view context;
  std::vector<size_t> expected;

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr error) override {
    if (seen) return;
    seen = true;
    token = offending;
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (parser == nullptr) return;
    context = where(parser->getContext());
    // When no alternative fits, ANTLR's expected set is that of the rule's start, which would
    // name tokens that cannot follow what was already read.
    try {
      if (error) std::rethrow_exception(error);
    } catch (const antlr4::NoViableAltException&) {
      return;
    } catch (...) {
    }
    try {
      antlr4::misc::IntervalSet set = parser->getExpectedTokens();
      if (set.size() <= 4) {
        for (const auto& interval : set.getIntervals()) {
          for (ssize_t t = interval.a; t <= interval.b; ++t)
            expected.push_back(static_cast<size_t>(t));
        }
      }
    } catch (const std::exception&) {
      expected.clear();  // no expectation is better than a wrong one
    }
  }
};

void report_syntax_error(const FirstError& e, const antlr4::dfa::Vocabulary& vocabulary,
                         const LogqlPositions& pos, Diagnostics& diags) {
  std::string message = "unexpected " + describe(e.token, pos);
  if (!e.context.empty()) message += fmt::format(" in {}", e.context);
  if (!e.expected.empty()) {
    // Descriptions ("a string") read better before spelled tokens ("\"}\"").
    std::vector<std::string> names;
    for (size_t t : e.expected) names.push_back(expected_name(t, vocabulary));
    std::stable_partition(names.begin(), names.end(),
                          [](const std::string& n) { return n.front() != '"'; });
    message += ", expected ";
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0) message += i + 1 == names.size() ? " or " : ", ";
      message += names[i];
    }
  }
  bool eof = e.token == nullptr || e.token->getType() == antlr4::Token::EOF;
  Span at = eof ? pos.span(pos.size(), pos.size()) : pos.span_of(e.token);
  diags.report(DiagKind::LogqlSyntax, at, message);
}

}  // namespace

LogqlSyntax parse_logql_syntax(const EmbeddedText& original, logql::Arena& arena,
                               Diagnostics& diags) {
  LogqlSyntax result;
  // ANTLR's input stream drops a leading byte order mark, which would shift every position by
  // one code point; blanking it keeps byte offsets and the stream in step (a BOM is white space).
  const bool bom = original.text.starts_with("\xEF\xBB\xBF");
  EmbeddedText blanked;
  if (bom) {
    blanked = original;
    blanked.text.replace(0, 3, "   ");
  }
  const EmbeddedText& text = bom ? blanked : original;
  if (text.text.size() >= kMaxLogqlBytes) {
    diags.report(DiagKind::LogqlTooComplex, text.span(0, 0),
                 fmt::format("input size too long ({} bytes; Loki accepts less than {})",
                             text.text.size(), kMaxLogqlBytes));
    return result;
  }
  if (auto bad = find_invalid_utf8(text.text)) {
    uint32_t at = static_cast<uint32_t>(*bad);
    diags.report(DiagKind::LogqlInvalidUtf8, text.span(at, at + 1), "invalid UTF-8 rune");
    return result;
  }
  LogqlPositions pos(text);
  try {
    antlr4::ANTLRInputStream input(text.text);
    L lexer(&input);
    lexer.removeErrorListeners();
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    retype_keywords(tokens.getTokens(), pos);
    if (!prescan_logql(tokens.getTokens(), pos, diags)) return result;
    bool empty = true;
    for (antlr4::Token* t : tokens.getTokens()) {
      if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL && t->getType() != antlr4::Token::EOF) {
        empty = false;
        break;
      }
    }
    if (empty) {
      diags.report(DiagKind::LogqlEmpty, text.span(0, pos.size()), "no query found in input");
      return result;
    }

    P parser(&tokens);
    FirstError first;
    auto [tree, fell_back] = parse_sll_then_ll(parser, tokens, &P::root, first);
    parser.removeErrorListeners();
    if (fell_back && (first.seen || tree == nullptr || tree->expr() == nullptr)) {
      report_syntax_error(first, parser.getVocabulary(), pos, diags);
      return result;
    }
    LogqlBuildContext context{pos, arena, diags};
    result.root = build_logql_ast(tree->expr(), context);
    result.ok = context.ok;
  } catch (const std::exception& e) {
    diags.report(DiagKind::LogqlSyntax, text.span(0, pos.size()),
                 fmt::format("the query could not be parsed: {}", e.what()));
    result.root = nullptr;
    result.ok = false;
  }
  return result;
}

}  // namespace mzr::syntax
