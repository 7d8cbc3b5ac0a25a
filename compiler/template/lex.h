#pragma once
// The lexer of Go's text/template: the items of a template text, with Go's rules for
// delimiters, trim markers, comments, quoted strings, characters and numbers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mzr::tmpl {

enum class Item : uint8_t {
  Error,  // val is the message
  Eof,
  Text,
  Comment,
  LeftDelim,
  RightDelim,
  Space,
  Assign,   // =
  Declare,  // :=
  Pipe,     // |
  LeftParen,
  RightParen,
  Char,  // any other printable ASCII character, such as ','
  String,
  RawString,
  CharConstant,
  Number,
  Complex,
  Bool,
  Identifier,
  Field,
  Variable,
  // Keywords.
  Dot,
  Block,
  Break,
  Continue,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
};

struct Token {
  Item type;
  uint32_t pos;  // byte offset in the text
  std::string_view val;
  std::string message;  // Error only
};

// All items of `text`, ending with Eof or with the first Error. Comments are items only when
// `keep_comments` is set.
std::vector<Token> lex(std::string_view text, bool keep_comments);

// Go's unicode.IsLetter || unicode.IsDigit || '_', close enough for identifiers.
bool is_alphanumeric(char32_t r);

}  // namespace mzr::tmpl
