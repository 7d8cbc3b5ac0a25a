#include "compiler/syntax/promql_literals.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "compiler/base/go_unquote.h"
#include "compiler/base/utf8.h"

namespace mzr::syntax {
namespace {

// Go's %#U: "U+0063 'c'".
std::string rune_text(char32_t r) {
  std::string ch;
  append_utf8(ch, r);
  return fmt::format("U+{:04X} '{}'", static_cast<uint32_t>(r), ch);
}

}  // namespace

std::optional<double> parse_promql_number(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c != '_') s += c;
  }
  if (s.empty()) return std::nullopt;
  bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  bool all_digits = s.find_first_not_of("0123456789") == std::string::npos;
  if (hex || all_digits) {
    int base = hex ? 16 : (s.size() > 1 && s[0] == '0' ? 8 : 10);
    const char* begin = s.c_str() + (hex ? 2 : 0);
    char* end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(begin, &end, base);
    if (errno == 0 && *end == '\0' && v <= static_cast<unsigned long long>(INT64_MAX)) {
      return static_cast<double>(v);
    }
    if (hex) {
      // Too large for an int64: Go's ParseFloat reads hex only with a 'p' exponent, so this is
      // an error upstream too.
      return std::nullopt;
    }
  }
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(s.c_str(), &end);
  if (*end != '\0') return std::nullopt;
  if (errno == ERANGE && std::isinf(v)) return std::nullopt;
  return v;
}

std::optional<std::string> unquote_promql_string(std::string_view lit, UnquoteError* error) {
  GoUnquoteError e;
  GoUnquoteOptions options;
  options.single_quoted_strings = true;
  options.raw_as_written = true;
  options.newlines = true;
  if (auto value = go_unquote(lit, &e, options)) return value;
  if (error == nullptr) return std::nullopt;
  using Kind = GoUnquoteError::Kind;
  auto rune_at = [&](size_t at) { return rune_text(decode_utf8(lit, at).rune); };
  switch (e.kind) {
    case Kind::NotQuoted:
    case Kind::NotOneCharacter:
    case Kind::QuoteInside:
    case Kind::RawQuoteInside:
    case Kind::Newline: *error = {"unterminated quoted string", 0}; break;
    case Kind::EscapeAtEnd:
    case Kind::ShortEscape:
      *error = {"escape sequence not terminated", static_cast<uint32_t>(e.escape)};
      break;
    case Kind::UnknownEscape:
      *error = {"unknown escape sequence " + rune_at(e.at), static_cast<uint32_t>(e.escape)};
      break;
    case Kind::BadDigit:
      *error = {"illegal character " + rune_at(e.at) + " in escape sequence",
                static_cast<uint32_t>(e.at)};
      break;
    case Kind::InvalidCodePoint:
    case Kind::OctalTooLarge:
      *error = {"escape sequence is invalid Unicode code point", static_cast<uint32_t>(e.escape)};
      break;
  }
  return std::nullopt;
}

}  // namespace mzr::syntax
