#include "compiler/logql/literals.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "compiler/base/duration.h"
#include "compiler/base/go_unquote.h"

namespace mzr::logql {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::optional<std::string> unquote_string(std::string_view q, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<std::string> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  if (q.size() < 2) return fail("string is not terminated");
  if (q.front() == '`' && q.back() != '`') return fail("raw string is not terminated");
  if (q.front() != '`' && (q.front() != '"' || q.back() != '"')) {
    return fail("string is not terminated");
  }
  GoUnquoteError e;
  GoUnquoteOptions options;
  options.raw_as_written = true;
  if (auto value = go_unquote(q, &e, options)) return value;
  using Kind = GoUnquoteError::Kind;
  switch (e.kind) {
    case Kind::Newline: return fail("string is not terminated on its line");
    case Kind::EscapeAtEnd: return fail("string ends in an escape");
    case Kind::UnknownEscape: return fail(fmt::format("unknown escape sequence \\{}", e.letter));
    case Kind::ShortEscape:
    case Kind::BadDigit:
      if (e.letter == 'x') return fail("escape \\x needs two hexadecimal digits");
      if (e.letter == 'u' || e.letter == 'U') {
        return fail(fmt::format("escape \\{} needs {} hexadecimal digits", e.letter,
                                e.letter == 'u' ? 4 : 8));
      }
      return fail("octal escape needs three digits");
    case Kind::InvalidCodePoint:
      return fail(fmt::format("escape \\{} is not a valid code point", e.letter));
    case Kind::OctalTooLarge: return fail("octal escape is greater than 255");
    case Kind::NotQuoted:
    case Kind::NotOneCharacter:
    case Kind::QuoteInside:
    case Kind::RawQuoteInside: break;
  }
  return fail("string is not terminated");
}

std::optional<int64_t> parse_go_duration(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) return std::nullopt;
  long double total = 0;
  while (!s.empty()) {
    size_t i = 0;
    size_t int_digits = 0, frac_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
    size_t int_end = i;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
    }
    if (int_digits == 0 && frac_digits == 0) return std::nullopt;
    long double value = 0;
    for (size_t k = 0; k < int_end; ++k) value = value * 10 + (s[k] - '0');
    long double scale = 0.1L;
    for (size_t k = int_end + 1; k < i; ++k, scale /= 10) value += (s[k] - '0') * scale;
    size_t unit_begin = i;
    while (i < s.size() && !is_digit(s[i]) && s[i] != '.') ++i;
    std::string_view unit = s.substr(unit_begin, i - unit_begin);
    long double mult = 0;
    if (unit == "ns")
      mult = 1;
    else if (unit == "us" || unit == "\u00b5s" || unit == "\u03bcs")
      mult = 1e3L;
    else if (unit == "ms")
      mult = 1e6L;
    else if (unit == "s")
      mult = 1e9L;
    else if (unit == "m")
      mult = 60e9L;
    else if (unit == "h")
      mult = 3600e9L;
    else
      return std::nullopt;
    total += value * mult;
    if (total > static_cast<long double>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    s.remove_prefix(i);
  }
  int64_t n = static_cast<int64_t>(total);
  return negative ? -n : n;
}

std::optional<int64_t> parse_loki_duration(std::string_view text) {
  if (auto d = parse_duration(text)) {
    if (d->ms > std::numeric_limits<int64_t>::max() / 1000000) return std::nullopt;
    return d->ms * 1000000;
  }
  return parse_go_duration(text);
}

std::optional<uint64_t> parse_bytes(std::string_view s) {
  size_t i = 0;
  std::string number;
  while (i < s.size() && (is_digit(s[i]) || s[i] == '.' || s[i] == ',')) {
    if (s[i] != ',') number.push_back(s[i]);
    ++i;
  }
  auto value = parse_float(number);
  if (!value) return std::nullopt;
  std::string unit;
  for (char c : s.substr(i)) {
    if (c == ' ') continue;
    unit.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  static constexpr struct {
    std::string_view name;
    double factor;
  } kUnits[] = {
      {"", 1},
      {"b", 1},
      {"k", 1e3},
      {"kb", 1e3},
      {"ki", 1024.0},
      {"kib", 1024.0},
      {"m", 1e6},
      {"mb", 1e6},
      {"mi", 1048576.0},
      {"mib", 1048576.0},
      {"g", 1e9},
      {"gb", 1e9},
      {"gi", 1073741824.0},
      {"gib", 1073741824.0},
      {"t", 1e12},
      {"tb", 1e12},
      {"ti", 1099511627776.0},
      {"tib", 1099511627776.0},
      {"p", 1e15},
      {"pb", 1e15},
      {"pi", 1125899906842624.0},
      {"pib", 1125899906842624.0},
      {"e", 1e18},
      {"eb", 1e18},
      {"ei", 1152921504606846976.0},
      {"eib", 1152921504606846976.0},
  };
  for (const auto& u : kUnits) {
    if (u.name != unit) continue;
    double bytes = *value * u.factor;
    if (!(bytes < 18446744073709551615.0)) return std::nullopt;
    return static_cast<uint64_t>(bytes);
  }
  return std::nullopt;
}

std::optional<double> parse_float(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    // Go reads a hexadecimal float only with its binary exponent ("0x1p3"); digit separators
    // are allowed after a base prefix.
    std::string digits;
    for (char c : s.substr(2)) {
      if (c != '_') digits.push_back(c);
    }
    if (digits.find_first_of("pP") == std::string::npos) return std::nullopt;
    double v = 0;
    auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), v, std::chars_format::hex);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return v;
  }
  for (char c : s) {
    if (!(is_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
      return std::nullopt;
    }
  }
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (end != s.data() + s.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // Go returns ±Inf or 0 with an error for out-of-range values.
    return std::nullopt;
  }
  if (ec != std::errc()) return std::nullopt;
  return v;
}

namespace {

// 4 for an IPv4 address, 6 for IPv6, 0 for neither.
int ip_version(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  std::string text(s);
  unsigned char buffer[16];
  if (inet_pton(AF_INET, text.c_str(), buffer) == 1) return 4;
  if (inet_pton(AF_INET6, text.c_str(), buffer) == 1) return 6;
  return 0;
}

}  // namespace

bool is_ip_pattern(std::string_view p) {
  if (size_t slash = p.find('/'); slash != std::string_view::npos) {
    int version = ip_version(p.substr(0, slash));
    std::string_view bits = p.substr(slash + 1);
    if (version == 0 || bits.empty() || bits.size() > 3) return false;
    int n = 0;
    for (char c : bits) {
      if (!is_digit(c)) return false;
      n = n * 10 + (c - '0');
    }
    return n <= (version == 4 ? 32 : 128);
  }
  if (size_t dash = p.find('-'); dash != std::string_view::npos) {
    int a = ip_version(p.substr(0, dash));
    return a != 0 && a == ip_version(p.substr(dash + 1));
  }
  return ip_version(p) != 0;
}

}  // namespace mzr::logql
