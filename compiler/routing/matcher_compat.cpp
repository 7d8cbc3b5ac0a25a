// The matcher compatibility layer (Alertmanager matcher/compat): which parser's result counts in
// each mode.

#include <fmt/format.h>

#include "compiler/routing/matcher_parse.h"

namespace mzr::routing {
namespace {

bool same(const Matchers& a, const Matchers& b) {
  return a == b;
}

CompatResult from(MatchersResult r) {
  CompatResult out;
  out.matchers = std::move(r.matchers);
  out.error = std::move(r.error);
  return out;
}

}  // namespace

CompatResult parse_matchers_compat(std::string_view input, MatcherMode mode) {
  if (mode == MatcherMode::Classic) return from(parse_classic_matchers(input));
  if (mode == MatcherMode::Utf8Strict) return from(parse_utf8_matchers(input));
  MatchersResult utf8 = parse_utf8_matchers(input);
  MatchersResult classic = parse_classic_matchers(input);
  if (!utf8.ok()) {
    CompatResult out = from(std::move(classic));
    out.incompatible = out.ok();
    return out;
  }
  if (classic.ok() && !same(*classic.matchers, *utf8.matchers)) {
    CompatResult out = from(std::move(classic));
    out.disagreement = true;
    return out;
  }
  return from(std::move(utf8));
}

CompatResult parse_matcher_compat(std::string_view input, MatcherMode mode) {
  if (mode == MatcherMode::Classic) return from(parse_classic_matcher(input));
  if (input.starts_with('{') || input.ends_with('}')) {
    CompatResult out;
    out.error = fmt::format("unexpected open or close brace: {}", input);
    return out;
  }
  if (mode == MatcherMode::Utf8Strict) return from(parse_utf8_matcher(input));
  MatchersResult utf8 = parse_utf8_matcher(input);
  MatchersResult classic = parse_classic_matcher(input);
  if (!utf8.ok()) {
    CompatResult out = from(std::move(classic));
    out.incompatible = out.ok();
    return out;
  }
  if (classic.ok() && !same(*classic.matchers, *utf8.matchers)) {
    CompatResult out = from(std::move(classic));
    out.disagreement = true;
    return out;
  }
  return from(std::move(utf8));
}

}  // namespace mzr::routing
