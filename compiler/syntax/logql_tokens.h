#pragma once
// Token-level work of the LogQL front end, between ANTLR's lexer and its parser: mapping ANTLR's
// code-point positions to bytes, turning words into keywords the way Loki's lexer does, checking
// literals, and bounding the size and nesting of a query before the parser recurses into it.

#include <cstdint>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/embedded.h"
#include "compiler/syntax/code_points.h"

namespace antlr4 {
class Token;
}

namespace mzr::syntax {

// Loki rejects queries of this size or more ("input size too long").
inline constexpr size_t kMaxLogqlBytes = 128 * 1024;
// Parentheses and braces open at once.
inline constexpr size_t kMaxLogqlNesting = 128;
// Binary operators and label-filter connectives in one query; each may add a level to the tree.
inline constexpr size_t kMaxLogqlOperators = 2000;

// ANTLR numbers positions in code points; diagnostics need bytes of the embedded text.
class LogqlPositions {
 public:
  explicit LogqlPositions(const EmbeddedText& text);

  uint32_t byte_of(size_t code_point) const { return cps_.byte_of(code_point); }
  uint32_t size() const { return static_cast<uint32_t>(text_.text.size()); }
  std::string_view text() const { return text_.text; }
  Span span(uint32_t begin, uint32_t end) const { return text_.span(begin, end); }
  // Bytes [begin, end) of the token.
  uint32_t begin_of(const antlr4::Token* t) const;
  uint32_t end_of(const antlr4::Token* t) const;
  Span span_of(const antlr4::Token* t) const { return span(begin_of(t), end_of(t)); }
  std::string_view text_of(const antlr4::Token* t) const {
    return text().substr(begin_of(t), end_of(t) - begin_of(t));
  }

 private:
  const EmbeddedText& text_;
  CodePointMap cps_;
};

// Gives keyword types to the IDENTIFIER tokens that Loki's lexer would treat as keywords.
void retype_keywords(const std::vector<antlr4::Token*>& tokens, const LogqlPositions& pos);

// Reports malformed literals, unknown logfmt flags, and queries beyond the size bounds. Returns
// false when the query must not be parsed.
bool prescan_logql(const std::vector<antlr4::Token*>& tokens, const LogqlPositions& pos,
                   Diagnostics& diags);

}  // namespace mzr::syntax
