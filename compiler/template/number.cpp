#include "compiler/template/number.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "compiler/template/unquote.h"

namespace mzr::tmpl {
namespace {

// Go's underscoreOK: '_' only between digits, or right after a base prefix.
bool underscores_ok(std::string_view s) {
  char saw = '^';  // '^' start, '0' digit or prefix, '_' underscore, '!' other
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0') {
    char b = static_cast<char>(s[1] | 0x20);
    if (b == 'x' || b == 'o' || b == 'b') {
      hex = b == 'x';
      i = 2;
      saw = '0';
    }
  }
  for (; i < s.size(); ++i) {
    char c = s[i];
    bool digit = (c >= '0' && c <= '9') || (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'));
    if (digit) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

std::string strip_underscores(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out.push_back(c);
  }
  return out;
}

// strconv.ParseUint(s, 0, 64) and ParseInt(s, 0, 64).
bool parse_uint(std::string_view text, uint64_t& out) {
  if (text.empty() || text[0] == '+' || text[0] == '-') return false;
  if (text.find('_') != std::string_view::npos && !underscores_ok(text)) return false;
  std::string s = strip_underscores(text);
  int base = 10;
  size_t i = 0;
  if (s.size() >= 2 && s[0] == '0') {
    char b = static_cast<char>(s[1] | 0x20);
    if (b == 'x')
      base = 16, i = 2;
    else if (b == 'o')
      base = 8, i = 2;
    else if (b == 'b')
      base = 2, i = 2;
    else
      base = 8, i = 1;
  } else if (text.find('_') != std::string_view::npos) {
    // Underscores are allowed only with base 0, which is what we implement; fine.
  }
  if (i >= s.size() && !(base == 8 && i == 1)) return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
      d = (c | 0x20) - 'a' + 10;
    else
      return false;
    if (d >= base) return false;
    if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return false;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  out = v;
  return true;
}

bool parse_int(std::string_view text, int64_t& out) {
  bool neg = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    neg = text[0] == '-';
    text.remove_prefix(1);
  }
  uint64_t u;
  if (!parse_uint(text, u)) return false;
  if (neg) {
    if (u > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    out = static_cast<int64_t>(0 - u);
  } else {
    if (u > static_cast<uint64_t>(INT64_MAX)) return false;
    out = static_cast<int64_t>(u);
  }
  return true;
}

// strconv.ParseFloat(s, 64), including hexadecimal mantissas with a 'p' exponent.
bool parse_float(std::string_view text, double& out) {
  if (text.find('_') != std::string_view::npos && !underscores_ok(text)) return false;
  std::string s = strip_underscores(text);
  std::string_view body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) body.remove_prefix(1);
  if (body.empty()) return false;
  bool hex = body.size() >= 2 && body[0] == '0' && (body[1] | 0x20) == 'x';
  if (hex && s.find_first_of("pP") == std::string::npos) return false;
  if (!hex && s.find_first_of("pP") != std::string::npos) return false;
  if (!hex && body.size() >= 2 && body[0] == '0' &&
      ((body[1] | 0x20) == 'o' || (body[1] | 0x20) == 'b')) {
    return false;
  }
  for (char c : body) {
    bool ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' ||
              (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')) || c == 'x' || c == 'X' ||
              c == 'p' || c == 'P';
    if (!ok) return false;
  }
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return false;
  if (errno == ERANGE && std::isinf(v)) return false;
  out = v;
  return true;
}

void simplify_complex(NumberValue& n) {
  if (n.im == 0) {
    n.is_float = true;
    n.f = n.re;
    if (std::trunc(n.f) == n.f && std::fabs(n.f) < 9.2e18) {
      n.is_int = true;
      n.i = static_cast<int64_t>(n.f);
    }
    if (std::trunc(n.f) == n.f && n.f >= 0 && n.f < 1.8e19) {
      n.is_uint = true;
      n.u = static_cast<uint64_t>(n.f);
    }
  }
}

}  // namespace

std::variant<NumberValue, std::string> read_number(std::string_view text, NumberLiteral kind) {
  NumberValue n;
  std::string illegal = "illegal number syntax: \"" + std::string(text) + "\"";
  if (kind == NumberLiteral::Char) {
    GoUnquoteError error;
    auto r = go_unquote_char(text, &error);
    if (!r) {
      // Go's UnquoteChar reads one character and leaves the rest: a tail is "malformed".
      if (error.kind == GoUnquoteError::Kind::NotOneCharacter) {
        return "malformed character constant: " + std::string(text);
      }
      return std::string("invalid syntax");
    }
    n.is_int = n.is_uint = n.is_float = true;
    n.i = static_cast<int64_t>(*r);
    n.u = *r;
    n.f = static_cast<double>(*r);
    return n;
  }
  if (kind == NumberLiteral::Complex) {
    // real part followed by a signed imaginary part: 1+2i
    size_t split = std::string_view::npos;
    for (size_t i = 1; i < text.size(); ++i) {
      if ((text[i] == '+' || text[i] == '-') && (text[i - 1] | 0x20) != 'e' &&
          (text[i - 1] | 0x20) != 'p') {
        split = i;
      }
    }
    double re, im;
    if (split == std::string_view::npos || text.back() != 'i' ||
        !parse_float(text.substr(0, split), re) ||
        !parse_float(text.substr(split, text.size() - split - 1), im)) {
      return illegal;
    }
    n.is_complex = true;
    n.re = re;
    n.im = im;
    simplify_complex(n);
    return n;
  }
  if (!text.empty() && text.back() == 'i') {
    double f;
    if (parse_float(text.substr(0, text.size() - 1), f)) {
      n.is_complex = true;
      n.re = 0;
      n.im = f;
      simplify_complex(n);
      return n;
    }
  }
  uint64_t u;
  if (parse_uint(text, u)) {
    n.is_uint = true;
    n.u = u;
  }
  int64_t i;
  if (parse_int(text, i)) {
    n.is_int = true;
    n.i = i;
    if (i == 0) {
      n.is_uint = true;
      n.u = 0;
    }
  }
  if (n.is_int) {
    n.is_float = true;
    n.f = static_cast<double>(n.i);
  } else if (n.is_uint) {
    n.is_float = true;
    n.f = static_cast<double>(n.u);
  } else {
    double f;
    if (parse_float(text, f)) {
      if (text.find_first_of(".eEpP") == std::string_view::npos) {
        return "integer overflow: \"" + std::string(text) + "\"";
      }
      n.is_float = true;
      n.f = f;
      if (std::trunc(f) == f && std::fabs(f) < 9.2e18) {
        n.is_int = true;
        n.i = static_cast<int64_t>(f);
      }
      if (std::trunc(f) == f && f >= 0 && f < 1.8e19) {
        n.is_uint = true;
        n.u = static_cast<uint64_t>(f);
      }
    }
  }
  if (!n.is_int && !n.is_uint && !n.is_float) return illegal;
  return n;
}

}  // namespace mzr::tmpl
