#include "compiler/syntax/mzr_parser.h"

#include <antlr4-runtime.h>
#include <fmt/format.h>

#include <set>

#include "MzrParser.h"
#include "compiler/base/suggest.h"
#include "compiler/base/utf8.h"
#include "compiler/syntax/code_points.h"
#include "compiler/syntax/mzr_builder.h"
#include "compiler/syntax/mzr_lexer.h"
#include "compiler/syntax/sll_then_ll.h"

namespace mzr::syntax {
namespace {

// ANTLR's input stream over code points decoded once, to exactly their size: the runtime's own
// conversion (through std::wstring_convert) reserves five times what the text needs, and the
// lexer needs the same code points again for its comments.
class CodePointStream : public antlr4::ANTLRInputStream {
 public:
  explicit CodePointStream(std::u32string code_points) {
    _data = std::move(code_points);
    p = 0;
  }
  const std::u32string& code_points() const { return _data; }
};

// Valid UTF-8 (checked before) to code points.
std::u32string code_points_of(std::string_view utf8) {
  std::u32string out;
  out.reserve(count_code_points(utf8));
  for (size_t i = 0; i < utf8.size();) {
    DecodedRune r = decode_utf8(utf8, i);
    out.push_back(r.rune);
    i += r.length;
  }
  return out;
}

using L = antlr_Mzr::MzrLexer;
using P = antlr_Mzr::MzrParser;

std::string describe(const antlr4::Token* t) {
  if (t->getType() == antlr4::Token::EOF) return "end of file";
  if (t->getType() == L::RAW_EXPR) return "an expression";
  std::string text = t->getText();
  if (text.size() > 24) text = text.substr(0, 21) + "...";
  return fmt::format("'{}'", text);
}

// Rewords ANTLR's errors: what was found, what could come there, and a suggestion when a word
// looks like a misspelt keyword.
class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(const CodePointMap& cps, SourceId id, Diagnostics& diags)
      : cps_(cps), id_(id), diags_(diags) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* token, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    if (token == nullptr) return;
    size_t type = token->getType();
    // Bad characters were reported by the builder already.
    if (type == L::ERROR_CHAR) return;
    uint32_t b = cps_.byte_of(token->getStartIndex());
    uint32_t e = type == antlr4::Token::EOF ? b : cps_.byte_of(token->getStopIndex() + 1);
    if (b == last_error_) return;  // one report per place: recovery may stumble again here
    last_error_ = b;
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    std::vector<std::string> expected;
    std::vector<std::string> keywords;
    if (parser != nullptr) {
      for (size_t t : parser->getExpectedTokens().toList()) {
        std::string name = parser->getVocabulary().getDisplayName(t);
        if (t == L::RAW_EXPR) name = "an expression";
        if (t == antlr4::Token::EOF) name = "end of file";
        if (t == L::NAME) name = "a name";
        if (t == L::STRING) name = "a string";
        if (t == L::DURATION) name = "a duration";
        if (t == L::NUMBER) name = "a number";
        if (name.size() > 2 && name.front() == '\'')
          keywords.push_back(parser->getVocabulary().getLiteralName(t));
        expected.push_back(name);
      }
    }
    std::string message = fmt::format("unexpected {}", describe(token));
    // Keywords that can also be names would make the list long and useless.
    if (!expected.empty() && expected.size() <= 8) {
      message += ", expected ";
      for (size_t i = 0; i < expected.size(); ++i) {
        if (i > 0) message += i + 1 == expected.size() ? " or " : ", ";
        message += expected[i];
      }
    }
    if (type == L::NAME) {
      std::vector<std::string> bare;
      for (const std::string& k : keywords) bare.push_back(k.substr(1, k.size() - 2));
      std::vector<std::string_view> views(bare.begin(), bare.end());
      message += did_you_mean(token->getText(), views);
    }
    diags_.report(DiagKind::DslSyntax, {id_, b, e}, message);
  }

 private:
  const CodePointMap& cps_;
  SourceId id_;
  Diagnostics& diags_;
  uint32_t last_error_ = UINT32_MAX;
};

}  // namespace

dsl::File parse_mzr(const SourceManager& sm, SourceId id, Diagnostics& diags) {
  const SourceFile& file = sm.file(id);
  std::string text(file.text());
  // Sources are checked for UTF-8 when they are read; this guards every other caller, since the
  // ANTLR runtime cannot take malformed UTF-8.
  if (auto bad = find_invalid_utf8(text)) {
    auto at = static_cast<uint32_t>(*bad);
    diags.report(DiagKind::InvalidUtf8, {id, at, at + 1},
                 fmt::format("invalid UTF-8: byte 0x{:02x} does not start a valid sequence",
                             static_cast<unsigned char>(text[at])));
    dsl::File empty;
    empty.source = id;
    return empty;
  }
  CodePointMap cps(text);
  CodePointStream input(code_points_of(text));
  MzrRawLexer lexer(&input, input.code_points());
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();

  P parser(&tokens);
  // Syntax errors go through a first collection: after one on a line, the rest of that line is
  // what recovery stumbles over, not news.
  Diagnostics syntax;
  ErrorListener listener(cps, id, syntax);
  P::FileContext* tree = parse_sll_then_ll(parser, tokens, &P::file, listener).tree;
  dsl::File result = build_mzr_file(tree, tokens, lexer, cps, file, id, syntax);
  result.has_errors = syntax.has_errors();
  std::set<uint32_t> lines_with_syntax_errors;
  for (const Diagnostic* d : syntax.sorted()) {
    bool syntactic = d->kind == DiagKind::DslSyntax || d->kind == DiagKind::DslUnknownKeyword;
    if (syntactic && !lines_with_syntax_errors.insert(file.line_col(d->span.begin).line).second)
      continue;
    Diagnostic& copy = diags.report(d->kind, d->span, d->message);
    for (const Note& n : d->notes) copy.note(n.span, n.message);
  }
  return result;
}

}  // namespace mzr::syntax
