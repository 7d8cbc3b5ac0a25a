#pragma once
// Reading the values of `key value, value` settings (as written in Alertmanager bodies, the stack's
// grafana settings and dashboards) as one string, boolean or integer, or as JSON.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/dsl/ast.h"

namespace mzr::dsl {

class ValueReader {
 public:
  explicit ValueReader(Diagnostics& diags) : diags_(diags) {}

  // One string or bare word; `key` names the setting in messages.
  std::optional<Text> scalar(const std::vector<AmValueNode>& values, const Name& key);
  // `true` or `false`.
  std::optional<bool> boolean(const std::vector<AmValueNode>& values, const Name& key);
  // An integer in [min, max].
  std::optional<int64_t> integer(const std::vector<AmValueNode>& values, const Name& key,
                                 int64_t min, int64_t max);
  // A number: JSON's number.
  std::optional<double> number(const std::vector<AmValueNode>& values, const Name& key);
  // Strings or words, written `a, b` or `[a, b]`.
  std::optional<std::vector<Text>> scalars(const std::vector<AmValueNode>& values, const Name& key);
  // One of `allowed`.
  std::optional<Text> one_of(const std::vector<AmValueNode>& values, const Name& key,
                             const std::vector<std::string_view>& allowed);

  // The value as JSON: strings stay strings; the words true, false and null and numbers become
  // JSON's; lists become arrays and bodies objects (keys as written).
  nlohmann::ordered_json json(const AmValueNode& v);
  // Several values are an array, one is itself.
  nlohmann::ordered_json json(const std::vector<AmValueNode>& values);

  // Reports `key` as an unknown `what` ("ruler setting"), with the closest of `known`.
  void unknown_key(const Name& key, std::string_view what,
                   const std::vector<std::string_view>& known);
  // The block an entry takes (`key { ... }`); reports any other value and returns null.
  const AmValueNode* body_of(const AmEntry& e);

  // Whether `key` is given for the first time in a body (`seen` holds the keys before it);
  // reports a repeated one.
  bool first(std::map<std::string, Span>& seen, const Name& key);

  Diagnostics& diags() { return diags_; }

 private:
  Diagnostics& diags_;
};

// Whether `word` is written as a JSON number (`-12`, `0.5`).
bool is_number_word(std::string_view word);

}  // namespace mzr::dsl
