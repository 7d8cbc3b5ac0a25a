#include "compiler/syntax/promql_token_stream.h"

namespace mzr::syntax {

PromqlTokenStream::PromqlTokenStream(const std::vector<PromqlToken>& tokens, std::string_view text)
    : text_(text) {
  tokens_.reserve(tokens.size());
  for (const PromqlToken& t : tokens) {
    // ANTLR's stop index is inclusive; for EOF it is one before the start, as ANTLR's own.
    tokens_.emplace_back(std::make_pair(&source_, nullptr), t.type, antlr4::Token::DEFAULT_CHANNEL,
                         t.begin, static_cast<size_t>(t.end) - 1);
    tokens_.back().setTokenIndex(tokens_.size() - 1);
  }
}

antlr4::Token* PromqlTokenStream::LT(ssize_t k) {
  // Every token is on the default channel: LT(-1) is simply the one before.
  if (k == 0) return nullptr;
  if (k < 0) {
    auto back = static_cast<size_t>(-k);
    return back > next_ ? nullptr : &tokens_[next_ - back];
  }
  size_t i = next_ + static_cast<size_t>(k) - 1;
  return &tokens_[std::min(i, tokens_.size() - 1)];
}

antlr4::Token* PromqlTokenStream::get(size_t index) const {
  if (index >= tokens_.size()) {
    throw antlr4::IndexOutOfBoundsException("token index " + std::to_string(index) +
                                            " out of range");
  }
  return const_cast<antlr4::CommonToken*>(&tokens_[index]);
}

antlr4::TokenSource* PromqlTokenStream::getTokenSource() const {
  return const_cast<Source*>(&source_);
}

void PromqlTokenStream::consume() {
  if (tokens_[next_].getType() == antlr4::Token::EOF) {
    throw antlr4::IllegalStateException("cannot consume EOF");
  }
  ++next_;
}

std::string PromqlTokenStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < 0 || tokens_.empty()) return "";
  auto first = static_cast<size_t>(interval.a);
  size_t last = std::min(static_cast<size_t>(interval.b), tokens_.size() - 1);
  if (first > last) return "";
  size_t begin = tokens_[first].getStartIndex();
  size_t end = tokens_[last].getType() == antlr4::Token::EOF ? text_.size()
                                                             : tokens_[last].getStopIndex() + 1;
  if (begin >= end || end > text_.size()) return "";
  return std::string(text_.substr(begin, end - begin));
}

std::string PromqlTokenStream::getText() {
  return std::string(text_);
}

std::string PromqlTokenStream::getText(antlr4::RuleContext* ctx) {
  return getText(ctx->getSourceInterval());
}

std::string PromqlTokenStream::getText(antlr4::Token* start, antlr4::Token* stop) {
  if (start == nullptr || stop == nullptr) return "";
  return getText(antlr4::misc::Interval(start->getTokenIndex(), stop->getTokenIndex()));
}

std::unique_ptr<antlr4::Token> PromqlTokenStream::Source::nextToken() {
  return std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF);
}

}  // namespace mzr::syntax
