// The rule-set checks that compare rules with each other: duplicate name and labels, the naming
// convention of recording rules, and recording rules that read their own output.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/check/duplicate_rules.h"
#include "compiler/check/recording_cycles.h"
#include "compiler/check/recording_names.h"

namespace mzr {
namespace {

// Rule names get distinct spans (begin = position in `names`) so findings can be told apart.
model::Rule rule(std::string name, uint32_t at,
                 std::vector<std::pair<std::string, std::string>> labels = {}) {
  model::Rule r;
  r.name = {std::move(name), Span{0, at, at + 1}};
  for (auto& [k, v] : labels) r.labels.push_back({{k, {}}, {v, {}}});
  return r;
}

std::vector<uint32_t> begins(const Diagnostics& diags) {
  std::vector<uint32_t> out;
  for (const Diagnostic& d : diags.all()) out.push_back(d.span.begin);
  return out;
}

TEST(DuplicateRules, RuleLabelsOverrideGroupLabels) {
  model::RuleSet set;
  model::RuleGroup& g = set.groups.emplace_back();
  g.labels.push_back({{"team", {}}, {"a", {}}});
  g.rules.push_back(rule("r", 0, {{"team", "b"}}));
  g.rules.push_back(rule("r", 1));                               // team=a: differs from 0
  g.rules.push_back(rule("r", 2, {{"team", "b"}}));              // same as 0
  g.rules.push_back(rule("r", 3, {{"team", "a"}}));              // same as 1
  g.rules.push_back(rule("r", 4, {{"team", "b"}, {"x", "1"}}));  // an extra label
  g.rules.push_back(rule("r", 5, {{"x", "1"}, {"team", "b"}}));  // same as 4, other order
  g.rules.push_back(rule("r", 6, {{"team", "b:x"}}));            // no ambiguity in the key
  g.rules.push_back(rule("r", 7, {{"team", "b"}, {"x", "1"}}));  // a third of 4
  Diagnostics diags;
  check_duplicate_rules(set, diags);
  // One finding per key, ordered by its second rule, reported there.
  ASSERT_EQ(begins(diags), (std::vector<uint32_t>{2, 3, 5}));
  EXPECT_EQ(diags.all()[0].message, "recording rule 'r' is defined 2 times with the same labels");
  EXPECT_EQ(diags.all()[0].notes.size(), 1u);
  EXPECT_EQ(diags.all()[2].message, "recording rule 'r' is defined 3 times with the same labels");
  ASSERT_EQ(diags.all()[2].notes.size(), 2u);
  EXPECT_EQ(diags.all()[2].notes[1].span.begin, 7u);
}

TEST(RecordingNames, ConventionMatchesItsPattern) {
  const std::vector<std::string> names = {"a:b:c", "a:b", "a:b:c:d",     ":b:c", "a::c",
                                          "a:b:",  "abc", "a_b:c_d:e_f", "::",   "a:b:c:"};
  model::RuleSet set;
  model::RuleGroup& g = set.groups.emplace_back();
  for (size_t i = 0; i < names.size(); ++i) g.rules.push_back(rule(names[i], uint32_t(i)));
  std::vector<model::RuleSet> sets{set};

  Diagnostics conventional;
  check_recording_names(sets, model::RulePolicy{}, conventional);
  // The same pattern written differently goes through the regex engine.
  model::RulePolicy spelled;
  spelled.recording_name = "(?:[^:]+):[^:]+:[^:]+";
  Diagnostics regex;
  check_recording_names(sets, spelled, regex);

  EXPECT_EQ(begins(conventional), (std::vector<uint32_t>{1, 2, 3, 4, 5, 6, 8, 9}));
  EXPECT_EQ(begins(conventional), begins(regex));
}

TEST(RecordingCycles, OnlyNamesThatAreReadMatter) {
  std::vector<model::Rule> rules{rule("a", 0), rule("b", 1), rule("c", 2), rule("b", 3)};
  std::vector<RecordingDeps> deps{
      {&rules[0], {"b"}}, {&rules[1], {"x"}}, {&rules[2], {"c"}}, {&rules[3], {"a"}}};
  Diagnostics diags;
  check_recording_cycles(deps, diags);
  // a → b (the second writer of b) → a; c reads itself.
  ASSERT_EQ(begins(diags), (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(diags.all()[1].message, "recording rule 'c' reads its own output");

  std::vector<RecordingDeps> none{{&rules[0], {}}, {&rules[1], {}}};
  Diagnostics quiet;
  check_recording_cycles(none, quiet);
  EXPECT_TRUE(quiet.all().empty());
}

}  // namespace
}  // namespace mzr
