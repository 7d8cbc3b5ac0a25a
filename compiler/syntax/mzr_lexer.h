#pragma once
// The .mzr lexer: ANTLR's generated lexer plus the one thing a grammar cannot say, where an
// embedded expression ends. After `expr`, after `record NAME =`, and after `series` in a rule
// test, the text up to the end of the line and every following line indented deeper than the
// line that started it becomes one RAW_EXPR token, kept verbatim.
//
// Comments and white space are read here too, not by the generated lexer: a comment is kept as
// a few integers in `comments()`, not as a token object in the parser's stream, so that a file
// of comments costs memory in proportion to its size with a small factor.

#include <memory>
#include <string_view>
#include <vector>

#include "MzrLexer.h"

namespace mzr::syntax {

class MzrRawLexer : public antlr_Mzr::MzrLexer {
 public:
  // `text` is the UTF-8 source the input stream was made from.
  MzrRawLexer(antlr4::CharStream* input, std::u32string_view text);

  std::unique_ptr<antlr4::Token> nextToken() override;

  // Unterminated strings (passed on as strings) and stray characters (dropped), as code point
  // ranges, so that they are reported once and the parser does not stumble over them again.
  static constexpr int kMaxNesting = 100;

  struct BadToken {
    size_t type;  // UNTERMINATED_STRING, ERROR_CHAR, or LBRACE/LBRACK nested too deep
    size_t start;
    size_t stop;
    std::string text;
  };
  const std::vector<BadToken>& bad_tokens() const { return bad_; }

  // A comment, from '#' to the end of its line: code points [start, stop). Comments alone on
  // consecutive lines are one block: [start, stop) then spans their lines, and a file of a
  // million comment lines is one entry, not a million.
  struct Comment {
    uint32_t start;
    uint32_t stop;
    uint32_t line;      // 1-based, of the first line
    uint32_t end_line;  // of the last line
    bool own_line;      // nothing but blanks before it on its (first) line
  };
  // Every comment outside expressions, in order.
  const std::vector<Comment>& comments() const { return comments_; }

 private:
  // The generated lexer's next token, after the comments and white space before it.
  std::unique_ptr<antlr4::Token> lex();
  void skip_trivia();
  std::unique_ptr<antlr4::Token> scan_raw();
  size_t unbalanced_brace(size_t start, size_t end) const;

  std::u32string_view text_;
  std::vector<BadToken> bad_;
  std::vector<Comment> comments_;
  // Where the keyword that opened the pending expression starts (a code point index).
  size_t trigger_start_ = 0;
  bool raw_pending_ = false;
  // `record` seen, then its name: the next `=` opens an expression.
  int record_state_ = 0;
  // `test` seen (1), then `rules` (2), then its opening brace (3) at brace depth
  // `rule_test_depth_`: `series` at that depth opens a series description.
  int rule_test_state_ = 0;
  int rule_test_depth_ = 0;
  // Braces and brackets open, and those dropped beyond kMaxNesting (with their closers), so that
  // the recursive parser never goes deeper than that.
  int depth_ = 0;
  int excess_ = 0;
};

}  // namespace mzr::syntax
