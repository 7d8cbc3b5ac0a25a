#include "compiler/load/rule_file.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "compiler/load/decode.h"
#include "compiler/load/embedded_yaml.h"

namespace mzr {
namespace {

using yaml::FieldReader;
using yaml::Node;

class RuleLoader {
 public:
  RuleLoader(const SourceFile& file, const RuleLoadOptions& options, Diagnostics& diags)
      : file_(file), opts_(options), diags_(diags) {}

  void load_groups(const Node* groups, model::RuleSet& out) {
    if (groups == nullptr || yaml::is_null_text(groups)) return;
    if (!groups->is_sequence()) {
      diags_.report(
          DiagKind::WrongNodeType, groups->span,
          fmt::format("expected a list of rule groups, found a {}", yaml::kind_name(groups->kind)));
      return;
    }
    std::map<std::string, const Node*> seen;
    for (const Node* g : groups->items) {
      auto group = load_group(g);
      if (!group) continue;
      const Node* name = g->get("name");
      if (name && (name->is_mapping() || name->is_sequence())) {
        // The shape of 'name' was reported when it was read.
      } else if (group->name.value.empty()) {
        diags_.report(DiagKind::EmptyGroupName, group->span, "rule group has no name");
      } else if (auto [it, inserted] = seen.emplace(group->name.value, g); !inserted) {
        diags_
            .report(DiagKind::DuplicateGroup, group->name.span,
                    fmt::format("rule group '{}' is defined twice in this file", group->name.value))
            .note(it->second->get("name")->span, "first defined here");
      }
      out.groups.push_back(std::move(*group));
    }
  }

 private:
  std::optional<model::Text> text(const Node* n, std::string_view what) {
    return yaml::read_text(n, what, diags_);
  }

  std::optional<model::TimeSpan> duration(const Node* n, std::string_view field) {
    return yaml::read_duration(n, field, diags_);
  }

  std::vector<model::LabelPair> labels(const Node* n, std::string_view what, bool annotations) {
    auto pairs = yaml::read_label_map(n, what, diags_);
    if (!pairs) return {};
    for (const model::LabelPair& p : *pairs) {
      const std::string& name = p.name.value;
      if (annotations) {
        if (!is_valid_label_name(name, opts_.names)) {
          diags_.report(DiagKind::InvalidAnnotationName, p.name.span,
                        fmt::format("invalid annotation name '{}'", name));
        }
      } else if (!is_valid_label_name(name, opts_.names) || name == "__name__") {
        diags_.report(DiagKind::InvalidLabelName, p.name.span,
                      name == "__name__" ? std::string("rules may not set the label '__name__'")
                                         : fmt::format("invalid label name '{}'", name));
      }
    }
    return std::move(*pairs);
  }

  std::optional<model::RuleGroup> load_group(const Node* g) {
    FieldReader f(g, "rule group", diags_);
    if (!f.ok()) return std::nullopt;
    model::RuleGroup group;
    group.span = g->span;
    const Node* name = f.take("name");
    group.name = text(name, "the group 'name'").value_or(model::Text{});
    if (!name) group.name.span = g->span;
    group.interval = duration(f.take("interval"), "interval");
    group.query_offset = duration(f.take("query_offset"), "query_offset");
    if (const Node* limit = f.take("limit")) {
      auto v = yaml::read_int(limit, "'limit'", diags_);
      if (v && *v < 0) {
        diags_.report(DiagKind::NegativeLimit, limit->span,
                      fmt::format("rule group limit is negative ({})", *v));
      }
      group.limit = v.value_or(0);
    }
    if (const Node* prs = f.take("partial_response_strategy")) {
      auto t = text(prs, "'partial_response_strategy'");
      if (t) {
        std::string lower;
        for (char c : t->value)
          lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower != "warn" && lower != "abort" && !lower.empty()) {
          diags_.report(DiagKind::InvalidPartialResponse, prs->span,
                        fmt::format("partial_response_strategy must be 'warn' or 'abort', not '{}'",
                                    t->value));
        }
        group.partial_response_strategy = t;
      }
    }
    group.labels = labels(f.take("labels"), "group labels", false);
    const Node* rules = f.take("rules");
    f.finish();
    if (rules && !yaml::is_null_text(rules) && !rules->is_sequence()) {
      diags_.report(
          DiagKind::WrongNodeType, rules->span,
          fmt::format("expected a list of rules, found a {}", yaml::kind_name(rules->kind)));
      return group;
    }
    if (rules && rules->is_sequence()) {
      group.rules.reserve(rules->items.size());
      for (const Node* r : rules->items) {
        if (auto rule = load_rule(r)) group.rules.push_back(std::move(*rule));
      }
    }
    if (!rules || rules->items.empty()) {
      diags_.report(DiagKind::EmptyRuleGroup, group.name.span,
                    fmt::format("rule group '{}' has no rules", group.name.value));
    }
    return group;
  }

  std::optional<model::Rule> load_rule(const Node* r) {
    FieldReader f(r, "rule", diags_);
    if (!f.ok()) return std::nullopt;
    model::Rule rule;
    rule.span = r->span;
    const Node* record = f.take("record");
    const Node* alert = f.take("alert");
    const Node* expr = f.take("expr");
    const Node* for_node = f.take("for");
    const Node* keep = f.take("keep_firing_for");
    const Node* labels_node = f.take("labels");
    const Node* annotations_node = f.take("annotations");
    f.finish();

    auto rec = text(record, "'record'");
    auto alt = text(alert, "'alert'");
    bool has_record = rec && !rec->value.empty();
    bool has_alert = alt && !alt->value.empty();
    if (has_record && has_alert) {
      diags_
          .report(DiagKind::RuleWithBothKinds, record->span,
                  "rule sets both 'record' and 'alert'; a rule is either a recording or an "
                  "alerting rule")
          .note(alert->span, "'alert' is set here");
    } else if (!has_record && !has_alert) {
      diags_.report(DiagKind::RuleWithoutKind, r->span, "rule sets neither 'record' nor 'alert'");
    }
    rule.kind = has_record && !has_alert ? model::RuleKind::Recording : model::RuleKind::Alerting;
    if (has_record && !has_alert) {
      rule.name = std::move(*rec);
    } else if (alt) {
      rule.name = std::move(*alt);
    }
    if (rule.name.value.empty()) rule.name.span = r->span;

    auto e = yaml::read_string_view(expr, "'expr'", diags_);
    if (!e || e->empty()) {
      if (e)
        diags_.report(DiagKind::RuleWithoutExpr, expr ? expr->span : r->span, "rule has no 'expr'");
    } else {
      rule.expr = yaml::embedded_scalar(file_, *expr);
      rule.expr_span = expr->span;
    }
    rule.for_duration = duration(for_node, "for");
    rule.keep_firing_for = duration(keep, "keep_firing_for");
    rule.labels = labels(labels_node, "rule labels", false);
    rule.annotations = labels(annotations_node, "annotations", true);

    if (rule.kind == model::RuleKind::Recording && has_record) {
      const std::string& name = rule.name.value;  // the 'record' text
      auto reject = [&](std::string_view field) {
        const Node* key = r->key_node(field);
        diags_
            .report(DiagKind::AlertFieldOnRecordingRule, key ? key->span : record->span,
                    fmt::format("recording rule '{}' may not set '{}'", name, field))
            .note(record->span, "it is a recording rule because 'record' is set here");
      };
      if (rule.for_duration && rule.for_duration->value.ms != 0) reject("for");
      if (rule.keep_firing_for && rule.keep_firing_for->value.ms != 0) reject("keep_firing_for");
      if (!rule.annotations.empty()) reject("annotations");
      if (name.find_first_of("{}") != std::string::npos) {
        diags_.report(
            DiagKind::BracesInRecordName, record->span,
            fmt::format("recording rule name '{}' contains braces; should this be in 'expr'?",
                        name));
      } else if (!is_valid_metric_name(name, opts_.names)) {
        diags_.report(DiagKind::InvalidRecordName, record->span,
                      fmt::format("invalid recording rule name '{}'", name));
      }
    }
    return rule;
  }

  const SourceFile& file_;
  const RuleLoadOptions& opts_;
  Diagnostics& diags_;
};

}  // namespace

model::RuleSet load_rule_file(const yaml::Stream& stream, const SourceFile& file, SourceId id,
                              const RuleLoadOptions& options, Diagnostics& diags) {
  model::RuleSet set;
  set.file = id;
  set.format = model::RuleSourceFormat::RuleFile;
  const Node* root = stream.documents.empty() ? nullptr : stream.documents.front().root;
  if (root == nullptr) return set;
  for (size_t i = 1; i < stream.documents.size(); ++i) {
    const Node* extra = stream.documents[i].root;
    if (!yaml::is_null_text(extra)) {
      diags.report(
          DiagKind::MultipleRuleDocuments, extra->span,
          "Prometheus reads only the first YAML document of a rule file; this one is ignored");
      break;
    }
  }
  FieldReader f(root, "a rule file", diags);
  if (!f.ok()) return set;
  const Node* groups = f.take("groups");
  // lokitool/mimirtool rule files name the ruler namespace they belong to.
  if (const Node* ns = f.take("namespace")) {
    if (auto v = yaml::read_string(ns, "'namespace'", diags)) set.resource_namespace = *v;
  }
  f.finish();
  RuleLoader(file, options, diags).load_groups(groups, set);
  return set;
}

std::vector<model::RuleSet> load_prometheus_rules(const yaml::Stream& stream,
                                                  const SourceFile& file, SourceId id,
                                                  const RuleLoadOptions& options,
                                                  Diagnostics& diags) {
  std::vector<model::RuleSet> out;
  for (const yaml::Document& doc : stream.documents) {
    const Node* root = doc.root;
    if (root == nullptr || !root->is_mapping()) continue;
    const Node* kind = root->get("kind");
    if (kind == nullptr || !kind->is_scalar() || kind->value != "PrometheusRule") continue;
    model::RuleSet set;
    set.file = id;
    set.format = model::RuleSourceFormat::PrometheusRule;
    FieldReader f(root, "a PrometheusRule", diags);
    f.take("kind");
    const Node* api = f.take("apiVersion");
    const Node* metadata = f.take("metadata");
    const Node* spec = f.take("spec");
    f.allow("status");
    f.finish();
    if (!api || !api->is_scalar() || api->value != "monitoring.coreos.com/v1") {
      diags.report(DiagKind::InvalidPrometheusRule, api ? api->span : root->span,
                   "PrometheusRule needs 'apiVersion: monitoring.coreos.com/v1'");
    }
    const Node* name = metadata && metadata->is_mapping() ? metadata->get("name") : nullptr;
    if (!name || !name->is_scalar() || name->value.empty()) {
      const Node* at = metadata ? root->key_node("metadata") : root->key_node("kind");
      diags.report(DiagKind::InvalidPrometheusRule, at->span,
                   "PrometheusRule has no 'metadata.name'");
    } else {
      set.resource_name = name->value;
    }
    if (const Node* ns =
            metadata && metadata->is_mapping() ? metadata->get("namespace") : nullptr) {
      if (ns->is_scalar()) set.resource_namespace = ns->value;
    }
    if (metadata && metadata->is_mapping()) {
      for (auto [key, out] : {std::pair{"labels", &set.resource_labels},
                              std::pair{"annotations", &set.resource_annotations}}) {
        const Node* n = metadata->get(key);
        if (n == nullptr || yaml::is_null_text(n)) continue;
        auto pairs = yaml::read_string_map(n, fmt::format("'metadata.{}'", key), diags);
        if (!pairs) continue;
        for (yaml::StringPair& p : *pairs) out->emplace_back(std::move(p.name), std::move(p.text));
      }
    }
    if (!spec || !spec->is_mapping()) {
      const Node* at = spec ? spec : root->key_node("kind");
      diags.report(DiagKind::InvalidPrometheusRule, at->span,
                   "PrometheusRule has no 'spec' mapping");
    } else {
      FieldReader s(spec, "a PrometheusRule spec", diags);
      const Node* groups = s.take("groups");
      s.finish();
      RuleLoader(file, options, diags).load_groups(groups, set);
    }
    out.push_back(std::move(set));
  }
  return out;
}

void relocate_to_jsonnet(const JsonnetSourceMap& map, model::RuleSet& set) {
  auto pairs = [&](std::vector<model::LabelPair>& list) {
    for (model::LabelPair& p : list) {
      map.relocate(p.name);
      map.relocate(p.value);
    }
  };
  for (model::RuleGroup& g : set.groups) {
    map.relocate(g.name);
    pairs(g.labels);
    for (model::Rule& r : g.rules) {
      map.relocate(r.name);
      pairs(r.labels);
      pairs(r.annotations);
      map.relocate(r.expr, r.expr_span);
    }
  }
}

}  // namespace mzr
