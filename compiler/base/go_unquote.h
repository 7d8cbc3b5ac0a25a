#pragma once
// Go's string and character literals read back: strconv.Unquote and UnquoteChar, the one
// unquoter of the code base. PromQL, LogQL, Alertmanager's matchers and Go templates each word
// their errors their own way, so a failure says what went wrong and where, not how to say it.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mzr {

// The value of a hexadecimal digit, or -1.
int hex_value(char c);

struct GoUnquoteError {
  enum class Kind : uint8_t {
    NotQuoted,         // not enclosed in one kind of quote, or too short to be
    NotOneCharacter,   // a Go '...' literal holding other than one character
    QuoteInside,       // the literal's own quote unescaped inside it ("a"b")
    RawQuoteInside,    // a backquote inside a `raw` string
    Newline,           // a line break inside "..." or '...'
    EscapeAtEnd,       // a backslash ends the literal
    UnknownEscape,     // \q, or \' in "..." and \" in '...'
    ShortEscape,       // the literal ends before the digits of \x, \u, \U or \ooo do
    BadDigit,          // a character that is not a digit of the escape
    InvalidCodePoint,  // \u or \U naming a surrogate or a value beyond U+10FFFF
    OctalTooLarge,     // \400 and above
  };
  Kind kind = Kind::NotQuoted;
  size_t escape = 0;  // offset in the literal of the backslash (0 for NotQuoted)
  size_t at = 0;      // offset in the literal of the offending character
  char letter = 0;    // the escape's letter: x, u, U, the first octal digit, or the unknown one
};

struct GoUnquoteOptions {
  // '...' is a string with escapes, as in PromQL (Prometheus' strutil.Unquote), rather than one
  // character, as in Go.
  bool single_quoted_strings = false;
  // `raw` strings are kept as written; Go drops their carriage returns and rejects a backquote
  // inside (which a lexer never produces).
  bool raw_as_written = false;
  // A line break inside "..." or '...' is kept rather than an error (PromQL's series notation).
  bool newlines = false;
};

// The value of a "...", '...' or `...` literal, its quotes included. On failure, nullopt and,
// when `error` is given, what and where.
std::optional<std::string> go_unquote(std::string_view literal, GoUnquoteError* error = nullptr,
                                      const GoUnquoteOptions& options = {});

// The code point of a Go character literal 'x', or nullopt and, when `error` is given, why: a
// literal whose first character reads but that holds more is NotOneCharacter, as Go's
// strconv.UnquoteChar leaves a tail.
std::optional<char32_t> go_unquote_char(std::string_view literal, GoUnquoteError* error = nullptr);

}  // namespace mzr
