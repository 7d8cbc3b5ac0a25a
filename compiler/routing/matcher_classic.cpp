// The classic matcher parser (Alertmanager pkg/labels/parse.go semantics).

#include <fmt/format.h>
#include <re2/re2.h>

#include "compiler/base/utf8.h"
#include "compiler/routing/matcher_parse.h"

namespace mzr::routing {
namespace {

// name, operator (=~ is tried before =), value up to trailing whitespace.
const re2::RE2& classic_pattern() {
  static const re2::RE2 re(R"(^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$)");
  return re;
}

MatchersResult fail(std::string message) {
  return {std::nullopt, std::move(message)};
}

}  // namespace

MatchersResult parse_classic_matcher(std::string_view input) {
  std::string name, op, raw;
  if (!re2::RE2::FullMatch(re2::StringPiece(input.data(), input.size()), classic_pattern(), &name,
                           &op, &raw)) {
    return fail(fmt::format("bad matcher format: {}", input));
  }
  std::string_view value_text = raw;
  bool expect_trailing_quote = false;
  if (value_text.starts_with('"')) {
    value_text.remove_prefix(1);
    expect_trailing_quote = true;
  }
  if (find_invalid_utf8(value_text))
    return fail(fmt::format("matcher value not valid UTF-8: {}", raw));

  std::string value;
  bool escaped = false;
  for (size_t i = 0; i < value_text.size();) {
    DecodedRune d = decode_utf8(value_text, i);
    std::string_view rune = value_text.substr(i, d.length);
    bool last = i + d.length >= value_text.size();
    i += d.length;
    if (escaped) {
      escaped = false;
      if (d.rune == 'n') {
        value += '\n';
      } else if (d.rune == '"' || d.rune == '\\') {
        value.append(rune);
      } else {
        // A spurious escape keeps its backslash.
        value += '\\';
        value.append(rune);
      }
      continue;
    }
    if (d.rune == '\\') {
      if (!last) {
        escaped = true;
        continue;
      }
      value += '\\';
    } else if (d.rune == '"') {
      if (!expect_trailing_quote || !last) {
        return fail(fmt::format("matcher value contains unescaped double quote: {}", raw));
      }
      expect_trailing_quote = false;
    } else {
      value.append(rune);
    }
  }
  if (expect_trailing_quote) {
    return fail(fmt::format("matcher value contains unescaped double quote: {}", raw));
  }
  std::string error;
  auto m = make_matcher(std::move(name), *parse_op(op), std::move(value), &error);
  if (!m) return fail(std::move(error));
  return {Matchers{std::move(*m)}, {}};
}

MatchersResult parse_classic_matchers(std::string_view input) {
  std::string_view s = input;
  if (s.starts_with('{')) s.remove_prefix(1);
  if (s.ends_with('}')) s.remove_suffix(1);

  std::vector<std::string> tokens;
  std::string token;
  bool inside_quotes = false;
  bool escaped = false;
  for (char c : s) {
    if (c == ',') {
      if (!inside_quotes) {
        tokens.push_back(std::move(token));
        token.clear();
        continue;
      }
    } else if (c == '"') {
      if (!escaped) {
        inside_quotes = !inside_quotes;
      } else {
        escaped = false;
      }
    } else if (c == '\\') {
      escaped = !escaped;
    } else {
      escaped = false;
    }
    token += c;
  }
  // A final blank token (after a trailing comma) is dropped; its surrounding space is trimmed.
  size_t b = token.find_first_not_of(" \t\n\v\f\r");
  if (b != std::string::npos) {
    size_t e = token.find_last_not_of(" \t\n\v\f\r");
    tokens.push_back(token.substr(b, e - b + 1));
  }
  Matchers out;
  for (const std::string& t : tokens) {
    MatchersResult r = parse_classic_matcher(t);
    if (!r.ok()) return r;
    out.push_back(std::move(r.matchers->front()));
  }
  return {std::move(out), {}};
}

}  // namespace mzr::routing
