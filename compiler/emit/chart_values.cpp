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
void scan(std::string_view text, std::set<std::string>& found, std::set<std::string>& prefixes,
          std::string_view kPrefix = "kube_") {
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

// The node-exporter arguments of the umbrella chart 0.18.1 (`node-exporter.extraArgs`), each with
// the collector it belongs to, and the metric name prefixes of each collector (node_exporter's
// collector sources). A list replaces the chart's whole, so this restates it.
struct NodeArg {
  const char* arg;
  const char* collector;  // nullptr: always kept
};

constexpr NodeArg kNodeArgs[] = {
    {"--collector.disable-defaults", nullptr},
    {"--collector.cpu", "cpu"},
    {"--collector.cpufreq", "cpufreq"},
    {"--collector.loadavg", "loadavg"},
    {"--collector.schedstat", "schedstat"},
    {"--collector.stat", "stat"},
    {"--collector.pressure", "pressure"},
    {"--collector.meminfo", "meminfo"},
    {"--collector.vmstat", "vmstat"},
    {"--collector.swap", "swap"},
    {"--collector.vmstat.fields=^(oom_kill|pgpg|pswp|pg.*fault|pgscan|pgsteal|workingset).*$",
     "vmstat"},
    {"--collector.diskstats", "diskstats"},
    {"--collector.filesystem", "filesystem"},
    {"--collector.filesystem.mount-points-exclude=^/(dev|proc|run/credentials/.+|sys|var/lib/"
     "docker/.+|var/lib/containers/storage/.+|var/lib/kubelet/(pods|plugins)/.+|run/"
     "containerd/.+)($|/)",
     "filesystem"},
    {"--collector.nvme", "nvme"},
    {"--collector.xfs", "xfs"},
    {"--collector.netdev", "netdev"},
    {"--collector.netdev.device-exclude=^(lo|lxc.*|veth.*|cali.*|azv.*|docker.*|br-.*|"
     "nodelocal.*|kube-ipvs.*|dummy.*)$",
     "netdev"},
    {"--collector.netclass", "netclass"},
    {"--collector.netclass.ignored-devices=^(lo|lxc.*|veth.*|cali.*|azv.*|docker.*|br-.*|"
     "nodelocal.*|kube-ipvs.*|dummy.*)$",
     "netclass"},
    {"--collector.netstat", "netstat"},
    {"--collector.sockstat", "sockstat"},
    {"--collector.softnet", "softnet"},
    {"--collector.udp_queues", "udp_queues"},
    {"--collector.conntrack", "conntrack"},
    {"--collector.arp", "arp"},
    {"--collector.os", "os"},
    {"--collector.uname", "uname"},
    {"--collector.time", "time"},
    {"--collector.timex", "timex"},
    {"--collector.filefd", "filefd"},
    {"--collector.entropy", "entropy"},
    {"--collector.hwmon", "hwmon"},
    {"--collector.selinux", "selinux"},
    {"--collector.kernel_hung", "kernel_hung"},
};

struct CollectorMetrics {
  const char* collector;
  std::vector<std::string_view> prefixes;
};

const std::vector<CollectorMetrics>& collector_metrics() {
  static const std::vector<CollectorMetrics> table = {
      {"cpu",
       {"node_cpu_seconds", "node_cpu_guest", "node_cpu_core_throttles",
        "node_cpu_package_throttles", "node_cpu_isolated", "node_cpu_online", "node_cpu_info",
        "node_cpu_flag", "node_cpu_bug"}},
      {"cpufreq", {"node_cpu_frequency", "node_cpu_scaling"}},
      {"loadavg", {"node_load1", "node_load5", "node_load15"}},
      {"schedstat", {"node_schedstat_"}},
      {"stat",
       {"node_boot_time_seconds", "node_context_switches", "node_forks", "node_intr", "node_procs_",
        "node_softirqs"}},
      {"pressure", {"node_pressure_"}},
      {"meminfo", {"node_memory_"}},
      {"vmstat", {"node_vmstat_"}},
      {"swap", {"node_memory_swap", "node_swap_"}},
      {"diskstats", {"node_disk_"}},
      {"filesystem", {"node_filesystem_"}},
      {"nvme", {"node_nvme_"}},
      {"xfs", {"node_xfs_"}},
      {"netdev", {"node_network_receive_", "node_network_transmit_"}},
      {"netclass", {"node_network_"}},
      {"netstat", {"node_netstat_"}},
      {"sockstat", {"node_sockstat_"}},
      {"softnet", {"node_softnet_"}},
      {"udp_queues", {"node_udp_queues"}},
      {"conntrack", {"node_nf_conntrack_"}},
      {"arp", {"node_arp_"}},
      {"os", {"node_os_"}},
      {"uname", {"node_uname_"}},
      {"time", {"node_time_"}},
      {"timex", {"node_timex_"}},
      {"filefd", {"node_filefd_"}},
      {"entropy", {"node_entropy_"}},
      {"hwmon", {"node_hwmon_"}},
      {"selinux", {"node_selinux_"}},
      {"kernel_hung", {"node_kernel_hung"}},
  };
  return table;
}

// Metrics of node_exporter itself and of every collector run: always there.
bool exporter_own(std::string_view m) {
  return m.starts_with("node_exporter_") || m.starts_with("node_scrape_collector_") ||
         m.starts_with("node_textfile_");
}

// node-exporter's collectors reduced to those whose metrics the queries name, plus `keep`. A
// used node_* metric that is in the catalogs but belongs to no known collector leaves the list
// as the chart has it: the reduction must never stop a used metric. Words the catalogs do not
// know and no collector prefix matches (label names such as node_id) are not metrics.
void node_exporter(const std::vector<std::string>& words, const model::ChartStack& chart,
                   const std::set<std::string>& catalog, OutputSet& out, std::string& summary) {
  std::set<std::string> keep;
  for (const model::Text& t : chart.node_keep) {
    bool known = false;
    for (const NodeArg& a : kNodeArgs) known |= a.collector && t.value == a.collector;
    if (!known) {
      out.problems.push_back({DiagKind::ChartSettingUnsupported,
                              t.span,
                              fmt::format("node-exporter collector '{}' is not one the "
                                          "materialize-monitoring 0.18.1 chart runs",
                                          t.value),
                              {}});
      continue;
    }
    keep.insert(t.value);
  }
  for (const std::string& m : words) {
    if (exporter_own(m)) continue;
    bool matched = false;
    for (const CollectorMetrics& c : collector_metrics()) {
      for (std::string_view p : c.prefixes) {
        if (m.starts_with(p)) {
          keep.insert(c.collector);
          matched = true;
        }
      }
    }
    if (!matched && catalog.count(m)) return;  // a metric of no known collector: keep them all
  }
  if (keep.empty()) return;  // no node_* metric is used: the chart's list stays as it is
  std::vector<std::string> args;
  size_t collectors = 0;
  size_t kept = 0;
  for (const NodeArg& a : kNodeArgs) {
    bool flag = a.collector && std::string_view(a.arg).find('=') == std::string_view::npos;
    if (flag) ++collectors;
    if (a.collector && !keep.count(a.collector)) continue;
    if (flag) ++kept;
    args.push_back(a.arg);
  }
  out.chart_values.entry("node-exporter").add("extraArgs", string_list(args));
  summary += fmt::format(
      "# node-exporter runs {} of the chart's {} collectors: those whose metrics are used.\n", kept,
      collectors);
}

bool word_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}

// Every metric name word of `text`, histogram and summary series also as their family; a word
// followed by a regular expression wildcard goes to `prefixes`.
void words(std::string_view text, std::set<std::string>& found, std::set<std::string>& prefixes) {
  size_t i = 0;
  while (i < text.size()) {
    if (!word_start(text[i]) || (i > 0 && (name_char(text[i - 1]) || text[i - 1] == ':'))) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && (name_char(text[end]) || text[end] == ':')) ++end;
    std::string word(text.substr(i, end - i));
    std::string_view rest = text.substr(end);
    if (rest.starts_with(".*") || rest.starts_with(".+")) {
      prefixes.insert(word);
    } else {
      for (std::string_view suffix : {"_bucket", "_sum", "_count", "_created"}) {
        if (word.size() > suffix.size() && word.ends_with(suffix))
          found.insert(word.substr(0, word.size() - suffix.size()));
      }
      found.insert(std::move(word));
    }
    i = end;
  }
}

// pipeline.metrics.gateway.denyMetrics: the catalog metrics no rule or dashboard names. The chart
// joins the list with '|' into one regular expression; metric names need no escaping there.
void pipeline(const std::vector<model::RuleSet>& sets,
              const std::vector<model::Dashboard>& dashboards,
              const std::vector<model::Catalog>& catalogs, const model::ChartStack& chart,
              OutputSet& out, std::string& summary) {
  std::set<std::string> used;
  std::set<std::string> prefixes;
  for (const model::RuleSet& set : sets) {
    if (set.language != model::QueryLanguage::PromQL) continue;
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) words(r.expr.text, used, prefixes);
    }
  }
  for (const model::Dashboard& d : dashboards) {
    for (const model::Variable& v : d.variables) words(v.query.text, used, prefixes);
    model::for_each_panel(d.panels, [&](const model::Panel& p) {
      for (const model::PanelQuery& q : p.queries) words(q.expr.text, used, prefixes);
    });
  }
  for (const model::Text& t : chart.pipeline_keep) used.insert(t.value);
  std::set<std::string> catalog;
  for (const model::Catalog& c : catalogs) {
    for (const model::MetricDecl& m : c.metrics) catalog.insert(m.name.value);
  }
  std::vector<std::string> deny;
  for (const std::string& m : catalog) {
    bool kept = used.count(m) > 0;
    for (const std::string& p : prefixes) kept |= m.starts_with(p);
    if (!kept) deny.push_back(m);
  }
  if (deny.empty()) return;
  out.chart_values.entry("pipeline")
      .entry("metrics")
      .entry("gateway")
      .add("denyMetrics", string_list(deny));
  summary += fmt::format(
      "# The pipeline drops the {} catalog metric families nothing uses and keeps {} of {}.\n",
      deny.size(), catalog.size() - deny.size(), catalog.size());
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
                                           const std::vector<model::Catalog>& catalogs,
                                           std::string_view prefix) {
  std::set<std::string> found;
  std::set<std::string> prefixes;
  for (const model::RuleSet& set : sets) {
    if (set.language != model::QueryLanguage::PromQL) continue;
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) scan(r.expr.text, found, prefixes, prefix);
    }
  }
  for (const model::Dashboard& d : dashboards) {
    for (const model::Variable& v : d.variables) scan(v.query.text, found, prefixes, prefix);
    model::for_each_panel(d.panels, [&](const model::Panel& p) {
      for (const model::PanelQuery& q : p.queries) scan(q.expr.text, found, prefixes, prefix);
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
  if (stack.chart.node_collectors_derived) {
    std::set<std::string> catalog;
    for (const model::Catalog& c : catalogs) {
      for (const model::MetricDecl& m : c.metrics) {
        if (m.name.value.starts_with("node_")) catalog.insert(m.name.value);
      }
    }
    node_exporter(used_kube_metrics(sets, dashboards, catalogs, "node_"), stack.chart, catalog, out,
                  summary);
  }
  if (stack.chart.pipeline_drop_unused)
    pipeline(sets, dashboards, catalogs, stack.chart, out, summary);
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
