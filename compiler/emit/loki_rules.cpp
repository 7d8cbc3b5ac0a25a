#include "compiler/emit/loki_rules.h"

#include <fmt/format.h>

#include <map>

#include "compiler/emit/chart_values.h"
#include "compiler/emit/output_names.h"
#include "compiler/emit/rule_yaml.h"
#include "compiler/emit/thanos_rules.h"
#include "compiler/emit/yaml_writer.h"

namespace mzr::emit {
namespace {

const std::string& tenant_of(const model::RuleGroup& g, const model::Stack& stack) {
  return g.tenant ? g.tenant->value : stack.loki.tenant;
}

// Where a group's tenant was named: the group's own `tenant`, else the group (the stack's
// default tenant applies to it).
Span tenant_span(const model::RuleGroup& g) {
  return g.tenant ? g.tenant->span : g.span;
}

// The Loki ruler's configuration (`loki.rulerConfig`): rules from local storage, alerts to the
// umbrella's Alertmanager and recorded series to its Thanos receiver unless the stack names
// others. The chart passes the Loki configuration through tpl, so the addresses follow the
// release.
YamlValue ruler_config(const model::LokiStack& loki, bool recording) {
  YamlValue config = YamlValue::map();
  YamlValue& storage = config.add("storage", YamlValue::map());
  storage.add("type", YamlValue::string("local"));
  storage.add("local", YamlValue::map()).add("directory", YamlValue::string(loki.rules_directory));
  config.add("alertmanager_url", YamlValue::string(loki.alertmanager_url.empty()
                                                       ? "http://" + chart_alertmanager_address()
                                                       : escape_for_tpl(loki.alertmanager_url)));
  if (recording) {
    YamlValue& rw = config.add("remote_write", YamlValue::map());
    rw.add("enabled", YamlValue::raw("true"));
    rw.add("clients", YamlValue::map())
        .add("thanos", YamlValue::map())
        .add("url", YamlValue::string(loki.remote_write_url.empty()
                                          ? chart_thanos_remote_write_url()
                                          : escape_for_tpl(loki.remote_write_url)));
  }
  return config;
}

}  // namespace

void emit_loki(const std::vector<model::RuleSet>& sets, const model::Stack& stack,
               const SourceManager& sm, const std::string& root, OutputSet& out) {
  auto is_loki = [](const model::RuleSet& s) {
    return s.language == model::QueryLanguage::LogQL && !s.groups.empty();
  };
  std::map<std::string, int> stems;
  for (const model::RuleSet& set : sets) {
    if (is_loki(set)) stems[output_stem(set, relative_to(sm.file(set.file).path(), root), false)]++;
  }
  // tenant → file name → rule file without its header; maps keep both sorted.
  std::map<std::string, std::map<std::string, std::string>> tenants;
  bool recording = false;
  for (const model::RuleSet& set : sets) {
    if (!is_loki(set)) continue;
    std::string rel = relative_to(sm.file(set.file).path(), root);
    std::string stem = output_stem(set, rel, false);
    if (stems[stem] > 1) stem = output_stem(set, rel, true);
    stem = output_component(stem);
    model::RuleSet no_groups = set;
    no_groups.groups.clear();
    std::map<std::string, model::RuleSet> by_tenant;
    for (const model::RuleGroup& g : set.groups) {
      // The tenant names a folder of the output and of the ruler's storage: it must be one Loki
      // accepts, and is then safe as a path component.
      if (auto why = loki_tenant_problem(tenant_of(g, stack))) {
        out.problems.push_back(
            {DiagKind::InvalidLokiTenant,
             tenant_span(g),
             fmt::format("'{}' is not a Loki tenant ID: {}", tenant_of(g, stack), *why),
             {}});
        continue;
      }
      model::RuleSet& part = by_tenant.try_emplace(tenant_of(g, stack), no_groups).first->second;
      model::RuleGroup copy = g;
      copy.partial_response_strategy.reset();  // Thanos only
      for (const model::Rule& r : g.rules) recording |= r.kind == model::RuleKind::Recording;
      part.groups.push_back(std::move(copy));
    }
    for (const auto& [tenant, part] : by_tenant) {
      YamlValue file = YamlValue::map();
      file.add("groups",
               rule_groups_yaml(part, std::nullopt, [](const model::RuleGroup&) { return true; }));
      std::string text = write_yaml(file);
      if (out.add("loki/rules/" + tenant + "/" + stem + ".yaml", generated_header(rel) + text,
                  rule_set_origin(set))) {
        tenants[tenant][stem + ".yaml"] = std::move(text);
      }
    }
  }
  if (tenants.empty()) return;

  YamlValue& chart = out.chart_values.entry("loki");
  YamlValue& loki = chart.entry("loki");
  loki.add("rulerConfig", ruler_config(stack.loki, recording));
  // With `loki.storage.use_thanos_objstore` (the umbrella's default) Loki reads rules from
  // `ruler_storage` and ignores `ruler.storage`: point that at the same local folder.
  YamlValue& ruler_storage = loki.entry("structuredConfig").entry("ruler_storage");
  ruler_storage.add("backend", YamlValue::string("local"));
  ruler_storage.add("local", YamlValue::map())
      .add("directory", YamlValue::string(stack.loki.rules_directory));
  YamlValue& directories = chart.entry("ruler").add("directories", YamlValue::map());
  for (const auto& [tenant, files] : tenants) {
    YamlValue& dir = directories.add(tenant, YamlValue::map());
    for (const auto& [name, text] : files) dir.add(name, YamlValue::string(text));
  }
}

}  // namespace mzr::emit
