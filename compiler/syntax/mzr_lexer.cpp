#include "compiler/syntax/mzr_lexer.h"

#include <antlr4-runtime.h>

namespace mzr::syntax {
namespace {

using L = antlr_Mzr::MzrLexer;

bool is_name_token(size_t type) {
  return type == L::NAME || type == L::STRING || (type >= L::METRICS && type <= L::RULE_SELECTOR) ||
         (type >= L::RECEIVER && type <= L::TEMPLATES) || type == L::LOKI || type == L::TENANT ||
         type == L::STREAMS || (type >= L::DASHBOARD && type <= L::GRAFANA);
}

}  // namespace

MzrRawLexer::MzrRawLexer(antlr4::CharStream* input, std::u32string_view text)
    : MzrLexer(input), text_(text) {}

std::unique_ptr<antlr4::Token> MzrRawLexer::nextToken() {
  if (raw_pending_) {
    raw_pending_ = false;
    return scan_raw();
  }
  std::unique_ptr<antlr4::Token> t = lex();
  while (t->getType() == L::ERROR_CHAR) {
    bad_.push_back({L::ERROR_CHAR, t->getStartIndex(), t->getStopIndex(), t->getText()});
    t = lex();
  }
  if (t->getType() == L::UNTERMINATED_STRING) {
    bad_.push_back({L::UNTERMINATED_STRING, t->getStartIndex(), t->getStopIndex(), t->getText()});
    auto* common = dynamic_cast<antlr4::CommonToken*>(t.get());
    if (common != nullptr) {
      common->setType(L::STRING);
      common->setText(t->getText() + "\"");
    }
  }
  size_t kind = t->getType();
  // What is nested deeper than kMaxNesting is skipped whole, up to its closing brace.
  while (kind != antlr4::Token::EOF) {
    bool open = kind == L::LBRACE || kind == L::LBRACK;
    bool close = kind == L::RBRACE || kind == L::RBRACK;
    if (open && depth_ >= kMaxNesting) {
      if (excess_++ == 0)
        bad_.push_back({kind, t->getStartIndex(), t->getStopIndex(), t->getText()});
    } else if (close && excess_ > 0) {
      --excess_;
    } else if (excess_ == 0) {
      if (open) ++depth_;
      if (close && depth_ > 0) --depth_;
      break;
    }
    t = lex();
    kind = t->getType();
  }
  // Inside the braces of `test rules ... { }`, `series` opens a series description.
  if (kind == L::TEST) {
    rule_test_state_ = 1;
  } else if (rule_test_state_ == 1) {
    rule_test_state_ = kind == L::RULES ? 2 : 0;
  } else if (rule_test_state_ == 2 && kind == L::LBRACE) {
    rule_test_state_ = 3;
    rule_test_depth_ = depth_;
  } else if (rule_test_state_ == 3 && kind == L::RBRACE && depth_ < rule_test_depth_) {
    rule_test_state_ = 0;
  } else if (rule_test_state_ == 3 && kind == L::SERIES && depth_ == rule_test_depth_) {
    raw_pending_ = true;
    trigger_start_ = t->getStartIndex();
  }
  if (kind == L::EXPR || kind == L::QUERY) {
    // `expr = "..."` is a label or annotation named expr, not an expression field.
    size_t i = t->getStopIndex() + 1;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    if (i >= text_.size() || text_[i] != U'=') {
      raw_pending_ = true;
      trigger_start_ = t->getStartIndex();
    }
    record_state_ = 0;
  } else if (kind == L::RECORD || kind == L::VARIABLE) {
    record_state_ = 1;
    trigger_start_ = t->getStartIndex();
  } else if (record_state_ == 1 && is_name_token(kind)) {
    record_state_ = 2;
  } else if (record_state_ == 2 && kind == L::ASSIGN) {
    raw_pending_ = true;
    record_state_ = 0;
  } else {
    record_state_ = 0;
  }
  return t;
}

std::unique_ptr<antlr4::Token> MzrRawLexer::lex() {
  skip_trivia();
  return MzrLexer::nextToken();
}

// What the grammar's COMMENT and WS rules match, read without making tokens. The generated
// lexer then starts at the next token with the line and column it would have counted itself.
void MzrRawLexer::skip_trivia() {
  auto* sim = getInterpreter<antlr4::atn::LexerATNSimulator>();
  size_t i = _input->index();
  size_t line = sim->getLine();
  size_t column = sim->getCharPositionInLine();
  const size_t start = i;
  // Whether only blanks precede `i` on its line.
  size_t back = i;
  while (back > 0 && (text_[back - 1] == U' ' || text_[back - 1] == U'\t')) --back;
  bool line_start = back == 0 || text_[back - 1] == U'\n';
  while (i < text_.size()) {
    char32_t c = text_[i];
    if (c == U'\n') {
      ++line;
      column = 0;
      line_start = true;
      ++i;
    } else if (c == U' ' || c == U'\t' || c == U'\r') {
      ++column;
      ++i;
    } else if (c == U'#') {
      size_t end = i;
      while (end < text_.size() && text_[end] != U'\r' && text_[end] != U'\n') ++end;
      auto l = static_cast<uint32_t>(line);
      if (line_start && !comments_.empty() && comments_.back().own_line &&
          comments_.back().end_line + 1 == l) {
        comments_.back().stop = static_cast<uint32_t>(end);
        comments_.back().end_line = l;
      } else {
        comments_.push_back(
            {static_cast<uint32_t>(i), static_cast<uint32_t>(end), l, l, line_start});
      }
      line_start = false;
      column += end - i;
      i = end;
    } else {
      break;
    }
  }
  if (i == start) return;
  _input->seek(i);
  sim->setLine(line);
  sim->setCharPositionInLine(column);
}

// The first '}' in [start, end) that closes a brace the expression did not open (outside quotes
// and comments): the end of the enclosing block, as in `alert X { expr up == 0 }`.
size_t MzrRawLexer::unbalanced_brace(size_t start, size_t end) const {
  int depth = 0;
  char32_t quote = 0;
  for (size_t i = start; i < end; ++i) {
    char32_t c = text_[i];
    if (quote != 0) {
      if (c == U'\\' && quote != U'`') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == U'"' || c == U'\'' || c == U'`') {
      quote = c;
    } else if (c == U'#') {
      while (i < end && text_[i] != U'\n') ++i;
    } else if (c == U'{') {
      ++depth;
    } else if (c == U'}') {
      if (depth == 0) {
        while (i > start && (text_[i - 1] == U' ' || text_[i - 1] == U'\t')) --i;
        return i;
      }
      --depth;
    }
  }
  return end;
}

std::unique_ptr<antlr4::Token> MzrRawLexer::scan_raw() {
  auto line_start = [&](size_t i) {
    while (i > 0 && text_[i - 1] != U'\n') --i;
    return i;
  };
  auto indent_at = [&](size_t start) {
    size_t i = start;
    while (i < text_.size() && (text_[i] == U' ' || text_[i] == U'\t')) ++i;
    return i - start;
  };
  size_t base_indent = indent_at(line_start(trigger_start_));
  size_t pos = _input->index();
  // The expression starts at the first non-blank character, here or on a later, deeper line.
  size_t start = pos;
  while (start < text_.size() && (text_[start] == U' ' || text_[start] == U'\t' ||
                                  text_[start] == U'\r' || text_[start] == U'\n')) {
    ++start;
  }
  if (start < text_.size() && line_start(start) != line_start(pos) &&
      indent_at(line_start(start)) <= base_indent) {
    start = pos;  // nothing deeper follows: an empty expression
  }
  // It ends before the first non-blank line indented no deeper than the line that opened it.
  size_t end = start;
  size_t i = start;
  while (i < text_.size()) {
    size_t eol = i;
    while (eol < text_.size() && text_[eol] != U'\n') ++eol;
    bool blank = true;
    for (size_t k = i; k < eol; ++k) {
      if (text_[k] != U' ' && text_[k] != U'\t' && text_[k] != U'\r') blank = false;
    }
    if (i != start && !blank && indent_at(i) <= base_indent) break;
    if (!blank) {
      end = eol;
      while (end > i &&
             (text_[end - 1] == U' ' || text_[end - 1] == U'\t' || text_[end - 1] == U'\r'))
        --end;
    }
    i = eol + 1;
  }
  if (end < start) end = start;
  end = std::min(end, unbalanced_brace(start, end));

  auto raw = std::make_unique<antlr4::CommonToken>(
      std::pair<antlr4::TokenSource*, antlr4::CharStream*>(this, _input), RAW_EXPR,
      antlr4::Token::DEFAULT_CHANNEL, start, end == start ? start - 1 : end - 1);
  // Line and column of the start, for ANTLR's own messages.
  size_t line = getInterpreter<antlr4::atn::LexerATNSimulator>()->getLine();
  for (size_t k = pos; k < start; ++k) {
    if (text_[k] == U'\n') ++line;
  }
  raw->setLine(line);
  raw->setCharPositionInLine(start - line_start(start));
  raw->setText(antlrcpp::utf32_to_utf8(std::u32string(text_.substr(start, end - start))));

  // Continue lexing after the expression.
  _input->seek(end);
  size_t end_line = line;
  for (size_t k = start; k < end; ++k) {
    if (text_[k] == U'\n') ++end_line;
  }
  getInterpreter<antlr4::atn::LexerATNSimulator>()->setLine(end_line);
  getInterpreter<antlr4::atn::LexerATNSimulator>()->setCharPositionInLine(end - line_start(end));
  return raw;
}

}  // namespace mzr::syntax
