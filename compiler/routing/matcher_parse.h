#pragma once
// Alertmanager's two matcher parsers and the compatibility layer that chooses between them.
//
//  - classic (pkg/labels): lenient; optional braces, unquoted values, few escapes.
//  - UTF-8 (matcher/parse): a tokenizer with quoted names and values, Go string escapes, and
//    errors that carry 0-based rune columns ("4:9: ...").
//  - fallback (the default mode): both run; the classic result wins when the UTF-8 parser
//    fails or disagrees, with a warning; when both fail the classic error is reported.

#include <optional>
#include <string>
#include <string_view>

#include "compiler/routing/matcher.h"

namespace mzr::routing {

// Unicode white space as Go's unicode.IsSpace sees it.
bool is_space(char32_t r);
// The runes the UTF-8 matcher parser does not accept in an unquoted name or value: white space and
// {}!=~,\"'`.
bool is_reserved(char32_t r);

struct MatchersResult {
  std::optional<Matchers> matchers;  // nullopt on error
  std::string error;
  bool ok() const { return matchers.has_value(); }
};

// labels.ParseMatchers: a comma-separated list, optionally in braces.
MatchersResult parse_classic_matchers(std::string_view input);
// labels.ParseMatcher: exactly one matcher, no braces.
MatchersResult parse_classic_matcher(std::string_view input);

// parse.Matchers: zero or more matchers.
MatchersResult parse_utf8_matchers(std::string_view input);
// parse.Matcher: exactly one matcher.
MatchersResult parse_utf8_matcher(std::string_view input);

enum class MatcherMode : uint8_t { Fallback, Classic, Utf8Strict };

struct CompatResult {
  std::optional<Matchers> matchers;
  std::string error;
  // Set in fallback mode when the classic result was used because the UTF-8 parser failed
  // (`incompatible`) or produced something else (`disagreement`).
  bool incompatible = false;
  bool disagreement = false;
  bool ok() const { return matchers.has_value(); }
};

// compat.Matchers: one entry of a 'matchers:' list in a configuration file.
CompatResult parse_matchers_compat(std::string_view input, MatcherMode mode);
// compat.Matcher: one matcher given on the command line (amtool's label arguments).
CompatResult parse_matcher_compat(std::string_view input, MatcherMode mode);

}  // namespace mzr::routing
