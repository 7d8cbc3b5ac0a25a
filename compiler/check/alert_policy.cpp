#include "compiler/check/alert_policy.h"

#include <fmt/format.h>

#include <algorithm>

namespace mzr {
namespace {

const model::LabelPair* find(const std::vector<model::LabelPair>& pairs, const std::string& name) {
  for (const model::LabelPair& p : pairs) {
    if (p.name.value == name) return &p;
  }
  return nullptr;
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += ", ";
    out += "'" + v + "'";
  }
  return out;
}

void check_rule(const model::RuleGroup& g, const model::Rule& r, const model::RulePolicy& policy,
                Diagnostics& diags) {
  for (const model::RequiredLabel& req : policy.required_labels) {
    const model::LabelPair* l = find(r.labels, req.name);
    if (l == nullptr) l = find(g.labels, req.name);
    if (l == nullptr || l->value.value.empty()) {
      diags.report(DiagKind::RequiredLabelMissing, r.name.span,
                   fmt::format("alert '{}' has no label '{}'", r.name.value, req.name));
      continue;
    }
    // A templated value is only known when the alert fires.
    if (req.allowed.empty() || l->value.value.find("{{") != std::string::npos) continue;
    if (std::find(req.allowed.begin(), req.allowed.end(), l->value.value) != req.allowed.end()) {
      continue;
    }
    diags.report(DiagKind::LabelValueNotAllowed, l->value.span,
                 fmt::format("label '{}' is '{}'; the project settings allow {}", req.name,
                             l->value.value, quoted_list(req.allowed)));
  }
  for (const std::string& name : policy.required_annotations) {
    const model::LabelPair* a = find(r.annotations, name);
    if (a != nullptr && !a->value.value.empty()) continue;
    diags.report(DiagKind::RequiredAnnotationMissing, r.name.span,
                 fmt::format("alert '{}' has no annotation '{}'", r.name.value, name));
  }
}

}  // namespace

void check_alert_policy(const std::vector<model::RuleSet>& sets, const model::RulePolicy& policy,
                        Diagnostics& diags) {
  if (policy.required_labels.empty() && policy.required_annotations.empty()) return;
  for (const model::RuleSet& set : sets) {
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        if (r.kind == model::RuleKind::Alerting) check_rule(g, r, policy, diags);
      }
    }
  }
}

}  // namespace mzr
