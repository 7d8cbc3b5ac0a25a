#pragma once
// Alertmanager label matchers (pkg/labels): name, operator, value, and for the regex operators a
// compiled RE2 anchored as ^(?:value)$. A label missing from a label set matches as "".

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace mzr::routing {

// An alert's labels. Lookups of absent names yield the empty string, as in Alertmanager.
using LabelSet = std::map<std::string, std::string, std::less<>>;
std::string_view label_value(const LabelSet& labels, std::string_view name);

// Declared in Alertmanager's sort order: = < != < =~ < !~.
enum class MatchOp : uint8_t { Equal, NotEqual, Regex, NotRegex };
std::string_view op_text(MatchOp op);
std::optional<MatchOp> parse_op(std::string_view text);

struct Matcher {
  std::string name;
  MatchOp op = MatchOp::Equal;
  std::string value;
  std::shared_ptr<const re2::RE2> re;  // set for Regex and NotRegex

  bool matches(std::string_view v) const;
  // Alertmanager's Matcher.String(): name op "escaped value"; names with reserved characters
  // are quoted together with the value.
  std::string to_string() const;
  friend bool operator==(const Matcher& a, const Matcher& b) {
    return a.name == b.name && a.op == b.op && a.value == b.value;
  }
};

// Builds a matcher, compiling the regex for =~ and !~. On a bad regex returns nullopt and sets
// `error` to Go's message.
std::optional<Matcher> make_matcher(std::string name, MatchOp op, std::string value,
                                    std::string* error);

using Matchers = std::vector<Matcher>;

bool matches_all(const Matchers& ms, const LabelSet& labels);
// Sorts by name, value, then operator (Alertmanager's Matchers.Less).
void sort_matchers(Matchers& ms);
// "{a=\"1\",b=~\"x\"}" as Alertmanager prints a matcher set.
std::string matchers_to_string(const Matchers& ms);

// Go's strconv.Quote for UTF-8 text (used for names with reserved characters).
std::string go_quote(std::string_view s);

}  // namespace mzr::routing
