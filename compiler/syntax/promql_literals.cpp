#include "compiler/syntax/promql_literals.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "compiler/base/utf8.h"

namespace mzr::syntax {
namespace {

// Go's %#U: "U+0063 'c'".
std::string rune_text(char32_t r) {
  std::string ch;
  append_utf8(ch, r);
  return fmt::format("U+{:04X} '{}'", static_cast<uint32_t>(r), ch);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
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
  auto fail = [&](std::string message, size_t offset) -> std::optional<std::string> {
    if (error != nullptr) *error = UnquoteError{std::move(message), static_cast<uint32_t>(offset)};
    return std::nullopt;
  };
  if (lit.size() < 2 || lit.front() != lit.back()) return fail("unterminated quoted string", 0);
  char quote = lit.front();
  std::string_view body = lit.substr(1, lit.size() - 2);
  if (quote == '`') return std::string(body);
  std::string out;
  for (size_t i = 0; i < body.size();) {
    char c = body[i];
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    size_t at = i + 1;  // offset in `lit` of the backslash
    if (i + 1 >= body.size()) return fail("escape sequence not terminated", at);
    char e = body[i + 1];
    i += 2;
    switch (e) {
      case 'a': out += '\a'; continue;
      case 'b': out += '\b'; continue;
      case 'f': out += '\f'; continue;
      case 'n': out += '\n'; continue;
      case 'r': out += '\r'; continue;
      case 't': out += '\t'; continue;
      case 'v': out += '\v'; continue;
      case '\\': out += '\\'; continue;
      default: break;
    }
    if (e == quote) {
      out += e;
      continue;
    }
    int digits = 0;
    int base = 16;
    if (e >= '0' && e <= '7') {
      digits = 3;
      base = 8;
      --i;  // the first digit is part of the value
    } else if (e == 'x') {
      digits = 2;
    } else if (e == 'u') {
      digits = 4;
    } else if (e == 'U') {
      digits = 8;
    } else {
      DecodedRune r = decode_utf8(body, i - 1);
      return fail("unknown escape sequence " + rune_text(r.rune), at);
    }
    uint32_t value = 0;
    for (int k = 0; k < digits; ++k) {
      if (i >= body.size()) return fail("escape sequence not terminated", at);
      int d = hex_value(body[i]);
      if (d < 0 || d >= base) {
        DecodedRune r = decode_utf8(body, i);
        return fail("illegal character " + rune_text(r.rune) + " in escape sequence", i + 1);
      }
      value = value * static_cast<uint32_t>(base) + static_cast<uint32_t>(d);
      ++i;
    }
    if (base == 8 || e == 'x') {
      if (value > 255) return fail("escape sequence is invalid Unicode code point", at);
      out += static_cast<char>(value);
      continue;
    }
    if (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000)) {
      return fail("escape sequence is invalid Unicode code point", at);
    }
    append_utf8(out, static_cast<char32_t>(value));
  }
  return out;
}

}  // namespace mzr::syntax
