#include "compiler/routing/matcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "compiler/base/utf8.h"
#include "compiler/routing/matcher_parse.h"
#include "compiler/routing/regex.h"

namespace mzr::routing {
namespace {

bool needs_quoting(std::string_view name) {
  for (size_t i = 0; i < name.size();) {
    DecodedRune d = decode_utf8(name, i);
    if (is_reserved(d.rune)) return true;
    i += d.length;
  }
  return false;
}

// The OpenMetrics escaping Alertmanager applies to values: backslash, newline, double quote.
std::string escape_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string_view label_value(const LabelSet& labels, std::string_view name) {
  auto it = labels.find(name);
  return it == labels.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view op_text(MatchOp op) {
  switch (op) {
    case MatchOp::Equal: return "=";
    case MatchOp::NotEqual: return "!=";
    case MatchOp::Regex: return "=~";
    case MatchOp::NotRegex: return "!~";
  }
  return "=";
}

std::optional<MatchOp> parse_op(std::string_view text) {
  if (text == "=") return MatchOp::Equal;
  if (text == "!=") return MatchOp::NotEqual;
  if (text == "=~") return MatchOp::Regex;
  if (text == "!~") return MatchOp::NotRegex;
  return std::nullopt;
}

bool Matcher::matches(std::string_view v) const {
  switch (op) {
    case MatchOp::Equal: return v == value;
    case MatchOp::NotEqual: return v != value;
    case MatchOp::Regex: return re != nullptr && full_match(*re, v);
    case MatchOp::NotRegex: return re == nullptr || !full_match(*re, v);
  }
  return false;
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    DecodedRune d = decode_utf8(s, i);
    char32_t r = d.rune;
    if (d.length == 1 && static_cast<unsigned char>(s[i]) >= 0x80) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
    } else if (r == '"' || r == '\\') {
      out += '\\';
      out += static_cast<char>(r);
    } else if (r == '\a') {
      out += "\\a";
    } else if (r == '\b') {
      out += "\\b";
    } else if (r == '\f') {
      out += "\\f";
    } else if (r == '\n') {
      out += "\\n";
    } else if (r == '\r') {
      out += "\\r";
    } else if (r == '\t') {
      out += "\\t";
    } else if (r == '\v') {
      out += "\\v";
    } else if (r < 0x20 || r == 0x7f) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(r));
    } else {
      out.append(s.substr(i, d.length));
    }
    i += d.length;
  }
  out += '"';
  return out;
}

std::string Matcher::to_string() const {
  if (needs_quoting(name)) return go_quote(name) + std::string(op_text(op)) + go_quote(value);
  return fmt::format("{}{}\"{}\"", name, op_text(op), escape_value(value));
}

std::optional<Matcher> make_matcher(std::string name, MatchOp op, std::string value,
                                    std::string* error) {
  Matcher m{std::move(name), op, std::move(value), nullptr};
  if (op == MatchOp::Regex || op == MatchOp::NotRegex) {
    m.re = compile_anchored(m.value, error);
    if (!m.re) return std::nullopt;
  }
  return m;
}

bool matches_all(const Matchers& ms, const LabelSet& labels) {
  return std::all_of(ms.begin(), ms.end(),
                     [&](const Matcher& m) { return m.matches(label_value(labels, m.name)); });
}

void sort_matchers(Matchers& ms) {
  std::stable_sort(ms.begin(), ms.end(), [](const Matcher& a, const Matcher& b) {
    return std::tie(a.name, a.value, a.op) < std::tie(b.name, b.value, b.op);
  });
}

std::string matchers_to_string(const Matchers& ms) {
  std::string out = "{";
  for (size_t i = 0; i < ms.size(); ++i) {
    if (i > 0) out += ',';
    out += ms[i].to_string();
  }
  out += '}';
  return out;
}

}  // namespace mzr::routing
