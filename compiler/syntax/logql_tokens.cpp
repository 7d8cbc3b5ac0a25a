#include "compiler/syntax/logql_tokens.h"

#include <fmt/format.h>

#include <string>
#include <unordered_map>

#include "LogQLLexer.h"
#include "compiler/base/duration.h"
#include "compiler/base/utf8.h"
#include "compiler/logql/literals.h"

namespace mzr::syntax {

using L = antlr_LogQL::LogQLLexer;

LogqlPositions::LogqlPositions(const EmbeddedText& text) : text_(text), cps_(text.text) {}

uint32_t LogqlPositions::begin_of(const antlr4::Token* t) const {
  if (t->getType() == antlr4::Token::EOF) return size();
  return byte_of(t->getStartIndex());
}

uint32_t LogqlPositions::end_of(const antlr4::Token* t) const {
  if (t->getType() == antlr4::Token::EOF) return size();
  return byte_of(t->getStopIndex() + 1);
}

namespace {

struct Keyword {
  size_t type;
  bool function;  // a keyword only when a call follows: `rate(`, `sum by (`
};

const std::unordered_map<std::string, Keyword>& keywords() {
  static const std::unordered_map<std::string, Keyword> table = {
      {"by", {L::KW_BY, false}},
      {"without", {L::KW_WITHOUT, false}},
      {"bool", {L::KW_BOOL, false}},
      {"offset", {L::KW_OFFSET, false}},
      {"on", {L::KW_ON, false}},
      {"ignoring", {L::KW_IGNORING, false}},
      {"group_left", {L::KW_GROUP_LEFT, false}},
      {"group_right", {L::KW_GROUP_RIGHT, false}},
      {"or", {L::KW_OR, false}},
      {"and", {L::KW_AND, false}},
      {"unless", {L::KW_UNLESS, false}},
      {"json", {L::KW_JSON, false}},
      {"regexp", {L::KW_REGEXP, false}},
      {"logfmt", {L::KW_LOGFMT, false}},
      {"unpack", {L::KW_UNPACK, false}},
      {"pattern", {L::KW_PATTERN, false}},
      {"line_format", {L::KW_LINE_FORMAT, false}},
      {"label_format", {L::KW_LABEL_FORMAT, false}},
      {"decolorize", {L::KW_DECOLORIZE, false}},
      {"drop", {L::KW_DROP, false}},
      {"keep", {L::KW_KEEP, false}},
      {"unwrap", {L::KW_UNWRAP, false}},
      {"rate", {L::KW_RATE, true}},
      {"rate_counter", {L::KW_RATE_COUNTER, true}},
      {"count_over_time", {L::KW_COUNT_OVER_TIME, true}},
      {"bytes_rate", {L::KW_BYTES_RATE, true}},
      {"bytes_over_time", {L::KW_BYTES_OVER_TIME, true}},
      {"avg_over_time", {L::KW_AVG_OVER_TIME, true}},
      {"sum_over_time", {L::KW_SUM_OVER_TIME, true}},
      {"min_over_time", {L::KW_MIN_OVER_TIME, true}},
      {"max_over_time", {L::KW_MAX_OVER_TIME, true}},
      {"stdvar_over_time", {L::KW_STDVAR_OVER_TIME, true}},
      {"stddev_over_time", {L::KW_STDDEV_OVER_TIME, true}},
      {"quantile_over_time", {L::KW_QUANTILE_OVER_TIME, true}},
      {"first_over_time", {L::KW_FIRST_OVER_TIME, true}},
      {"last_over_time", {L::KW_LAST_OVER_TIME, true}},
      {"absent_over_time", {L::KW_ABSENT_OVER_TIME, true}},
      {"vector", {L::KW_VECTOR, true}},
      {"sum", {L::KW_SUM, true}},
      {"avg", {L::KW_AVG, true}},
      {"max", {L::KW_MAX, true}},
      {"min", {L::KW_MIN, true}},
      {"count", {L::KW_COUNT, true}},
      {"stddev", {L::KW_STDDEV, true}},
      {"stdvar", {L::KW_STDVAR, true}},
      {"bottomk", {L::KW_BOTTOMK, true}},
      {"topk", {L::KW_TOPK, true}},
      {"sort", {L::KW_SORT, true}},
      {"sort_desc", {L::KW_SORT_DESC, true}},
      {"approx_topk", {L::KW_APPROX_TOPK, true}},
      {"label_replace", {L::KW_LABEL_REPLACE, true}},
      {"bytes", {L::KW_BYTES_CONV, true}},
      {"duration", {L::KW_DURATION_CONV, true}},
      {"duration_seconds", {L::KW_DURATION_SECONDS_CONV, true}},
      {"ip", {L::KW_IP, true}},
  };
  return table;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Loki skips Unicode white space here (unicode.IsSpace), not only the four characters the
// scanner skips between tokens.
size_t skip_space(std::string_view s, size_t i) {
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      DecodedRune r = decode_utf8(s, i);
      char32_t u = r.rune;
      if (u == 0x85 || u == 0xA0 || u == 0x1680 || (u >= 0x2000 && u <= 0x200A) || u == 0x2028 ||
          u == 0x2029 || u == 0x202F || u == 0x205F || u == 0x3000) {
        i += r.length;
        continue;
      }
    }
    break;
  }
  return i;
}

// Loki's isFunction: `(` follows, or `by`/`without` and then `(`.
bool call_follows(std::string_view s, size_t i) {
  i = skip_space(s, i);
  if (i < s.size() && s[i] == '(') return true;
  for (std::string_view word : {std::string_view("by"), std::string_view("without")}) {
    if (s.size() - i >= word.size() && lower(s.substr(i, word.size())) == word) {
      size_t j = skip_space(s, i + word.size());
      return j < s.size() && s[j] == '(';
    }
  }
  return false;
}

}  // namespace

void retype_keywords(const std::vector<antlr4::Token*>& tokens, const LogqlPositions& pos) {
  const auto& table = keywords();
  for (antlr4::Token* t : tokens) {
    if (t->getType() != L::IDENTIFIER) continue;
    auto it = table.find(lower(pos.text_of(t)));
    if (it == table.end()) continue;
    if (it->second.function && !call_follows(pos.text(), pos.end_of(t))) continue;
    if (auto* w = dynamic_cast<antlr4::WritableToken*>(t)) w->setType(it->second.type);
  }
}

namespace {

bool is_operator(size_t type) {
  switch (type) {
    case L::ADD:
    case L::SUB:
    case L::MUL:
    case L::DIV:
    case L::MOD:
    case L::POW:
    case L::CMP_EQ:
    case L::NEQ:
    case L::GT:
    case L::GTE:
    case L::LT:
    case L::LTE:
    case L::EQ:
    case L::RE:
    case L::NRE:
    case L::COMMA:
    case L::KW_AND:
    case L::KW_OR:
    case L::KW_UNLESS: return true;
    default: return false;
  }
}

}  // namespace

bool prescan_logql(const std::vector<antlr4::Token*>& tokens, const LogqlPositions& pos,
                   Diagnostics& diags) {
  bool ok = true;
  size_t depth = 0;
  size_t operators = 0;
  size_t previous = antlr4::Token::INVALID_TYPE;
  for (antlr4::Token* t : tokens) {
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    // Label filters side by side are an `and` without a token (and the printer writes one), so
    // they count as an operator too.
    bool juxtaposed = (previous == L::STRING || previous == L::NUMBER || previous == L::DURATION ||
                       previous == L::BYTES || previous == L::RPAREN) &&
                      (t->getType() == L::IDENTIFIER || t->getType() == L::LPAREN);
    previous = t->getType();
    if (juxtaposed && ++operators > kMaxLogqlOperators) {
      diags.report(DiagKind::LogqlTooComplex, pos.span_of(t),
                   fmt::format("query has more than {} operators", kMaxLogqlOperators));
      return false;
    }
    std::string_view text = pos.text_of(t);
    Span at = pos.span_of(t);
    switch (t->getType()) {
      case L::LPAREN:
      case L::LBRACE:
        if (++depth > kMaxLogqlNesting) {
          diags.report(DiagKind::LogqlTooComplex, at,
                       fmt::format("query nests more than {} levels deep", kMaxLogqlNesting));
          return false;
        }
        break;
      case L::RPAREN:
      case L::RBRACE:
        if (depth > 0) --depth;
        break;
      case L::STRING: {
        std::string error;
        if (!logql::unquote_string(text, &error)) {
          diags.report(DiagKind::LogqlBadLiteral, at, "invalid string literal: " + error);
          ok = false;
        }
        break;
      }
      case L::UNTERMINATED_STRING:
        diags.report(DiagKind::LogqlBadLiteral, at, "string literal is not terminated");
        return false;
      case L::CHAR_LITERAL:
        diags.report(
            DiagKind::LogqlBadLiteral, at,
            "single quotes do not delimit strings in LogQL; use double quotes or backticks");
        ok = false;
        break;
      case L::UNCLOSED_RANGE:
        diags.report(DiagKind::LogqlBadLiteral, at, "missing closing ']' in duration");
        return false;
      case L::RANGE: {
        DurationError error;
        if (!parse_duration(text.substr(1, text.size() - 2), &error)) {
          diags.report(DiagKind::LogqlBadLiteral, at, error.message);
          ok = false;
        }
        break;
      }
      case L::DURATION:
        if (!logql::parse_loki_duration(text)) {
          diags.report(DiagKind::LogqlBadLiteral, at, fmt::format("invalid duration \"{}\"", text));
          ok = false;
        }
        break;
      case L::BYTES:
        if (!logql::parse_bytes(text)) {
          diags.report(DiagKind::LogqlBadLiteral, at,
                       fmt::format("invalid byte size \"{}\"", text));
          ok = false;
        }
        break;
      case L::FLAG:
        if (text != "--strict" && text != "--keep-empty") {
          diags.report(DiagKind::LogqlInvalidFlag, at,
                       fmt::format("unknown parser flag \"{}\"; logfmt accepts --strict and "
                                   "--keep-empty",
                                   text));
          ok = false;
        }
        break;
      default:
        if (is_operator(t->getType()) && ++operators > kMaxLogqlOperators) {
          diags.report(DiagKind::LogqlTooComplex, at,
                       fmt::format("query has more than {} operators", kMaxLogqlOperators));
          return false;
        }
        break;
    }
  }
  return ok;
}

}  // namespace mzr::syntax
