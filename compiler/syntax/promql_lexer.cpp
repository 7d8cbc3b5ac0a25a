#include "compiler/syntax/promql_lexer.h"

#include <cctype>

#include "PromQLLexer.h"

namespace mzr::syntax {
namespace {

using L = antlr_PromQL::PromQLLexer;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
  return is_ident_start(c) || is_digit(c);
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The byte length of the UTF-8 sequence a lead byte starts (the text is valid UTF-8).
size_t sequence_length(char lead) {
  auto b = static_cast<unsigned char>(lead);
  if (b < 0x80) return 1;
  if (b < 0xE0) return 2;
  if (b < 0xF0) return 3;
  return 4;
}

struct Keyword {
  std::string_view spelling;
  size_t type;
};

// Outside brackets: every keyword of the grammar's `tokens` block.
constexpr Keyword kKeywords[] = {
    {"inf", L::INF_LIT},
    {"nan", L::NAN_LIT},
    {"and", L::AND},
    {"or", L::OR},
    {"unless", L::UNLESS},
    {"atan2", L::ATAN2},
    {"sum", L::SUM},
    {"avg", L::AVG},
    {"count", L::COUNT},
    {"min", L::MIN},
    {"max", L::MAX},
    {"group", L::GROUP},
    {"stddev", L::STDDEV},
    {"stdvar", L::STDVAR},
    {"topk", L::TOPK},
    {"bottomk", L::BOTTOMK},
    {"count_values", L::COUNT_VALUES},
    {"quantile", L::QUANTILE},
    {"limitk", L::LIMITK},
    {"limit_ratio", L::LIMIT_RATIO},
    {"offset", L::OFFSET},
    {"smoothed", L::SMOOTHED},
    {"anchored", L::ANCHORED},
    {"by", L::BY},
    {"without", L::WITHOUT},
    {"on", L::ON},
    {"ignoring", L::IGNORING},
    {"group_left", L::GROUP_LEFT},
    {"group_right", L::GROUP_RIGHT},
    {"bool", L::BOOL},
    {"start", L::START},
    {"end", L::END},
    {"step", L::STEP},
    {"range", L::RANGE},
    {"max_of", L::MAX_OF},
    {"min_of", L::MIN_OF},
    {"fill", L::FILL},
    {"fill_left", L::FILL_LEFT},
    {"fill_right", L::FILL_RIGHT},
};

// Inside brackets: the keywords of the duration arithmetic (the DURATIONS mode's rules).
constexpr Keyword kDurationKeywords[] = {
    {"step", L::STEP},
    {"range", L::RANGE},
    {"max_of", L::MAX_OF},
    {"min_of", L::MIN_OF},
};

constexpr size_t kLongestKeyword = 12;  // "count_values"

template <size_t N>
size_t lookup(const Keyword (&table)[N], std::string_view word) {
  if (word.size() > kLongestKeyword) return 0;
  char lower[kLongestKeyword];
  for (size_t i = 0; i < word.size(); ++i) {
    lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(word[i])));
  }
  std::string_view folded(lower, word.size());
  for (const Keyword& k : table) {
    if (k.spelling == folded) return k.type;
  }
  return 0;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text), n_(text.size()) {}

  std::vector<PromqlToken> run() {
    std::vector<PromqlToken> out;
    out.reserve(n_ / 3 + 2);
    size_t i = 0;
    while (i < n_) {
      if (is_space(s_[i])) {  // skipped in both modes
        ++i;
        continue;
      }
      size_t begin = i;
      size_t type = in_brackets_ ? duration_token(i) : default_token(i);
      if (type != kSkip) out.push_back(PromqlToken{type, to_u32(begin), to_u32(i)});
    }
    out.push_back(PromqlToken{antlr4::Token::EOF, to_u32(n_), to_u32(n_)});
    return out;
  }

 private:
  static constexpr size_t kSkip = 0;  // no token type is 0

  std::string_view s_;
  size_t n_;
  bool in_brackets_ = false;  // the grammar's DURATIONS mode

  static uint32_t to_u32(size_t v) { return static_cast<uint32_t>(v); }
  char at(size_t i) const { return i < n_ ? s_[i] : '\0'; }

  // One token (or skipped run) of the default mode starting at `i`; advances `i` past it.
  size_t default_token(size_t& i) {
    char c = s_[i];
    switch (c) {
      case '#':
        while (i < n_ && s_[i] != '\r' && s_[i] != '\n') ++i;
        return kSkip;
      case '"':
      case '\'': return quoted_string(i, c);
      case '`': return raw_string(i);
      case ':': i = metric_name_tail(i + 1); return L::METRIC_IDENTIFIER;
      case '@': return one(i, L::AT);
      case '{': return one(i, L::LEFT_BRACE);
      case '}': return one(i, L::RIGHT_BRACE);
      case ']': return one(i, L::RIGHT_BRACKET);
      case '[': in_brackets_ = true; return one(i, L::LEFT_BRACKET);
      case '=': return operator_at(i, '=', L::EQLC, '~', L::EQL_REGEX, L::EQL);
      case '!': return operator_at(i, '=', L::NEQ, '~', L::NEQ_REGEX, L::ERROR_CHAR);
      case '<': return operator_at(i, '=', L::LTE, '/', L::TRIM_UPPER, L::LSS);
      case '>': return operator_at(i, '=', L::GTE, '/', L::TRIM_LOWER, L::GTR);
      default: break;
    }
    if (size_t t = shared_punctuation(c)) return one(i, t);
    if (is_digit(c) || c == '.') return number(i);
    if (is_ident_start(c)) {
      std::string_view w = word(i);
      if (at(i) == ':') {
        i = metric_name_tail(i + 1);
        return L::METRIC_IDENTIFIER;
      }
      size_t k = promql_keyword_type(w);
      return k != 0 ? k : size_t{L::IDENTIFIER};
    }
    return error_char(i);
  }

  // One token of the DURATIONS mode (inside `[...]`), which has no comments.
  size_t duration_token(size_t& i) {
    char c = s_[i];
    switch (c) {
      case ']': in_brackets_ = false; return one(i, L::RIGHT_BRACKET);
      case ':': return one(i, L::COLON);
      default: break;
    }
    if (size_t t = shared_punctuation(c)) return one(i, t);
    if (is_digit(c) || c == '.') return number(i);
    if (is_ident_start(c)) {
      size_t k = lookup(kDurationKeywords, word(i));
      return k != 0 ? k : size_t{L::IDENTIFIER};
    }
    return error_char(i);
  }

  // The one-character tokens both modes share: arithmetic, commas and parentheses.
  static size_t shared_punctuation(char c) {
    switch (c) {
      case '+': return L::ADD;
      case '-': return L::SUB;
      case '*': return L::MUL;
      case '/': return L::DIV;
      case '%': return L::MOD;
      case '^': return L::POW;
      case ',': return L::COMMA;
      case '(': return L::LEFT_PAREN;
      case ')': return L::RIGHT_PAREN;
      default: return 0;
    }
  }
  // An operator of one character, or of two when the next one is `a` or `b`.
  size_t operator_at(size_t& i, char a, size_t with_a, char b, size_t with_b, size_t alone) const {
    if (at(i + 1) == a) return two(i, with_a);
    if (at(i + 1) == b) return two(i, with_b);
    return one(i, alone);
  }
  static size_t one(size_t& i, size_t type) {
    i += 1;
    return type;
  }
  static size_t two(size_t& i, size_t type) {
    i += 2;
    return type;
  }
  size_t error_char(size_t& i) const {
    i += sequence_length(s_[i]);
    return L::ERROR_CHAR;
  }
  // [a-zA-Z_][a-zA-Z0-9_]* at `i`, which starts one; advances `i` past it.
  std::string_view word(size_t& i) const {
    size_t begin = i;
    while (i < n_ && is_ident_char(s_[i])) ++i;
    return s_.substr(begin, i - begin);
  }
  // [a-zA-Z0-9_:]* from `i`.
  size_t metric_name_tail(size_t i) const {
    while (i < n_ && (is_ident_char(s_[i]) || s_[i] == ':')) ++i;
    return i;
  }

  // A string in double or single quotes. Without its closing quote on the line it is
  // UNTERMINATED_STRING up to the line's end, or to the end of input (with a final backslash).
  size_t quoted_string(size_t& i, char quote) const {
    size_t j = i + 1;
    while (j < n_) {
      char c = s_[j];
      if (c == quote) {
        i = j + 1;
        return L::STRING;
      }
      if (c == '\r' || c == '\n') break;
      if (c == '\\') {
        if (j + 1 >= n_) {
          j += 1;
          break;
        }
        j += 1 + sequence_length(s_[j + 1]);  // an escape takes any one character, even a newline
        continue;
      }
      j += sequence_length(c);
    }
    i = j;
    return L::UNTERMINATED_STRING;
  }

  size_t raw_string(size_t& i) const {
    size_t close = s_.find('`', i + 1);
    if (close == std::string_view::npos) {
      i = n_;
      return L::UNTERMINATED_STRING;
    }
    i = close + 1;
    return L::STRING;
  }

  // DIGITS: [0-9]+ ('_' [0-9]+)*; returns `i` when there is none.
  template <typename Pred>
  size_t digit_run(size_t i, Pred digit) const {
    if (i >= n_ || !digit(s_[i])) return i;
    while (i < n_ && digit(s_[i])) ++i;
    while (at(i) == '_' && i + 1 < n_ && digit(s_[i + 1])) {
      i += 2;
      while (i < n_ && digit(s_[i])) ++i;
    }
    return i;
  }
  size_t digits(size_t i) const { return digit_run(i, is_digit); }

  // EXPONENT: [eE] [+-]? [0-9]+, if complete at `i`.
  size_t exponent(size_t i) const {
    if (at(i) != 'e' && at(i) != 'E') return i;
    size_t j = i + 1;
    if (at(j) == '+' || at(j) == '-') ++j;
    if (!is_digit(at(j))) return i;
    while (j < n_ && is_digit(s_[j])) ++j;
    return j;
  }

  // The end of the longest DURATION at `i`: (DIGITS UNIT)+, or `i` when none.
  size_t duration_end(size_t i) const {
    size_t end = i;
    for (;;) {
      size_t d = digits(i);
      if (d == i) break;
      size_t u = d;
      switch (at(d)) {
        case 'm': u = at(d + 1) == 's' ? d + 2 : d + 1; break;
        case 's':
        case 'h':
        case 'd':
        case 'w':
        case 'y': u = d + 1; break;
        default: break;
      }
      if (u == d) break;
      i = end = u;
    }
    return end;
  }

  // The end of the longest NUMBER at `i`, or `i` when none.
  size_t number_end(size_t i) const {
    size_t end = i;
    if (size_t d = digits(i); d > i) {  // DIGITS ('.' DIGITS?)? EXPONENT?
      if (at(d) == '.') d = digits(d + 1);
      end = exponent(d);
    }
    if (at(i) == '.') {  // '.' DIGITS EXPONENT?
      if (size_t d = digits(i + 1); d > i + 1) end = std::max(end, exponent(d));
    }
    if (at(i) == '0' && (at(i + 1) == 'x' || at(i + 1) == 'X')) {  // '0' [xX] '_'? HEX_DIGITS
      size_t h = i + 2;
      if (at(h) == '_') ++h;
      if (size_t e = digit_run(h, is_hex_digit); e > h) end = std::max(end, e);
    }
    return end;
  }

  // DURATION, NUMBER or BAD_NUMBER: the longest of the three, the earlier rule on a tie, as an
  // ANTLR lexer chooses.
  size_t number(size_t& i) const {
    size_t bad = i + 1;  // [0-9.] [0-9a-zA-Z_.]*
    while (bad < n_ && (is_ident_char(s_[bad]) || s_[bad] == '.')) ++bad;
    size_t type = L::BAD_NUMBER;
    size_t end = bad;
    size_t dur = duration_end(i);
    size_t num = number_end(i);
    if (num >= end) {
      type = L::NUMBER;
      end = num;
    }
    if (dur >= end) {
      type = L::DURATION;
      end = dur;
    }
    i = end;
    return type;
  }
};

}  // namespace

size_t promql_keyword_type(std::string_view word) {
  return lookup(kKeywords, word);
}

std::vector<PromqlToken> lex_promql(std::string_view text) {
  return Lexer(text).run();
}

}  // namespace mzr::syntax
