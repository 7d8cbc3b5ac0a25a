#include "compiler/base/go_unquote.h"

#include "compiler/base/utf8.h"

namespace mzr {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

namespace {

using Kind = GoUnquoteError::Kind;

// One character or escape of a body quoted by `quote`, at body[i] (body[0] is the literal's
// offset 1). Appends its value to `out` and advances `i`. `as_rune`: the value of \x and of an
// octal escape is a code point (Go's character literals), not a byte.
bool unquote_one(std::string_view body, size_t& i, char quote, bool as_rune, std::string& out,
                 char32_t* rune, GoUnquoteError& error) {
  auto fail = [&](Kind kind, size_t escape, size_t at, char letter) {
    error = GoUnquoteError{kind, escape + 1, at + 1, letter};
    return false;
  };
  unsigned char c = static_cast<unsigned char>(body[i]);
  if (c >= 0x80) {
    DecodedRune d = decode_utf8(body, i);
    out.append(body.substr(i, d.length));
    if (rune != nullptr) *rune = d.rune;
    i += d.length;
    return true;
  }
  if (c != '\\') {
    out.push_back(static_cast<char>(c));
    if (rune != nullptr) *rune = c;
    ++i;
    return true;
  }
  size_t backslash = i;
  if (i + 1 >= body.size()) return fail(Kind::EscapeAtEnd, backslash, backslash, 0);
  char e = body[i + 1];
  i += 2;
  char32_t value = 0;
  switch (e) {
    case 'a': value = '\a'; break;
    case 'b': value = '\b'; break;
    case 'f': value = '\f'; break;
    case 'n': value = '\n'; break;
    case 'r': value = '\r'; break;
    case 't': value = '\t'; break;
    case 'v': value = '\v'; break;
    case '\\': value = '\\'; break;
    case '\'':
    case '"':
      if (e != quote) return fail(Kind::UnknownEscape, backslash, backslash + 1, e);
      value = static_cast<char32_t>(e);
      break;
    default: {
      int digits = 0;
      int base = 16;
      if (e >= '0' && e <= '7') {
        digits = 2;  // after the first
        base = 8;
        value = static_cast<char32_t>(e - '0');
      } else if (e == 'x') {
        digits = 2;
      } else if (e == 'u') {
        digits = 4;
      } else if (e == 'U') {
        digits = 8;
      } else {
        return fail(Kind::UnknownEscape, backslash, backslash + 1, e);
      }
      for (int k = 0; k < digits; ++k, ++i) {
        if (i >= body.size()) return fail(Kind::ShortEscape, backslash, i, e);
        int d = hex_value(body[i]);
        if (d < 0 || d >= base) return fail(Kind::BadDigit, backslash, i, e);
        value = value * static_cast<char32_t>(base) + static_cast<char32_t>(d);
      }
      if (base == 8 || e == 'x') {
        if (value > 255) return fail(Kind::OctalTooLarge, backslash, backslash, e);
        if (as_rune) {
          append_utf8(out, value);
        } else {
          out.push_back(static_cast<char>(value));
        }
        if (rune != nullptr) *rune = value;
        return true;
      }
      if (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000)) {
        return fail(Kind::InvalidCodePoint, backslash, backslash, e);
      }
      break;
    }
  }
  append_utf8(out, value);
  if (rune != nullptr) *rune = value;
  return true;
}

}  // namespace

std::optional<std::string> go_unquote(std::string_view lit, GoUnquoteError* error,
                                      const GoUnquoteOptions& options) {
  GoUnquoteError local;
  GoUnquoteError& err = error != nullptr ? *error : local;
  auto fail = [&](Kind kind, size_t at) -> std::optional<std::string> {
    err = GoUnquoteError{kind, at, at, 0};
    return std::nullopt;
  };
  if (lit.size() < 2 || lit.front() != lit.back()) return fail(Kind::NotQuoted, 0);
  char quote = lit.front();
  std::string_view body = lit.substr(1, lit.size() - 2);
  if (quote == '`') {
    if (options.raw_as_written) return std::string(body);
    if (size_t at = body.find('`'); at != std::string_view::npos) {
      return fail(Kind::RawQuoteInside, at + 1);
    }
    std::string out;
    for (char c : body) {
      if (c != '\r') out.push_back(c);
    }
    return out;
  }
  if (quote != '"' && quote != '\'') return fail(Kind::NotQuoted, 0);
  bool character = quote == '\'' && !options.single_quoted_strings;
  std::string out;
  out.reserve(body.size());
  int count = 0;
  for (size_t i = 0; i < body.size(); ++count) {
    if (body[i] == quote) return fail(Kind::QuoteInside, i + 1);
    if (body[i] == '\n' && !options.newlines) return fail(Kind::Newline, i + 1);
    if (!unquote_one(body, i, quote, character, out, nullptr, err)) return std::nullopt;
  }
  if (character && count != 1) return fail(Kind::NotOneCharacter, 0);
  return out;
}

std::optional<char32_t> go_unquote_char(std::string_view lit, GoUnquoteError* error) {
  GoUnquoteError err;
  auto fail = [&](Kind kind, size_t at) -> std::optional<char32_t> {
    if (error != nullptr) *error = GoUnquoteError{kind, at, at, 0};
    return std::nullopt;
  };
  if (lit.size() < 3 || lit.front() != '\'' || lit.back() != '\'') return fail(Kind::NotQuoted, 0);
  std::string_view body = lit.substr(1, lit.size() - 2);
  if (body.front() == '\'') return fail(Kind::QuoteInside, 1);
  std::string out;
  size_t i = 0;
  char32_t r = 0;
  if (!unquote_one(body, i, '\'', true, out, &r, err)) {
    if (error != nullptr) *error = err;
    return std::nullopt;
  }
  if (i != body.size()) return fail(Kind::NotOneCharacter, i + 1);
  return r;
}

}  // namespace mzr
