#include "compiler/emit/thanos_rules.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "compiler/emit/chart_values.h"
#include "compiler/emit/output_names.h"
#include "compiler/emit/rule_yaml.h"
#include "compiler/emit/yaml_writer.h"

namespace mzr::emit {
namespace {

// The rule file the thanos chart's values mount by default (ExampleAlwaysFiring, vector(1)), and
// what replaces it: a rule file without groups.
constexpr const char* kChartExampleRules = "example-alerts.yaml";
constexpr const char* kNoGroups = "groups: []\n";

YamlValue thanos_groups(const model::RuleSet& set, const model::Stack& stack) {
  std::optional<std::string> partial_response;
  if (stack.thanos_partial_response) partial_response = stack.thanos_partial_response->value;
  return rule_groups_yaml(set, partial_response, [](const model::RuleGroup&) { return true; });
}

// Kubernetes object names: lowercase letters, digits, '-' and '.', starting and ending with an
// alphanumeric character.
std::string resource_name(std::string_view stem) {
  std::string out = "mzrules-";
  for (char c : stem) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += (std::isalnum(static_cast<unsigned char>(l)) || l == '.') ? l : '-';
  }
  while (!out.empty() && !std::isalnum(static_cast<unsigned char>(out.back()))) out.pop_back();
  return out.substr(0, 253);
}

// The thanos chart's ruler (0.30.0), which is off by default: on, with its example rule file
// emptied (Helm merges maps, so the file stays unless overridden; a null would delete it, but the
// chart's values schema requires the key, as a string), alerts sent
// to the umbrella's Alertmanager, and the rule groups either mounted inline or imported from
// our PrometheusRules by the stack's selector; never both, or every group is evaluated twice.
void ruler_values(const model::Stack& stack, YamlValue mounted, YamlValue& ruler) {
  // prometheus-operator runs the ruler from the ThanosRuler resource (thanos_ruler.h): the
  // chart's stays off, or every group would be evaluated twice.
  if (stack.chart.thanos_ruler.by == model::ThanosRulerBy::Operator) {
    ruler.add("enabled", YamlValue::raw("false"));
    return;
  }
  ruler.add("enabled", YamlValue::raw("true"));
  bool inline_rules = stack.chart.thanos_rules == model::ThanosRulesVia::Inline;
  if (inline_rules) {
    ruler.add("rules", std::move(mounted));
  } else {
    ruler.add("rules", YamlValue::map()).add(kChartExampleRules, YamlValue::string(kNoGroups));
  }
  // The chart passes this through tpl: the address follows the release.
  ruler.add("alertmanagers", YamlValue::map())
      .add("config", YamlValue::string("alertmanagers:\n"
                                       "  - static_configs:\n"
                                       "      - \"" +
                                       chart_alertmanager_address() +
                                       "\"\n"
                                       "    scheme: http\n"
                                       "    api_version: v2\n"));
  YamlValue& import = ruler.add("autoImportPrometheusRules", YamlValue::map());
  import.add("enabled", YamlValue::raw(inline_rules ? "false" : "true"));
  if (!inline_rules) {
    YamlValue& selector = import.add("labelSelector", YamlValue::map());
    for (const model::LabelPair& p : stack.rule_selector)
      selector.add(p.name.value, YamlValue::string(p.value.value));
  }
}

}  // namespace

std::string escape_for_tpl(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "{{") == 0) {
      out += "{{ \"{{\" }}";
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

void emit_thanos(const std::vector<model::RuleSet>& sets, const model::Stack& stack,
                 const SourceManager& sm, const std::string& root, OutputSet& out) {
  std::map<std::string, int> stems;
  for (const model::RuleSet& set : sets) {
    if (set.language != model::QueryLanguage::PromQL) continue;
    stems[output_stem(set, relative_to(sm.file(set.file).path(), root), false)]++;
  }
  // Starts with the chart's example file, emptied.
  YamlValue mounted = YamlValue::map();
  mounted.add(kChartExampleRules, YamlValue::string(kNoGroups));
  bool any = false;
  for (const model::RuleSet& set : sets) {
    if (set.language != model::QueryLanguage::PromQL) continue;
    std::string rel = relative_to(sm.file(set.file).path(), root);
    std::string stem = output_stem(set, rel, false);
    if (stems[stem] > 1) stem = output_stem(set, rel, true);
    stem = output_component(stem);
    Span origin = rule_set_origin(set);
    if (set.format == model::RuleSourceFormat::PrometheusRule) {
      if (auto why = kubernetes_name_problem(set.resource_name)) {
        out.problems.push_back({DiagKind::InvalidOutputResourceName,
                                origin,
                                fmt::format("the PrometheusRule name '{}' is not a valid "
                                            "Kubernetes object name: {}",
                                            set.resource_name, *why),
                                {}});
      }
    }
    YamlValue file = YamlValue::map();
    file.add("groups", thanos_groups(set, stack));
    std::string rule_text = write_yaml(file);
    // A clash is reported once, for the rule file; the first source keeps every name.
    if (!out.add("thanos/rules/" + stem + ".yaml", generated_header(rel) + rule_text, origin))
      continue;
    mounted.add(stem + ".yaml", YamlValue::string(escape_for_tpl(rule_text)));
    any = true;

    YamlValue cr = YamlValue::map();
    cr.add("apiVersion", YamlValue::string("monitoring.coreos.com/v1"));
    cr.add("kind", YamlValue::string("PrometheusRule"));
    YamlValue& metadata = cr.add("metadata", YamlValue::map());
    metadata.add("name", YamlValue::string(resource_name(stem)));
    out.claim("PrometheusRule", resource_name(stem), origin);
    metadata.add("namespace", YamlValue::string(stack.rules_namespace));
    YamlValue& labels = metadata.add("labels", YamlValue::map());
    labels.add("app.kubernetes.io/managed-by", YamlValue::string("mzrules"));
    for (const model::LabelPair& p : stack.rule_selector) {
      labels.add(p.name.value, YamlValue::string(p.value.value));
    }
    cr.add("spec", YamlValue::map()).add("groups", thanos_groups(set, stack));
    out.add("thanos/prometheusrules/" + stem + ".yaml", generated_header(rel) + write_yaml(cr),
            origin);
  }
  if (!any) return;
  ruler_values(stack, std::move(mounted), out.chart_values.entry("thanos").entry("ruler"));
}

}  // namespace mzr::emit
