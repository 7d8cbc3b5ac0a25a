#pragma once
// The token stream the generated PromQL parser reads: the tokens of compiler/syntax/
// promql_lexer.h, made into ANTLR tokens all at once and stored side by side. ANTLR's own
// CommonTokenStream pulls tokens one at a time from a token source, allocating and
// type-checking each; for short expressions that was a third of the parser's cost.

#include <string>
#include <string_view>
#include <vector>

#include "antlr4-runtime.h"
#include "compiler/syntax/promql_tokens.h"

namespace mzr::syntax {

class PromqlTokenStream : public antlr4::TokenStream {
 public:
  // `tokens` ends with EOF (as lex_promql returns them); `text` is what they index, by byte.
  PromqlTokenStream(const std::vector<PromqlToken>& tokens, std::string_view text);

  antlr4::Token* LT(ssize_t k) override;
  antlr4::Token* get(size_t index) const override;
  antlr4::TokenSource* getTokenSource() const override;
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string getText() override;
  std::string getText(antlr4::RuleContext* ctx) override;
  std::string getText(antlr4::Token* start, antlr4::Token* stop) override;

  void consume() override;
  size_t LA(ssize_t i) override { return LT(i)->getType(); }
  ssize_t mark() override { return -1; }
  void release(ssize_t) override {}
  size_t index() override { return next_; }
  void seek(size_t index) override { next_ = std::min(index, tokens_.size() - 1); }
  size_t size() override { return tokens_.size(); }
  std::string getSourceName() const override { return "promql"; }

 private:
  // What the tokens name as their source: the parser asks it for a token factory when error
  // recovery makes up a missing token.
  class Source : public antlr4::TokenSource {
   public:
    std::unique_ptr<antlr4::Token> nextToken() override;
    size_t getLine() const override { return 1; }
    size_t getCharPositionInLine() override { return 0; }
    antlr4::CharStream* getInputStream() override { return nullptr; }
    std::string getSourceName() override { return "promql"; }
    antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
      return antlr4::CommonTokenFactory::DEFAULT.get();
    }
  };

  Source source_;
  std::string_view text_;
  std::vector<antlr4::CommonToken> tokens_;
  size_t next_ = 0;
};

}  // namespace mzr::syntax
