#pragma once
// What the rule-file emitters share: rule groups as YAML in Prometheus' rule file format, where
// their output comes from, and how output files are named after their sources.

#include <optional>
#include <string>

#include "compiler/emit/yaml_writer.h"
#include "compiler/model/rules.h"

namespace mzr::emit {

// One group of `set` as YAML. A group without a partial response strategy of its own gets
// `partial_response` when that is set.
YamlValue rule_group_yaml(const model::RuleSet& set, const model::RuleGroup& g,
                          const std::optional<std::string>& partial_response);

// The `groups` sequence of a rule file: the groups of `set` that `keep` accepts.
template <typename Keep>
YamlValue rule_groups_yaml(const model::RuleSet& set,
                           const std::optional<std::string>& partial_response, Keep keep) {
  YamlValue groups = YamlValue::seq();
  for (const model::RuleGroup& g : set.groups) {
    if (keep(g)) groups.push(rule_group_yaml(set, g, partial_response));
  }
  return groups;
}

// Where a rule set's output comes from, for diagnostics about it: its first group, or the start
// of its file.
Span rule_set_origin(const model::RuleSet& set);

// The first line of a generated file.
std::string generated_header(const std::string& origin);

// `path` relative to the project root `root` (".", empty or a directory).
std::string relative_to(const std::string& path, const std::string& root);

// "rules/team/db.yaml" → "rules-team-db"; a PrometheusRule adds its resource name. With
// `keep_ext` (two sources differ only in their extension) the extension stays: "rules-db-yaml".
std::string output_stem(const model::RuleSet& set, const std::string& rel, bool keep_ext);

}  // namespace mzr::emit
