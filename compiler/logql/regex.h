#pragma once
// Regular expressions with Go's regexp syntax (RE2), and the two small expression languages of
// Loki's parser stages: `pattern` expressions and JSON extraction expressions.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace mzr::logql {

// A compiled Go regular expression. `anchored` compiles it as Prometheus matchers do, matching
// the whole value.
class GoRegex {
 public:
  GoRegex(std::string_view pattern, bool anchored);
  ~GoRegex();
  GoRegex(const GoRegex&) = delete;
  GoRegex& operator=(const GoRegex&) = delete;

  bool ok() const;
  std::string error() const;  // RE2's wording
  bool full_match(std::string_view s) const;
  std::vector<std::string> named_groups() const;
  // Names Go accepts but that name two groups; Loki's regexp stage rejects them when it runs.
  const std::vector<std::string>& duplicate_names() const { return duplicates_; }

 private:
  std::unique_ptr<re2::RE2> re_;
  std::string pattern_;
  std::string anchored_source_;  // empty when not anchored
  std::vector<std::string> duplicates_;
};

// A parsed `| pattern "<ip> - <_> <status>"` expression: its named captures, or the reason Loki
// rejects it.
struct PatternInfo {
  std::vector<std::string> captures;
  std::optional<std::string> error;
};
PatternInfo parse_pattern(std::string_view pattern);

// Why Loki's JSON extraction expression (`| json a="request.headers[\"host\"]"`) does not parse,
// or nullopt when it does: fields joined by dots, `["key"]` and `[index]` accesses.
std::optional<std::string> json_expression_error(std::string_view expression);

}  // namespace mzr::logql
