#pragma once
// Internal to compiler/syntax: the PromQL tokens as byte ranges of the expression text, and the
// way from token indexes to spans in the containing file.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/embedded.h"
#include "compiler/base/source.h"

namespace mzr::syntax {

struct PromqlToken {
  size_t type;     // PromQLLexer token type; EOF is antlr4::Token::EOF
  uint32_t begin;  // byte offsets into the expression text
  uint32_t end;
};

// Maps the parser's token indexes to byte offsets and byte ranges to file spans. The tokens come
// from compiler/syntax/promql_lexer.h, whose indexes are byte offsets already (ANTLR's own lexer
// counted code points); an index past the end (ANTLR's EOF arithmetic) is the end.
class PromqlPositions {
 public:
  explicit PromqlPositions(const EmbeddedText& text) : text_(text) {}

  uint32_t byte_of(size_t index) const {
    return static_cast<uint32_t>(std::min<size_t>(index, text_.text.size()));
  }
  Span span(uint32_t begin, uint32_t end) const { return text_.span(begin, end); }
  // The span of the bytes [first, last] (inclusive, as ANTLR token indexes are).
  Span span_inclusive(size_t first, size_t last) const {
    return span(byte_of(first), byte_of(last + 1));
  }
  std::string_view text() const { return text_.text; }
  uint32_t size() const { return static_cast<uint32_t>(text_.text.size()); }

 private:
  const EmbeddedText& text_;
};

}  // namespace mzr::syntax
