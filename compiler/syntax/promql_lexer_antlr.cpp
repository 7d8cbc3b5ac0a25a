#include <memory>
#include <string>

#include "PromQLLexer.h"
#include "compiler/syntax/code_points.h"
#include "compiler/syntax/promql_lexer.h"

namespace mzr::syntax {

std::vector<PromqlToken> lex_promql_with_antlr(std::string_view text) {
  using L = antlr_PromQL::PromQLLexer;
  CodePointMap cps(text);
  antlr4::ANTLRInputStream input{std::string(text)};
  L lexer(&input);
  lexer.removeErrorListeners();
  std::vector<PromqlToken> out;
  for (;;) {
    bool outside_brackets = lexer.mode == L::DEFAULT_MODE;
    std::unique_ptr<antlr4::Token> t = lexer.nextToken();
    size_t type = t->getType();
    if (type == antlr4::Token::EOF) {
      auto end = static_cast<uint32_t>(text.size());
      out.push_back(PromqlToken{type, end, end});
      return out;
    }
    uint32_t b = cps.byte_of(t->getStartIndex());
    uint32_t e = cps.byte_of(t->getStopIndex() + 1);
    if (type == L::IDENTIFIER && outside_brackets) {
      if (size_t k = promql_keyword_type(text.substr(b, e - b))) type = k;
    }
    out.push_back(PromqlToken{type, b, e});
  }
}

}  // namespace mzr::syntax
