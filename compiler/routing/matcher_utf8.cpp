// The UTF-8 matcher parser (Alertmanager matcher/parse semantics): a small lexer over runes and
// a parser in states (open brace, matcher, end of matcher, comma, close brace, end of input).
// Error texts and their 0-based rune columns follow upstream, since users compare them with
// Alertmanager's logs.

#include <fmt/format.h>

#include "compiler/base/go_unquote.h"
#include "compiler/base/utf8.h"
#include "compiler/routing/matcher_parse.h"

namespace mzr::routing {
namespace {

enum class Tok : uint8_t {
  Eof,
  OpenBrace,
  CloseBrace,
  Comma,
  Equals,
  NotEquals,
  Matches,
  NotMatches,
  Quoted,
  Unquoted
};

struct Token {
  Tok kind = Tok::Eof;
  std::string value;
  size_t col_start = 0;
  size_t col_end = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view input) : in_(input) {}

  // The next token, or an error (sticky: once failed, every call fails the same way).
  bool scan(Token& t, std::string& err) {
    if (have_peek_) {
      have_peek_ = false;
      t = peeked_;
      err = peek_err_;
      return peek_ok_;
    }
    return scan_raw(t, err);
  }
  bool peek(Token& t, std::string& err) {
    if (!have_peek_) {
      peek_ok_ = scan_raw(peeked_, peek_err_);
      have_peek_ = true;
    }
    t = peeked_;
    err = peek_err_;
    return peek_ok_;
  }
  size_t column() const { return col_; }

 private:
  static constexpr char32_t kEof = 0xFFFFFFFF;

  char32_t next() {
    if (pos_ >= in_.size()) {
      width_ = 0;
      return kEof;
    }
    DecodedRune d = decode_utf8(in_, pos_);
    width_ = d.length;
    pos_ += d.length;
    ++col_;
    return d.rune;
  }
  void rewind() {
    pos_ -= width_;
    if (width_ > 0) --col_;
    width_ = 0;
  }
  void skip() {
    start_ = pos_;
    col_start_ = col_;
  }
  bool accept(char c) {
    if (next() == static_cast<char32_t>(c)) return true;
    rewind();
    return false;
  }
  Token emit(Tok kind) {
    Token t{kind, std::string(in_.substr(start_, pos_ - start_)), col_start_, col_};
    start_ = pos_;
    col_start_ = col_;
    return t;
  }
  std::string current() const { return std::string(in_.substr(start_, pos_ - start_)); }

  bool fail(std::string message, std::string& err) {
    failed_ = true;
    error_ = std::move(message);
    err = error_;
    return false;
  }

  bool scan_raw(Token& t, std::string& err) {
    t = Token{};
    if (failed_) {
      err = error_;
      return false;
    }
    for (char32_t r = next(); r != kEof; r = next()) {
      if (r == '{') {
        t = emit(Tok::OpenBrace);
        return true;
      }
      if (r == '}') {
        t = emit(Tok::CloseBrace);
        return true;
      }
      if (r == ',') {
        t = emit(Tok::Comma);
        return true;
      }
      if (r == '=' || r == '!') {
        rewind();
        return scan_operator(t, err);
      }
      if (r == '"') {
        rewind();
        return scan_quoted(t, err);
      }
      if (!is_reserved(r)) {
        rewind();
        return scan_unquoted(t);
      }
      if (is_space(r)) {
        skip();
        continue;
      }
      return fail(fmt::format("{}:{}: {}: invalid input", col_start_, col_, current()), err);
    }
    t = Token{Tok::Eof, "", col_start_, col_};
    return true;
  }

  bool scan_operator(Token& t, std::string& err) {
    if (accept('!')) {
      if (accept('=')) {
        t = emit(Tok::NotEquals);
        return true;
      }
      if (accept('~')) {
        t = emit(Tok::NotMatches);
        return true;
      }
      return expected("=~", err);
    }
    if (accept('=')) {
      t = emit(accept('~') ? Tok::Matches : Tok::Equals);
      return true;
    }
    return expected("!=", err);
  }

  bool expected(std::string_view valid, std::string& err) {
    std::string kind = current();
    if (kind.empty()) kind = "end of input";
    return fail(fmt::format("{}:{}: {}: expected one of '{}'", col_start_, col_, kind, valid), err);
  }

  bool scan_quoted(Token& t, std::string& err) {
    next();  // the opening quote
    bool escaped = false;
    for (char32_t r = next(); r != kEof; r = next()) {
      if (escaped) {
        escaped = false;
      } else if (r == '\\') {
        escaped = true;
      } else if (r == '"') {
        rewind();
        break;
      }
    }
    if (!accept('"')) {
      return fail(fmt::format("{}:{}: {}: missing end \"", col_start_, col_, current()), err);
    }
    t = emit(Tok::Quoted);
    return true;
  }

  bool scan_unquoted(Token& t) {
    for (char32_t r = next(); r != kEof; r = next()) {
      if (is_reserved(r)) {
        rewind();
        break;
      }
    }
    t = emit(Tok::Unquoted);
    return true;
  }

  std::string_view in_;
  size_t pos_ = 0;
  size_t start_ = 0;
  size_t width_ = 0;
  size_t col_ = 0;
  size_t col_start_ = 0;
  bool failed_ = false;
  std::string error_;
  bool have_peek_ = false;
  bool peek_ok_ = true;
  Token peeked_;
  std::string peek_err_;
};

// Go's strconv.Unquote for a double-quoted string; the result must also be valid UTF-8.
std::optional<std::string> unquote_value(std::string_view q) {
  if (q.empty() || q.front() != '"') return std::nullopt;
  auto out = go_unquote(q);
  if (!out || find_invalid_utf8(*out)) return std::nullopt;
  return out;
}

constexpr std::string_view kEndOfInput = "end of input";

class Parser {
 public:
  explicit Parser(std::string_view input) : lex_(input) {}

  MatchersResult parse() {
    State state = State::OpenBrace;
    while (state != State::Done) {
      std::optional<State> next = step(state);
      if (!next) return {std::nullopt, std::move(error_)};
      state = *next;
    }
    return {std::move(matchers_), {}};
  }

 private:
  enum class State : uint8_t { OpenBrace, Matcher, EndOfMatcher, Comma, CloseBrace, Eof, Done };

  std::optional<State> fail(std::string message) {
    error_ = std::move(message);
    return std::nullopt;
  }

  static bool one_of(const Token& t, std::initializer_list<Tok> kinds) {
    for (Tok k : kinds) {
      if (t.kind == k) return true;
    }
    return false;
  }

  // Outcome of expect/peek: ok, end of input, or an error text.
  enum class Got : uint8_t { Ok, Eof, Error };

  Got expect(std::initializer_list<Tok> kinds, Token& t, std::string& err) {
    if (!lex_.scan(t, err)) return Got::Error;
    if (t.kind == Tok::Eof) return Got::Eof;
    if (!one_of(t, kinds)) {
      err = fmt::format("{}:{}: unexpected {}", t.col_start, t.col_end, t.value);
      return Got::Error;
    }
    return Got::Ok;
  }

  Got expect_peek(std::initializer_list<Tok> kinds, Token& t, std::string& err) {
    if (!lex_.peek(t, err)) return Got::Error;
    if (t.kind == Tok::Eof) return Got::Eof;
    if (!one_of(t, kinds)) {
      err = fmt::format("{}:{}: unexpected {}", t.col_start, t.col_end, t.value);
      return Got::Error;
    }
    return Got::Ok;
  }

  std::optional<State> step(State state) {
    Token t;
    std::string err;
    switch (state) {
      case State::OpenBrace: {
        if (!lex_.peek(t, err)) return fail(err);
        if (t.kind == Tok::Eof) return State::Eof;
        if (t.kind == Tok::OpenBrace) {
          has_open_brace_ = true;
          lex_.scan(t, err);
        }
        if (!lex_.peek(t, err)) return fail(err);
        if (t.kind == Tok::Eof) return State::CloseBrace;
        if (t.kind == Tok::CloseBrace) return State::CloseBrace;
        return State::Matcher;
      }
      case State::CloseBrace: {
        Got g = expect({Tok::CloseBrace}, t, err);
        if (has_open_brace_) {
          if (g != Got::Ok) {
            std::string what = g == Got::Eof ? std::string(kEndOfInput) : err;
            return fail(fmt::format("0:{}: {}: expected close brace", lex_.column(), what));
          }
        } else if (g == Got::Ok) {
          return fail(fmt::format("0:{}: }}: expected opening brace", lex_.column()));
        }
        return State::Eof;
      }
      case State::Matcher: return parse_matcher();
      case State::EndOfMatcher: {
        Got g = expect_peek({Tok::Comma, Tok::CloseBrace}, t, err);
        if (g == Got::Eof) return State::CloseBrace;
        if (g == Got::Error) return fail(err + ": expected a comma or close brace");
        return t.kind == Tok::Comma ? State::Comma : State::CloseBrace;
      }
      case State::Comma: {
        Got g = expect({Tok::Comma}, t, err);
        if (g != Got::Ok) {
          return fail((g == Got::Eof ? std::string(kEndOfInput) : err) + ": expected a comma");
        }
        g = expect_peek({Tok::CloseBrace, Tok::Unquoted, Tok::Quoted}, t, err);
        if (g == Got::Eof) return State::CloseBrace;
        if (g == Got::Error) return fail(err + ": expected a matcher or close brace after comma");
        return t.kind == Tok::CloseBrace ? State::CloseBrace : State::Matcher;
      }
      case State::Eof: {
        if (!lex_.scan(t, err)) return fail(err + ": expected end of input");
        if (t.kind != Tok::Eof) {
          return fail(
              fmt::format("{}:{}: {}: expected end of input", t.col_start, t.col_end, t.value));
        }
        return State::Done;
      }
      case State::Done: return State::Done;
    }
    return State::Done;
  }

  std::optional<std::string> unquote(const Token& t) {
    if (t.kind == Tok::Unquoted) return t.value;
    return unquote_value(t.value);
  }

  std::optional<State> parse_matcher() {
    Token t;
    std::string err;
    auto fail_with = [&](Got g, std::string_view what) {
      return fail(fmt::format("{}: {}", g == Got::Eof ? std::string(kEndOfInput) : err, what));
    };
    Got g = expect({Tok::Quoted, Tok::Unquoted}, t, err);
    if (g != Got::Ok) return fail_with(g, "expected label name");
    auto name = unquote(t);
    if (!name)
      return fail(fmt::format("{}:{}: {}: invalid input", t.col_start, t.col_end, t.value));
    g = expect({Tok::Equals, Tok::NotEquals, Tok::Matches, Tok::NotMatches}, t, err);
    if (g != Got::Ok) {
      return fail_with(g, "expected an operator such as '=', '!=', '=~' or '!~'");
    }
    MatchOp op = t.kind == Tok::Equals      ? MatchOp::Equal
                 : t.kind == Tok::NotEquals ? MatchOp::NotEqual
                 : t.kind == Tok::Matches   ? MatchOp::Regex
                                            : MatchOp::NotRegex;
    g = expect({Tok::Unquoted, Tok::Quoted}, t, err);
    if (g != Got::Ok) return fail_with(g, "expected label value");
    auto value = unquote(t);
    if (!value)
      return fail(fmt::format("{}:{}: {}: invalid input", t.col_start, t.col_end, t.value));
    std::string re_error;
    auto m = make_matcher(std::move(*name), op, std::move(*value), &re_error);
    if (!m) return fail("failed to create matcher: " + re_error);
    matchers_.push_back(std::move(*m));
    return State::EndOfMatcher;
  }

  Lexer lex_;
  bool has_open_brace_ = false;
  Matchers matchers_;
  std::string error_;
};

}  // namespace

bool is_space(char32_t r) {
  return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == 0x85 ||
         r == 0xA0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 ||
         r == 0x202F || r == 0x205F || r == 0x3000;
}

bool is_reserved(char32_t r) {
  switch (r) {
    case '{':
    case '}':
    case '!':
    case '=':
    case '~':
    case ',':
    case '\\':
    case '"':
    case '\'':
    case '`': return true;
    default: return is_space(r);
  }
}

MatchersResult parse_utf8_matchers(std::string_view input) {
  return Parser(input).parse();
}

MatchersResult parse_utf8_matcher(std::string_view input) {
  MatchersResult r = parse_utf8_matchers(input);
  if (!r.ok()) return r;
  if (r.matchers->empty()) return {std::nullopt, "no matchers"};
  if (r.matchers->size() > 1) {
    return {std::nullopt, fmt::format("expected 1 matcher, found {}", r.matchers->size())};
  }
  return r;
}

}  // namespace mzr::routing
