#include "compiler/check/inhibit_pairs.h"

#include <fmt/format.h>

#include <optional>
#include <set>
#include <string>

namespace mzr {
namespace {

// What an alert's label holds when it fires: a known value, the empty string (the alert never
// carries the label), or something not known statically.
struct LabelValue {
  bool known = false;
  std::string value;  // when known; "" for a label the alert never carries
};

LabelValue value_of(const AlertLabels& a, const std::string& name) {
  if (auto it = a.known.find(name); it != a.known.end()) return {true, it->second};
  if (a.may_carry(name)) return {false, {}};
  return {true, {}};
}

bool may_equal(const LabelValue& x, const LabelValue& y) {
  return !x.known || !y.known || x.value == y.value;
}

bool pair_agrees(const routing::InhibitRule& rule, const AlertLabels& s, const AlertLabels& t) {
  for (const std::string& name : rule.equal) {
    if (!may_equal(value_of(s, name), value_of(t, name))) return false;
  }
  // Alertmanager skips a source that matches the target matchers when the target matches the
  // source matchers too; only a certain match on both counts excludes the pair.
  return !(evaluate(rule.source, t) == Tri::Yes && evaluate(rule.target, s) == Tri::Yes);
}

// The values one side gives label `name`, for the message: up to four, then a count.
std::string values_of(const std::vector<const AlertLabels*>& side, const std::string& name) {
  std::set<std::string> values;
  bool unknown = false;
  for (const AlertLabels* a : side) {
    LabelValue v = value_of(*a, name);
    if (v.known) {
      values.insert(v.value.empty() ? "(missing)" : "\"" + v.value + "\"");
    } else {
      unknown = true;
    }
  }
  std::string out;
  size_t shown = 0;
  for (const std::string& v : values) {
    if (shown == 4) {
      out += fmt::format(" and {} more", values.size() - shown);
      break;
    }
    out += (shown++ ? ", " : "") + v;
  }
  if (unknown) out += out.empty() ? "values not known" : ", or values not known";
  return out;
}

// An 'equal' label on which no pair agrees by itself, if there is one: the clearest reason.
std::optional<size_t> blocking_label(const routing::InhibitRule& rule,
                                     const std::vector<const AlertLabels*>& sources,
                                     const std::vector<const AlertLabels*>& targets) {
  for (size_t i = 0; i < rule.equal.size(); ++i) {
    bool any = false;
    for (const AlertLabels* s : sources) {
      for (const AlertLabels* t : targets) {
        any |= may_equal(value_of(*s, rule.equal[i]), value_of(*t, rule.equal[i]));
        if (any) break;
      }
      if (any) break;
    }
    if (!any) return i;
  }
  return std::nullopt;
}

}  // namespace

void check_inhibit_pairs(const routing::InhibitRule& rule,
                         const std::vector<const AlertLabels*>& sources,
                         const std::vector<const AlertLabels*>& targets, Diagnostics& diags) {
  if (rule.rule == nullptr || sources.empty() || targets.empty()) return;
  for (const AlertLabels* s : sources) {
    for (const AlertLabels* t : targets) {
      if (pair_agrees(rule, *s, *t)) return;
    }
  }
  std::optional<size_t> label = blocking_label(rule, sources, targets);
  std::string why =
      label ? fmt::format(
                  "no alert its source matchers match has the same '{}' as an alert its "
                  "target matchers match",
                  rule.equal[*label])
            : fmt::format(
                  "no pair of an alert its source matchers match and one its target "
                  "matchers match agrees on all of the 'equal' labels");
  auto& d = diags.report(DiagKind::InhibitNeverInhibits, rule.rule->span,
                         fmt::format("this inhibit rule never inhibits an alert of the "
                                     "repository: {}",
                                     why));
  if (label && *label < rule.rule->equal.size()) {
    const std::string& name = rule.equal[*label];
    d.note(rule.rule->equal[*label].span,
           fmt::format("'{}' of the {} source alert(s): {}; of the {} target alert(s): {}", name,
                       sources.size(), values_of(sources, name), targets.size(),
                       values_of(targets, name)));
  }
}

}  // namespace mzr
