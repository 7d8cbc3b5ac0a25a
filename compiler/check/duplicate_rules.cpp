#include "compiler/check/duplicate_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mzr {
namespace {

using LabelView = std::pair<std::string_view, std::string_view>;

// Appends `s` behind its length, so that different lists of strings never give the same key.
void append_field(std::string& key, std::string_view s) {
  char digits[24];
  char* end = std::to_chars(digits, digits + sizeof digits, s.size()).ptr;
  key.append(digits, end);
  key += ':';
  key += s;
}

// The identity of a rule: its name and its labels (the rule's over the group's), sorted by name.
// `labels` is scratch space, kept by the caller to save allocations.
std::string rule_key(const model::RuleGroup& g, const model::Rule& r,
                     std::vector<LabelView>& labels) {
  labels.clear();
  auto assign = [&](const model::LabelPair& l) {
    auto it =
        std::lower_bound(labels.begin(), labels.end(), l.name.value,
                         [](const LabelView& a, std::string_view name) { return a.first < name; });
    if (it != labels.end() && it->first == l.name.value) {
      it->second = l.value.value;  // the rule's value replaces the group's
    } else {
      labels.insert(it, {l.name.value, l.value.value});
    }
  };
  for (const model::LabelPair& l : g.labels) assign(l);
  for (const model::LabelPair& l : r.labels) assign(l);
  std::string key;
  append_field(key, r.name.value);
  for (const auto& [name, value] : labels) {
    append_field(key, name);
    append_field(key, value);
  }
  return key;
}

}  // namespace

void check_duplicate_rules(const model::RuleSet& set, Diagnostics& diags) {
  size_t count = 0;
  for (const model::RuleGroup& g : set.groups) count += g.rules.size();
  // The first rule of each name and labels, and where its finding is once there is a second.
  struct Seen {
    const model::Rule* first;
    size_t finding;
  };
  constexpr size_t kUnique = static_cast<size_t>(-1);
  std::unordered_map<std::string, Seen> seen;
  seen.reserve(count);
  // The rules of each name and labels defined more than once, in file order, ordered by the
  // second rule.
  std::vector<std::vector<const model::Rule*>> findings;
  std::vector<LabelView> labels;
  for (const model::RuleGroup& g : set.groups) {
    for (const model::Rule& r : g.rules) {
      if (r.name.value.empty()) continue;
      auto [it, inserted] = seen.try_emplace(rule_key(g, r, labels), Seen{&r, kUnique});
      if (inserted) continue;
      Seen& s = it->second;
      if (s.finding == kUnique) {
        s.finding = findings.size();
        findings.push_back({s.first});
      }
      findings[s.finding].push_back(&r);
    }
  }
  for (const auto& rules : findings) {
    const model::Rule& first = *rules[0];
    const model::Rule& second = *rules[1];
    std::string_view kind = first.kind == model::RuleKind::Recording ? "recording" : "alerting";
    auto& d = diags.report(DiagKind::DuplicateRule, second.name.span,
                           fmt::format("{} rule '{}' is defined {} times with the same labels",
                                       kind, first.name.value, rules.size()));
    d.note(first.name.span, "first defined here");
    for (size_t i = 2; i < rules.size(); ++i) d.note(rules[i]->name.span, "and again here");
  }
}

void check_recordings_across_files(const std::vector<model::RuleSet>& sets, Diagnostics& diags) {
  // The first recording rule of each name and labels, by the file that defines it; a rule of
  // another file with the same key is reported once per file.
  struct First {
    const model::Rule* rule;
    SourceId file;
    std::vector<SourceId> reported;
  };
  std::unordered_map<std::string, First> first;
  std::vector<LabelView> labels;
  for (const model::RuleSet& set : sets) {
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        if (r.kind != model::RuleKind::Recording || r.name.value.empty()) continue;
        SourceId file = r.name.span.file;
        auto [it, inserted] = first.try_emplace(rule_key(g, r, labels), First{&r, file, {}});
        First& f = it->second;
        if (inserted || f.file == file) continue;
        if (std::find(f.reported.begin(), f.reported.end(), file) != f.reported.end()) continue;
        f.reported.push_back(file);
        diags
            .report(DiagKind::RecordingRuleDefinedTwice, r.name.span,
                    fmt::format("recording rule '{}' with these labels is also defined in another "
                                "file; both write the same series",
                                r.name.value))
            .note(f.rule->name.span, "defined here too");
      }
    }
  }
}

}  // namespace mzr
