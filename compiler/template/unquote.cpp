#include "compiler/template/unquote.h"

#include "compiler/base/utf8.h"

namespace mzr::tmpl {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one character or escape of a literal quoted by `quote` at s[i]. Appends its value to
// `out` (a \x or octal escape appends one byte) and advances i. Returns false on bad syntax.
bool unquote_one(std::string_view s, size_t& i, char quote, std::string& out, char32_t* rune) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == static_cast<unsigned char>(quote) && (quote == '\'' || quote == '"')) return false;
  if (c >= 0x80) {
    DecodedRune d = decode_utf8(s, i);
    out.append(s.substr(i, d.length));
    if (rune) *rune = d.rune;
    i += d.length;
    return true;
  }
  if (c != '\\') {
    out.push_back(static_cast<char>(c));
    if (rune) *rune = c;
    ++i;
    return true;
  }
  if (i + 1 >= s.size()) return false;
  char e = s[i + 1];
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
      if (e != quote) return false;
      value = static_cast<char32_t>(e);
      break;
    case 'x':
    case 'u':
    case 'U': {
      size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      if (i + n > s.size()) return false;
      for (size_t k = 0; k < n; ++k) {
        int d = hex_digit(s[i + k]);
        if (d < 0) return false;
        value = value * 16 + static_cast<char32_t>(d);
      }
      i += n;
      if (e == 'x') {
        if (quote == '\'') {
          append_utf8(out, value);
        } else {
          out.push_back(static_cast<char>(value));
        }
        if (rune) *rune = value;
        return true;
      }
      if (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000)) return false;
      break;
    }
    default:
      if (e >= '0' && e <= '7') {
        if (i + 2 > s.size()) return false;
        value = static_cast<char32_t>(e - '0');
        for (size_t k = 0; k < 2; ++k) {
          char d = s[i + k];
          if (d < '0' || d > '7') return false;
          value = value * 8 + static_cast<char32_t>(d - '0');
        }
        i += 2;
        if (value > 255) return false;
        if (quote == '\'') {
          append_utf8(out, value);
        } else {
          out.push_back(static_cast<char>(value));
        }
        if (rune) *rune = value;
        return true;
      }
      return false;
  }
  append_utf8(out, value);
  if (rune) *rune = value;
  return true;
}

}  // namespace

std::optional<std::string> go_unquote(std::string_view lit) {
  if (lit.size() < 2 || lit.front() != lit.back()) return std::nullopt;
  char quote = lit.front();
  std::string_view body = lit.substr(1, lit.size() - 2);
  if (quote == '`') {
    if (body.find('`') != std::string_view::npos) return std::nullopt;
    std::string out;
    for (char c : body) {
      if (c != '\r') out.push_back(c);
    }
    return out;
  }
  if (quote != '"' && quote != '\'') return std::nullopt;
  if (body.find('\n') != std::string_view::npos) return std::nullopt;
  std::string out;
  size_t i = 0;
  int count = 0;
  while (i < body.size()) {
    if (!unquote_one(body, i, quote, out, nullptr)) return std::nullopt;
    ++count;
  }
  if (quote == '\'' && count != 1) return std::nullopt;
  return out;
}

std::optional<char32_t> go_unquote_char(std::string_view lit) {
  if (lit.size() < 3 || lit.front() != '\'' || lit.back() != '\'') return std::nullopt;
  std::string_view body = lit.substr(1, lit.size() - 2);
  std::string out;
  size_t i = 0;
  char32_t r = 0;
  if (!unquote_one(body, i, '\'', out, &r)) return std::nullopt;
  if (i != body.size()) return std::nullopt;
  return r;
}

}  // namespace mzr::tmpl
