#pragma once
// Internal to compiler/syntax: the PromQL tokens as byte ranges of the expression text, and the
// way from ANTLR's code-point indexes back to bytes and to spans in the containing file.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/embedded.h"
#include "compiler/base/source.h"
#include "compiler/syntax/code_points.h"

namespace mzr::syntax {

struct PromqlToken {
  size_t type;     // PromQLLexer token type; EOF is antlr4::Token::EOF
  uint32_t begin;  // byte offsets into the expression text
  uint32_t end;
};

// Maps ANTLR's code point indexes to byte offsets and byte ranges to file spans.
class PromqlPositions {
 public:
  explicit PromqlPositions(const EmbeddedText& text);

  uint32_t byte_of(size_t code_point) const { return cps_.byte_of(code_point); }
  Span span(uint32_t begin, uint32_t end) const { return text_.span(begin, end); }
  // The span of code points [first, last] (inclusive, as ANTLR token indexes are).
  Span span_of_code_points(size_t first, size_t last) const {
    return span(byte_of(first), byte_of(last + 1));
  }
  std::string_view text() const { return text_.text; }
  uint32_t size() const { return static_cast<uint32_t>(text_.text.size()); }

 private:
  const EmbeddedText& text_;
  CodePointMap cps_;
};

}  // namespace mzr::syntax
