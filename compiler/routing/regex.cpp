#include "compiler/routing/regex.h"

#include <fmt/format.h>
#include <re2/re2.h>

namespace mzr::routing {
namespace {

// Go's regexp/syntax error texts for the RE2 error codes that share a meaning.
std::string_view go_error_text(re2::RE2::ErrorCode code) {
  switch (code) {
    case re2::RE2::ErrorBadEscape: return "invalid escape sequence";
    case re2::RE2::ErrorBadCharClass: return "invalid character class";
    case re2::RE2::ErrorBadCharRange: return "invalid character class range";
    case re2::RE2::ErrorMissingBracket: return "missing closing ]";
    case re2::RE2::ErrorMissingParen: return "missing closing )";
    case re2::RE2::ErrorUnexpectedParen: return "unexpected )";
    case re2::RE2::ErrorTrailingBackslash: return "trailing backslash at end of expression";
    case re2::RE2::ErrorRepeatArgument: return "missing argument to repetition operator";
    case re2::RE2::ErrorRepeatSize: return "invalid repeat count";
    case re2::RE2::ErrorRepeatOp: return "invalid nested repetition operator";
    case re2::RE2::ErrorBadPerlOp: return "invalid or unsupported Perl syntax";
    case re2::RE2::ErrorBadUTF8: return "invalid UTF-8";
    case re2::RE2::ErrorBadNamedCapture: return "invalid named capture";
    default: return "invalid regular expression";
  }
}

}  // namespace

std::shared_ptr<const re2::RE2> compile_anchored(std::string_view expr, std::string* error) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(re2::RE2::Options::EncodingUTF8);
  // Go's default: '.' does not match a newline, matching is leftmost-first.
  options.set_dot_nl(false);
  options.set_longest_match(false);
  options.set_max_mem(64 << 20);
  std::string pattern = "^(?:";
  pattern.append(expr);
  pattern.append(")$");
  auto re = std::make_shared<const re2::RE2>(pattern, options);
  if (!re->ok()) {
    if (error != nullptr) {
      *error = fmt::format("error parsing regexp: {}: `{}`", go_error_text(re->error_code()),
                           re->error_arg());
    }
    return nullptr;
  }
  return re;
}

bool full_match(const re2::RE2& re, std::string_view text) {
  return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
}

}  // namespace mzr::routing
