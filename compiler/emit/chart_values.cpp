#include "compiler/emit/chart_values.h"

#include <fmt/format.h>

#include <cctype>
#include <set>

namespace mzr::emit {
namespace {

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Adds the kube_* words of `text` to `found`; `prefixes` receives those followed by a regular
// expression wildcard.
void scan(std::string_view text, std::set<std::string>& found, std::set<std::string>& prefixes) {
  static constexpr std::string_view kPrefix = "kube_";
  for (size_t at = text.find(kPrefix); at != std::string_view::npos;
       at = text.find(kPrefix, at + 1)) {
    if (at > 0 && name_char(text[at - 1])) continue;
    size_t end = at;
    while (end < text.size() && name_char(text[end])) ++end;
    std::string word(text.substr(at, end - at));
    std::string_view rest = text.substr(end);
    if (rest.starts_with(".*") || rest.starts_with(".+")) {
      prefixes.insert(word);
    } else {
      found.insert(std::move(word));
    }
  }
}

YamlValue string_list(const std::vector<std::string>& items) {
  YamlValue seq = YamlValue::seq();
  for (const std::string& s : items) seq.push(YamlValue::string(s));
  return seq;
}

// connections.datasources: the chart provisions one Thanos and one Loki GrafanaDatasource
// (names "Thanos" and "Loki", uids mzmon-thanos and mzmon-loki by default). The stack's
// datasources are those two, so their name and uid go there and the dashboards find them.
void datasources(const model::GrafanaStack& grafana, OutputSet& out) {
  const model::GrafanaDatasource* slots[2] = {nullptr, nullptr};
  for (const model::GrafanaDatasource& ds : grafana.datasources) {
    bool loki = ds.type.value == "loki";
    const model::GrafanaDatasource*& slot = slots[loki ? 1 : 0];
    if (slot != nullptr) {
      out.problems.push_back(
          {DiagKind::ChartSettingUnsupported,
           ds.span,
           fmt::format("a second {} datasource cannot be expressed by materialize-monitoring "
                       "0.18.1: its connections.datasources provisions one Thanos and one Loki "
                       "datasource",
                       loki ? "Loki" : "Prometheus"),
           {{slot->span, "the first one"}}});
      continue;
    }
    slot = &ds;
  }
  if (slots[0] == nullptr && slots[1] == nullptr) return;
  YamlValue& sources = out.chart_values.entry("connections").entry("datasources");
  if (const model::GrafanaDatasource* ds = slots[0]) {
    YamlValue& t = sources.entry("thanos");
    t.add("name", YamlValue::string(ds->name.empty() ? ds->uid.value : ds->name));
    t.add("uid", YamlValue::string(ds->uid.value));
    t.add("isDefault", YamlValue::raw(ds->is_default ? "true" : "false"));
  }
  if (const model::GrafanaDatasource* ds = slots[1]) {
    YamlValue& l = sources.entry("loki");
    l.add("name", YamlValue::string(ds->name.empty() ? ds->uid.value : ds->name));
    l.add("uid", YamlValue::string(ds->uid.value));
    if (!ds->tenant.empty()) l.add("tenant", YamlValue::string(ds->tenant));
  }
}

// The thanos subchart 0.30.0: compactor retention per resolution and downsampling, query
// deduplication and partial response, store gateway time partitions. Argument lists replace the
// chart's, so they restate its defaults.
void thanos(const model::ChartStack& chart, OutputSet& out) {
  auto section = [&]() -> YamlValue& { return out.chart_values.entry("thanos"); };
  if (chart.retention_raw || chart.retention_5m || chart.retention_1h) {
    YamlValue& r = section().entry("compactor").entry("retention");
    if (chart.retention_raw) r.add("resolutionRaw", YamlValue::string(chart.retention_raw->value));
    if (chart.retention_5m) r.add("resolution5m", YamlValue::string(chart.retention_5m->value));
    if (chart.retention_1h) r.add("resolution1h", YamlValue::string(chart.retention_1h->value));
  }
  if (chart.downsampling && !*chart.downsampling) {
    section()
        .entry("compactor")
        .add("extraArgs", string_list({"--log.level=info", "--log.format=logfmt",
                                       "--consistency-delay=30m", "--downsampling.disable"}));
  }
  if (chart.replica_labels) {
    std::vector<std::string> labels;
    for (const model::Text& t : *chart.replica_labels) labels.push_back(t.value);
    section().entry("query").add("replicaLabels", string_list(labels));
  }
  if (chart.query_partial_response) {
    section().entry("query").add(
        "extraArgs", string_list({"--log.level=info", *chart.query_partial_response
                                                          ? "--query.partial-response"
                                                          : "--no-query.partial-response"}));
  }
  if (!chart.store_partitions.empty()) {
    YamlValue& sharded = section().entry("storegateway").entry("sharded");
    sharded.add("enabled", YamlValue::raw("true"));
    YamlValue& parts = sharded.add("timePartitioning", YamlValue::seq());
    for (const model::StorePartition& p : chart.store_partitions) {
      YamlValue part = YamlValue::map();
      part.add("min", YamlValue::string(p.min));
      part.add("max", YamlValue::string(p.max));
      parts.push(std::move(part));
    }
  }
}

YamlValue stream_list(const std::vector<model::LokiStreamRetention>& streams) {
  YamlValue seq = YamlValue::seq();
  for (const model::LokiStreamRetention& s : streams) {
    YamlValue item = YamlValue::map();
    item.add("selector", YamlValue::string(s.selector.value));
    item.add("priority", YamlValue::raw(std::to_string(s.priority)));
    item.add("period", YamlValue::string(s.period.value));
    seq.push(std::move(item));
  }
  return seq;
}

// Loki 18.11.0: global retention in `loki.limits_config` (which the umbrella already sets), per
// tenant in the runtime configuration's overrides. The compactor applies both; the umbrella
// turns `compactor.retention_enabled` on.
void loki(const model::ChartStack& chart, OutputSet& out) {
  if (chart.loki_retention || !chart.loki_streams.empty()) {
    YamlValue& limits = out.chart_values.entry("loki").entry("loki").entry("limits_config");
    if (chart.loki_retention)
      limits.add("retention_period", YamlValue::string(chart.loki_retention->value));
    if (!chart.loki_streams.empty())
      limits.add("retention_stream", stream_list(chart.loki_streams));
  }
  if (chart.loki_tenants.empty()) return;
  YamlValue& overrides =
      out.chart_values.entry("loki").entry("loki").entry("runtimeConfig").entry("overrides");
  for (const model::LokiTenantRetention& t : chart.loki_tenants) {
    YamlValue& tenant = overrides.entry(t.tenant.value);
    if (t.period) tenant.add("retention_period", YamlValue::string(t.period->value));
    if (!t.streams.empty()) tenant.add("retention_stream", stream_list(t.streams));
  }
}

}  // namespace

std::string chart_alertmanager_address() {
  return "{{ if contains \"alertmanager\" .Release.Name }}{{ .Release.Name | trunc 63 | "
         "trimSuffix \"-\" }}{{ else }}{{ printf \"%s-alertmanager\" .Release.Name | trunc 63 | "
         "trimSuffix \"-\" }}{{ end }}.{{ .Release.Namespace }}.svc:9093";
}

std::string chart_thanos_remote_write_url() {
  return "http://thanos-receive.{{ .Release.Namespace }}.svc:10908/api/v1/receive";
}

std::vector<std::string> used_kube_metrics(const std::vector<model::RuleSet>& sets,
                                           const std::vector<model::Dashboard>& dashboards,
                                           const std::vector<model::Catalog>& catalogs) {
  std::set<std::string> found;
  std::set<std::string> prefixes;
  for (const model::RuleSet& set : sets) {
    if (set.language != model::QueryLanguage::PromQL) continue;
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) scan(r.expr.text, found, prefixes);
    }
  }
  for (const model::Dashboard& d : dashboards) {
    for (const model::Variable& v : d.variables) scan(v.query.text, found, prefixes);
    model::for_each_panel(d.panels, [&](const model::Panel& p) {
      for (const model::PanelQuery& q : p.queries) scan(q.expr.text, found, prefixes);
    });
  }
  for (const model::Catalog& c : catalogs) {
    for (const model::MetricDecl& m : c.metrics) {
      for (const std::string& p : prefixes) {
        if (m.name.value.starts_with(p)) found.insert(m.name.value);
      }
    }
  }
  return {found.begin(), found.end()};
}

void emit_chart_values(const std::vector<model::RuleSet>& sets,
                       const std::vector<model::Dashboard>& dashboards,
                       const std::vector<model::Catalog>& catalogs, const model::Stack& stack,
                       OutputSet& out) {
  datasources(stack.grafana, out);
  thanos(stack.chart, out);
  loki(stack.chart, out);

  std::string summary;
  if (stack.chart.ksm_allowlist) {
    std::set<std::string> keep;
    for (const std::string& m : used_kube_metrics(sets, dashboards, catalogs)) keep.insert(m);
    for (const model::Text& t : stack.chart.ksm_keep) keep.insert(t.value);
    std::set<std::string> catalog;
    for (const model::Catalog& c : catalogs) {
      for (const model::MetricDecl& m : c.metrics) {
        if (m.name.value.starts_with("kube_")) catalog.insert(m.name.value);
      }
    }
    if (!keep.empty()) {
      out.chart_values.entry("kube-state-metrics")
          .add("metricAllowlist", string_list({keep.begin(), keep.end()}));
      summary = fmt::format(
          "# kube-state-metrics exports only the {} kube_* metric families the rules and\n"
          "# dashboards use or the stack keeps ({} in the catalog).\n",
          keep.size(), catalog.size());
    }
  }
  if (out.chart_values.empty()) return;
  out.files[std::string(kChartValuesPath)] =
      "# Generated by mzrules. Do not edit. Values for the materialize-monitoring umbrella chart\n"
      "# 0.18.1: helm install RELEASE materialize-monitoring -f <this file> -f <site values>.\n"
      "# The Thanos ruler evaluates the rule files of thanos/rules (Prometheus templates escaped\n"
      "# for Helm's tpl) and sends alerts to the chart's Alertmanager; the Loki ruler loads\n"
      "# loki/rules per tenant; Alertmanager runs alertmanager/alertmanager.yml. Service\n"
      "# addresses follow the release name and namespace. Dashboards are the GrafanaDashboard\n"
      "# resources of grafana/dashboards, for the chart's Grafana instance and datasources.\n" +
      summary + write_yaml(out.chart_values);
}

}  // namespace mzr::emit
