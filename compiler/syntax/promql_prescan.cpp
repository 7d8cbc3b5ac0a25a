#include "compiler/syntax/promql_prescan.h"

#include <fmt/format.h>

#include "PromQLLexer.h"
#include "compiler/base/duration.h"
#include "compiler/base/utf8.h"
#include "compiler/syntax/promql_literals.h"
#include "compiler/syntax/promql_parser.h"

namespace mzr::syntax {
namespace {

using L = antlr_PromQL::PromQLLexer;

bool is_infix_operator(size_t t) {
  switch (t) {
    case L::ADD:
    case L::SUB:
    case L::MUL:
    case L::DIV:
    case L::MOD:
    case L::POW:
    case L::ATAN2:
    case L::EQLC:
    case L::NEQ:
    case L::LTE:
    case L::GTE:
    case L::LSS:
    case L::GTR:
    case L::TRIM_UPPER:
    case L::TRIM_LOWER:
    case L::AND:
    case L::OR:
    case L::UNLESS: return true;
    default: return false;
  }
}

// Whether a sign after this token is a prefix (unary) sign rather than an infix operator.
bool starts_operand(size_t prev) {
  return prev == 0 || is_infix_operator(prev) || prev == L::LEFT_PAREN || prev == L::LEFT_BRACKET ||
         prev == L::COMMA || prev == L::COLON || prev == L::OFFSET || prev == L::AT ||
         prev == L::BOOL;
}

struct Group {
  size_t open_type;
  uint32_t begin;
  size_t nesting_before;  // nesting (recursion) at the point the group opened
  size_t depth_before;    // tree depth bound at the point the group opened
};

class Prescan {
 public:
  Prescan(const PromqlPositions& p, Diagnostics& d) : pos_(p), diags_(d) {}

  bool run(const std::vector<PromqlToken>& tokens) {
    size_t prev = 0;
    for (const PromqlToken& t : tokens) {
      if (t.type == antlr4::Token::EOF) break;
      if (!token(t, prev)) return false;
      prev = t.type;
    }
    if (!stack_.empty()) {
      const Group& g = stack_.back();
      uint32_t end = pos_.size();
      switch (g.open_type) {
        case L::LEFT_PAREN:
          return fail(DiagKind::PromqlSyntax, g.begin, g.begin + 1, "unclosed left parenthesis");
        case L::LEFT_BRACKET:
          return fail(DiagKind::PromqlSyntax, g.begin, g.begin + 1, "unclosed left bracket");
        default:
          return fail(DiagKind::PromqlSyntax, end, end, "unexpected end of input inside braces");
      }
    }
    return true;
  }

 private:
  const PromqlPositions& pos_;
  Diagnostics& diags_;
  std::vector<Group> stack_;
  size_t chain_ = 0;  // signs and `^` in a row at the current level: ANTLR recurses on each
  size_t ops_ = 0;    // operators at the current level: each adds one level to the AST

  bool fail(DiagKind kind, uint32_t begin, uint32_t end, std::string message) {
    diags_.report(kind, pos_.span(begin, end), std::move(message));
    return false;
  }

  std::string_view text(const PromqlToken& t) const {
    return pos_.text().substr(t.begin, t.end - t.begin);
  }

  bool in_braces() const { return !stack_.empty() && stack_.back().open_type == L::LEFT_BRACE; }
  bool in_brackets() const { return !stack_.empty() && stack_.back().open_type == L::LEFT_BRACKET; }

  size_t nesting() const {
    return (stack_.empty() ? 0 : stack_.back().nesting_before + 1) + chain_;
  }
  size_t depth() const { return (stack_.empty() ? 0 : stack_.back().depth_before + 1) + ops_; }

  bool check_limits(const PromqlToken& t) {
    if (nesting() > kMaxPromqlNesting || depth() > kMaxPromqlTreeDepth) {
      return fail(
          DiagKind::PromqlTooComplex, t.begin, t.end,
          fmt::format("expression nests too deeply (more than {} levels of parentheses "
                      "and operators)",
                      nesting() > kMaxPromqlNesting ? kMaxPromqlNesting : kMaxPromqlTreeDepth));
    }
    return true;
  }

  bool token(const PromqlToken& t, size_t prev) {
    switch (t.type) {
      case L::ERROR_CHAR: {
        DecodedRune r = decode_utf8(pos_.text(), t.begin);
        std::string ch;
        append_utf8(ch, r.rune);
        if (in_brackets()) {
          return fail(DiagKind::PromqlSyntax, t.begin, t.end,
                      ch == "["
                          ? std::string("unexpected left bracket '['")
                          : fmt::format("unexpected character in duration expression: '{}'", ch));
        }
        return fail(
            DiagKind::PromqlSyntax, t.begin, t.end,
            fmt::format("unexpected character{}: '{}'", in_braces() ? " inside braces" : "", ch));
      }
      case L::BAD_NUMBER: {
        std::string_view s = text(t);
        DurationError err;
        bool duration_like = s[0] != '.' && s.find_first_of("mshdwy") != std::string_view::npos &&
                             s.find('.') == std::string_view::npos;
        if (duration_like && !parse_duration(s, &err)) {
          return fail(DiagKind::PromqlBadLiteral, t.begin, t.end, err.message);
        }
        return fail(DiagKind::PromqlBadLiteral, t.begin, t.end,
                    fmt::format("bad number or duration syntax: \"{}\"", s));
      }
      case L::UNTERMINATED_STRING:
        return fail(DiagKind::PromqlBadLiteral, t.begin, t.end,
                    text(t)[0] == '`' ? "unterminated raw string" : "unterminated quoted string");
      case L::STRING: {
        UnquoteError err;
        if (!unquote_promql_string(text(t), &err)) {
          return fail(DiagKind::PromqlBadLiteral, t.begin + err.offset, t.begin + err.offset + 1,
                      err.message);
        }
        break;
      }
      case L::LEFT_PAREN:
      case L::LEFT_BRACKET:
      case L::LEFT_BRACE:
        if (t.type == L::LEFT_BRACKET) ++ops_;  // a range or subquery wraps what precedes it
        stack_.push_back(Group{t.type, t.begin, nesting(), depth()});
        chain_ = 0;
        ops_ = 0;
        return check_limits(t);
      case L::RIGHT_PAREN:
      case L::RIGHT_BRACKET:
      case L::RIGHT_BRACE: {
        size_t want = t.type == L::RIGHT_PAREN     ? L::LEFT_PAREN
                      : t.type == L::RIGHT_BRACKET ? L::LEFT_BRACKET
                                                   : L::LEFT_BRACE;
        if (stack_.empty() || stack_.back().open_type != want) {
          std::string_view what = t.type == L::RIGHT_PAREN     ? "right parenthesis ')'"
                                  : t.type == L::RIGHT_BRACKET ? "right bracket ']'"
                                                               : "right brace '}'";
          return fail(DiagKind::PromqlSyntax, t.begin, t.end, fmt::format("unexpected {}", what));
        }
        Group g = stack_.back();
        stack_.pop_back();
        // Back at the enclosing level, with its own chain and operator count restored.
        chain_ = g.nesting_before - (stack_.empty() ? 0 : stack_.back().nesting_before + 1);
        ops_ = g.depth_before - (stack_.empty() ? 0 : stack_.back().depth_before + 1);
        return true;
      }
      default: break;
    }
    if (in_braces()) return true;
    if (t.type == L::ADD || t.type == L::SUB) {
      ++ops_;
      if (starts_operand(prev)) {
        ++chain_;
      } else {
        chain_ = 0;
      }
      return check_limits(t);
    }
    if (t.type == L::POW) {
      ++ops_;
      ++chain_;
      return check_limits(t);
    }
    if (is_infix_operator(t.type) || t.type == L::OFFSET || t.type == L::AT) {
      ++ops_;
      if (is_infix_operator(t.type)) chain_ = 0;
      return check_limits(t);
    }
    return true;
  }
};

}  // namespace

bool prescan_promql(const std::vector<PromqlToken>& tokens, const PromqlPositions& positions,
                    Diagnostics& diags) {
  return Prescan(positions, diags).run(tokens);
}

}  // namespace mzr::syntax
