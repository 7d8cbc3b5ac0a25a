#include "compiler/template/lex.h"

#include <fmt/format.h>

#include "compiler/base/utf8.h"

namespace mzr::tmpl {
namespace {

constexpr std::string_view kLeftDelim = "{{";
constexpr std::string_view kRightDelim = "}}";
constexpr char32_t kEof = 0xFFFFFFFF;

bool is_space(char32_t r) {
  return r == ' ' || r == '\t' || r == '\r' || r == '\n';
}

// "{{- " : a minus and a space after the left delimiter.
bool has_left_trim_marker(std::string_view s) {
  return s.size() >= 2 && s[0] == '-' && is_space(static_cast<unsigned char>(s[1]));
}
// " -}}" : a space and a minus before the right delimiter.
bool has_right_trim_marker(std::string_view s) {
  return s.size() >= 2 && is_space(static_cast<unsigned char>(s[0])) && s[1] == '-';
}

// Go's %#U: U+0041 'A' for printable characters, U+00A0 for the others.
std::string describe_rune(char32_t r) {
  std::string out = fmt::format("U+{:04X}", static_cast<uint32_t>(r));
  bool printable = (r >= 0x21 && r < 0x7f) || r == ' ' || (r >= 0xa1 && r != 0xad && r < 0x2000);
  if (printable) {
    out += " '";
    append_utf8(out, r);
    out += "'";
  }
  return out;
}

class Lexer {
 public:
  Lexer(std::string_view text, bool keep_comments) : in_(text), keep_comments_(keep_comments) {}

  std::vector<Token> run() {
    while (true) {
      bool more = inside_ ? lex_inside_action() : lex_text();
      if (!more) break;
    }
    return std::move(items_);
  }

 private:
  char32_t next() {
    if (pos_ >= in_.size()) {
      width_ = 0;
      return kEof;
    }
    DecodedRune d = decode_utf8(in_, pos_);
    width_ = static_cast<uint32_t>(d.length);
    pos_ += width_;
    return d.rune;
  }
  void backup() { pos_ -= width_; }
  char32_t peek() {
    char32_t r = next();
    backup();
    return r;
  }
  void emit(Item t) {
    items_.push_back({t, start_, in_.substr(start_, pos_ - start_), {}});
    start_ = pos_;
  }
  void ignore() { start_ = pos_; }
  bool error(std::string message) {
    items_.push_back({Item::Error, start_, in_.substr(start_, pos_ - start_), std::move(message)});
    return false;
  }
  bool accept(std::string_view valid) {
    char32_t r = next();
    if (r != kEof && r < 0x80 && valid.find(static_cast<char>(r)) != std::string_view::npos) {
      return true;
    }
    backup();
    return false;
  }
  void accept_run(std::string_view valid) {
    while (accept(valid)) {
    }
  }

  // Returns whether the right delimiter is here, and whether it carries a trim marker.
  std::pair<bool, bool> at_right_delim() const {
    std::string_view rest = in_.substr(pos_);
    if (rest.starts_with(kRightDelim)) return {true, false};
    if (has_right_trim_marker(rest) && rest.substr(2).starts_with(kRightDelim)) {
      return {true, true};
    }
    return {false, false};
  }

  bool lex_text() {
    size_t x = in_.find(kLeftDelim, pos_);
    if (x == std::string_view::npos) {
      pos_ = static_cast<uint32_t>(in_.size());
      if (pos_ > start_) emit(Item::Text);
      emit(Item::Eof);
      return false;
    }
    if (x > pos_) {
      pos_ = static_cast<uint32_t>(x);
      uint32_t trim = 0;
      if (has_left_trim_marker(in_.substr(pos_ + kLeftDelim.size()))) {
        while (trim < pos_ - start_ && is_space(static_cast<unsigned char>(in_[pos_ - trim - 1]))) {
          ++trim;
        }
      }
      uint32_t text_end = pos_ - trim;
      if (text_end > start_) {
        items_.push_back({Item::Text, start_, in_.substr(start_, text_end - start_), {}});
      }
      start_ = pos_;
    }
    return lex_left_delim();
  }

  bool lex_left_delim() {
    pos_ += static_cast<uint32_t>(kLeftDelim.size());
    bool trim = has_left_trim_marker(in_.substr(pos_));
    uint32_t after_marker = trim ? 2 : 0;
    if (in_.substr(pos_ + after_marker).starts_with("/*")) {
      pos_ += after_marker;
      ignore();
      return lex_comment();
    }
    emit(Item::LeftDelim);
    pos_ += after_marker;
    ignore();
    paren_depth_ = 0;
    inside_ = true;
    return true;
  }

  bool lex_comment() {
    pos_ += 2;
    size_t x = in_.find("*/", pos_);
    if (x == std::string_view::npos) return error("unclosed comment");
    pos_ = static_cast<uint32_t>(x + 2);
    auto [delim, trim] = at_right_delim();
    if (!delim) return error("comment ends before closing delimiter");
    if (keep_comments_) emit(Item::Comment);
    if (trim) pos_ += 2;
    pos_ += static_cast<uint32_t>(kRightDelim.size());
    if (trim) skip_leading_space();
    ignore();
    return true;
  }

  void skip_leading_space() {
    while (pos_ < in_.size() && is_space(static_cast<unsigned char>(in_[pos_]))) ++pos_;
  }

  bool lex_right_delim() {
    auto [delim, trim] = at_right_delim();
    (void)delim;
    if (trim) {
      pos_ += 2;
      ignore();
    }
    pos_ += static_cast<uint32_t>(kRightDelim.size());
    emit(Item::RightDelim);
    if (trim) {
      skip_leading_space();
      ignore();
    }
    inside_ = false;
    return true;
  }

  bool lex_inside_action() {
    auto [delim, trim] = at_right_delim();
    (void)trim;
    if (delim) {
      if (paren_depth_ == 0) return lex_right_delim();
      return error("unclosed left paren");
    }
    char32_t r = next();
    if (r == kEof) return error("unclosed action");
    if (is_space(r)) {
      backup();
      return lex_space();
    }
    switch (r) {
      case '=': emit(Item::Assign); return true;
      case ':':
        if (next() != '=') return error("expected :=");
        emit(Item::Declare);
        return true;
      case '|': emit(Item::Pipe); return true;
      case '"': return lex_quote();
      case '`': return lex_raw_quote();
      case '$': return lex_variable();
      case '\'': return lex_char();
      case '(':
        emit(Item::LeftParen);
        ++paren_depth_;
        return true;
      case ')':
        // An unmatched paren is the lexer's error, in place of the item.
        if (--paren_depth_ < 0) return error("unexpected right paren");
        emit(Item::RightParen);
        return true;
      default: break;
    }
    if (r == '.') {
      if (pos_ < in_.size()) {
        char c = in_[pos_];
        if (c < '0' || c > '9') return lex_field_or_variable(Item::Field);
      }
      backup();
      return lex_number();
    }
    if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
      backup();
      return lex_number();
    }
    if (is_alphanumeric(r)) {
      backup();
      return lex_identifier();
    }
    if (r < 0x80 && r >= 0x20 && r != 0x7f) {
      emit(Item::Char);
      return true;
    }
    return error("unrecognized character in action: " + describe_rune(r));
  }

  bool lex_space() {
    uint32_t spaces = 0;
    while (is_space(peek())) {
      next();
      ++spaces;
    }
    // A space before a trim-marked right delimiter belongs to the delimiter.
    if (has_right_trim_marker(in_.substr(pos_ - 1)) &&
        in_.substr(pos_ - 1 + 2).starts_with(kRightDelim)) {
      pos_ -= 1;
      if (spaces == 1) return true;  // the space is all part of " -}}"
    }
    emit(Item::Space);
    return true;
  }

  bool at_terminator() {
    char32_t r = peek();
    if (is_space(r)) return true;
    switch (r) {
      case kEof:
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(': return true;
      default: break;
    }
    return in_.substr(pos_).starts_with(kRightDelim);
  }

  bool lex_identifier() {
    while (true) {
      char32_t r = next();
      if (is_alphanumeric(r)) continue;
      backup();
      std::string_view word = in_.substr(start_, pos_ - start_);
      if (!at_terminator()) return error("bad character " + describe_rune(r));
      static const std::pair<std::string_view, Item> kKeywords[] = {{".", Item::Dot},
                                                                    {"block", Item::Block},
                                                                    {"break", Item::Break},
                                                                    {"continue", Item::Continue},
                                                                    {"define", Item::Define},
                                                                    {"else", Item::Else},
                                                                    {"end", Item::End},
                                                                    {"if", Item::If},
                                                                    {"range", Item::Range},
                                                                    {"nil", Item::Nil},
                                                                    {"template", Item::Template},
                                                                    {"with", Item::With}};
      for (const auto& [k, item] : kKeywords) {
        if (word == k) {
          emit(item);
          return true;
        }
      }
      if (word == "true" || word == "false") {
        emit(Item::Bool);
      } else {
        emit(Item::Identifier);
      }
      return true;
    }
  }

  bool lex_variable() {
    if (at_terminator()) {
      emit(Item::Variable);
      return true;
    }
    return lex_field_or_variable(Item::Variable);
  }

  bool lex_field_or_variable(Item type) {
    if (at_terminator()) {
      emit(type == Item::Variable ? Item::Variable : Item::Dot);
      return true;
    }
    char32_t r;
    while (true) {
      r = next();
      if (!is_alphanumeric(r)) {
        backup();
        break;
      }
    }
    if (!at_terminator()) return error("bad character " + describe_rune(r));
    emit(type);
    return true;
  }

  bool lex_char() {
    while (true) {
      char32_t r = next();
      if (r == '\\') {
        char32_t e = next();
        if (e != kEof && e != '\n') continue;
        return error("unterminated character constant");
      }
      if (r == kEof || r == '\n') return error("unterminated character constant");
      if (r == '\'') break;
    }
    emit(Item::CharConstant);
    return true;
  }

  bool lex_quote() {
    while (true) {
      char32_t r = next();
      if (r == '\\') {
        char32_t e = next();
        if (e != kEof && e != '\n') continue;
        return error("unterminated quoted string");
      }
      if (r == kEof || r == '\n') return error("unterminated quoted string");
      if (r == '"') break;
    }
    emit(Item::String);
    return true;
  }

  bool lex_raw_quote() {
    size_t x = in_.find('`', pos_);
    if (x == std::string_view::npos) return error("unterminated raw quoted string");
    pos_ = static_cast<uint32_t>(x + 1);
    emit(Item::RawString);
    return true;
  }

  bool scan_number() {
    accept("+-");
    std::string_view digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    accept_run(digits);
    if (accept(".")) accept_run(digits);
    if (digits.size() == 11 && accept("eE")) {
      accept("+-");
      accept_run("0123456789_");
    }
    if (digits.size() == 23 && accept("pP")) {
      accept("+-");
      accept_run("0123456789_");
    }
    accept("i");
    if (is_alphanumeric(peek())) {
      next();
      return false;
    }
    return true;
  }

  bool lex_number() {
    if (!scan_number()) {
      return error(fmt::format("bad number syntax: \"{}\"", in_.substr(start_, pos_ - start_)));
    }
    char32_t sign = peek();
    if (sign == '+' || sign == '-') {
      if (!scan_number() || in_[pos_ - 1] != 'i') {
        return error(fmt::format("bad number syntax: \"{}\"", in_.substr(start_, pos_ - start_)));
      }
      emit(Item::Complex);
    } else {
      emit(Item::Number);
    }
    return true;
  }

  std::string_view in_;
  bool keep_comments_;
  uint32_t pos_ = 0;
  uint32_t start_ = 0;
  uint32_t width_ = 0;
  int paren_depth_ = 0;
  bool inside_ = false;
  std::vector<Token> items_;
};

}  // namespace

bool is_alphanumeric(char32_t r) {
  if (r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
    return true;
  }
  if (r < 0xc0 || r == kEof) return r == 0xaa || r == 0xb5 || r == 0xba;
  // Outside ASCII: letters, except the symbols and spaces of Latin-1 and general punctuation.
  if (r == 0xd7 || r == 0xf7) return false;
  if (r >= 0x2000 && r <= 0x2bff) return false;
  if (r >= 0x3000 && r <= 0x303f) return false;
  if (r == 0xfeff || r == 0xfffd) return false;
  return true;
}

std::vector<Token> lex(std::string_view text, bool keep_comments) {
  return Lexer(text, keep_comments).run();
}

}  // namespace mzr::tmpl
