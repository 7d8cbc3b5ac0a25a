#include "compiler/dsl/lower_dashboard.h"

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/dsl/lower_dashboard_lowerer.h"

namespace mzr::dsl::dashboard_lowering {
namespace {

constexpr std::array<std::string_view, 11> kDashboardSettings = {
    "tags",          "description", "refresh", "time", "timezone",  "editable",
    "graph_tooltip", "folder",      "schema",  "link", "week_start"};

}  // namespace

bool is_panel_type(std::string_view k) {
  return std::find(kPanelTypes.begin(), kPanelTypes.end(), k) != kPanelTypes.end();
}

model::Text mtext(const Text& t) {
  return {t.value, t.span};
}

std::string_view plugin_for_panel(std::string_view type) {
  return type == "logs" ? "loki" : "prometheus";
}

std::string dedented(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  size_t common = std::string_view::npos;
  for (size_t i = 1; i < lines.size(); ++i) {
    size_t n = lines[i].find_first_not_of(" \t");
    if (n != std::string_view::npos) common = std::min(common, n);
  }
  std::string out(lines[0]);
  for (size_t i = 1; i < lines.size(); ++i) {
    out += '\n';
    std::string_view l = lines[i];
    out += l.substr(std::min(l.size(), common));
  }
  return out;
}

model::Dashboard DashboardLowerer::dashboard(const DashboardBlock& b) {
  d_.schema = model::DashboardSchema::Classic;
  d_.span = b.span;
  d_.uid = {b.uid.value, b.uid.span};
  if (b.title) d_.title = mtext(*b.title);
  // Variables first: panels refer to datasource variables.
  J variables = J::array();
  for (const DashEntry& e : b.body) {
    if (e.kind == DashEntry::Kind::Variable) variables.push_back(variable(e));
  }
  J doc = J::object();
  doc["uid"] = d_.uid.value;
  doc["title"] = d_.title.value;
  J panels = J::array();
  J links = J::array();
  std::map<std::string, Span> seen;
  std::optional<Span> first_row;
  for (const DashEntry& e : b.body) {
    if (e.kind == DashEntry::Kind::Variable) continue;
    if (misplaced(e, "a dashboard", false, false, true)) continue;
    const std::string& key = e.key.value;
    if (key == "row" || is_panel_type(key)) {
      if (key == "row") {
        if (!first_row) first_row = e.key.span;
        row(e, panels);
      } else if (first_row) {
        diags_
            .report(DiagKind::DslPanelAfterRow, e.key.span,
                    "a panel after a row belongs to that row in Grafana; write it inside the "
                    "row, or above the first row")
            .note(*first_row, "the first row");
      } else if (auto p = panel(e)) {
        panels.push_back(std::move(p->first));
        d_.panels.push_back(std::move(p->second));
      }
      continue;
    }
    if (std::find(kDashboardSettings.begin(), kDashboardSettings.end(), key) ==
        kDashboardSettings.end()) {
      if (key.empty()) continue;  // left by a syntax error, already reported
      std::vector<std::string_view> known = words(kDashboardSettings);
      known.insert(known.end(), kPanelTypes.begin(), kPanelTypes.end());
      known.push_back("row");
      known.push_back("variable");
      unknown(e.key, "dashboard setting or panel type", known);
      continue;
    }
    if (!is_setting(e)) continue;
    if (key == "link") {
      if (auto l = link(e)) {
        J j = {{"title", l->title.value},
               {"type", "link"},
               {"url", l->url.value},
               {"icon", "external link"},
               {"targetBlank", true}};
        links.push_back(std::move(j));
        d_.links.push_back(std::move(*l));
      }
      continue;
    }
    if (!first(seen, e)) continue;
    dashboard_setting(e, doc);
  }
  if (!doc.contains("tags")) doc["tags"] = J::array();
  doc["timezone"] = doc.value("timezone", "browser");
  if (!doc.contains("editable")) doc["editable"] = false;
  if (!doc.contains("graphTooltip")) doc["graphTooltip"] = 1;
  if (!doc.contains("time")) doc["time"] = {{"from", "now-6h"}, {"to", "now"}};
  if (!doc.contains("refresh")) doc["refresh"] = "1m";
  doc["schemaVersion"] = kSchemaVersion;
  doc["annotations"] = {{"list", J::array({builtin_annotation()})}};
  doc["templating"] = {{"list", std::move(variables)}};
  doc["links"] = std::move(links);
  doc["panels"] = std::move(panels);
  d_.document = std::move(doc);
  return std::move(d_);
}

void DashboardLowerer::unknown(const Name& key, std::string_view what,
                               const std::vector<std::string_view>& known) {
  diags_.report(DiagKind::DslUnknownKeyword, key.span,
                fmt::format("unknown {} '{}'{}", what, key.value, did_you_mean(key.value, known)));
}

bool DashboardLowerer::first(std::map<std::string, Span>& seen, const DashEntry& e) {
  return values_.first(seen, e.key);
}

// Reports a query, threshold steps or a variable where they cannot be written.
bool DashboardLowerer::misplaced(const DashEntry& e, std::string_view where, bool query,
                                 bool thresholds, bool variable) {
  using K = DashEntry::Kind;
  bool bad = (e.kind == K::Query && !query) || (e.kind == K::Thresholds && !thresholds) ||
             (e.kind == K::Variable && !variable);
  if (!bad) return false;
  std::string_view what = e.kind == K::Query        ? "a query"
                          : e.kind == K::Thresholds ? "threshold steps"
                                                    : "a variable";
  std::string_view belongs = e.kind == K::Query        ? "in panels and variables"
                             : e.kind == K::Thresholds ? "in panels"
                                                       : "at the top of the dashboard";
  diags_.report(DiagKind::DslInvalidValue, e.keyword,
                fmt::format("{} cannot be written in {}, only {}", what, where, belongs));
  return true;
}

// A `key value` setting, without a body.
// (Queries, threshold steps and variables never get here: `misplaced` has dealt with them.)
bool DashboardLowerer::is_setting(const DashEntry& e) {
  if (e.kind == DashEntry::Kind::Setting && !e.has_body) return true;
  diags_.report(
      DiagKind::DslInvalidValue, e.has_body ? e.body_span : e.key.span,
      fmt::format("'{}' is a setting, written '{} value', not a block", e.key.value, e.key.value));
  return false;
}

// `link "Title", "https://..."`
std::optional<model::DashboardLink> DashboardLowerer::link(const DashEntry& e) {
  auto parts = values_.scalars(e.values, e.key);
  if (!parts) return std::nullopt;
  if (parts->size() != 2) {
    diags_.report(DiagKind::DslInvalidValue, e.span,
                  "a link is written 'link \"Title\", \"https://...\"'");
    return std::nullopt;
  }
  return model::DashboardLink{mtext((*parts)[0]), mtext((*parts)[1]), e.span};
}

J DashboardLowerer::builtin_annotation() {
  return {{"builtIn", 1},
          {"datasource", {{"type", "grafana"}, {"uid", "-- Grafana --"}}},
          {"enable", true},
          {"hide", true},
          {"iconColor", "rgba(0, 211, 255, 1)"},
          {"name", "Annotations & Alerts"},
          {"type", "dashboard"}};
}

void DashboardLowerer::dashboard_setting(const DashEntry& e, J& doc) {
  const std::string& key = e.key.value;
  if (key == "tags") {
    if (auto tags = values_.scalars(e.values, e.key)) {
      J a = J::array();
      for (const Text& t : *tags) {
        a.push_back(t.value);
        d_.tags.push_back(mtext(t));
      }
      doc["tags"] = std::move(a);
    }
  } else if (key == "description") {
    if (auto t = values_.scalar(e.values, e.key)) doc["description"] = t->value;
  } else if (key == "refresh") {
    if (auto t = values_.scalar(e.values, e.key)) doc["refresh"] = t->value;
  } else if (key == "time") {
    // `time now-6h` or `time now-7d, now-1d`.
    if (auto range = values_.scalars(e.values, e.key)) {
      if (range->empty() || range->size() > 2) {
        diags_.report(DiagKind::DslInvalidValue, e.span,
                      "'time' is the start of the time range, or its start and end");
      } else {
        doc["time"] = {{"from", (*range)[0].value},
                       {"to", range->size() == 2 ? (*range)[1].value : "now"}};
      }
    }
  } else if (key == "timezone") {
    if (auto t = values_.scalar(e.values, e.key)) doc["timezone"] = t->value;
  } else if (key == "week_start") {
    if (auto t = values_.one_of(e.values, e.key, {"monday", "saturday", "sunday"}))
      doc["weekStart"] = t->value;
  } else if (key == "editable") {
    if (auto v = values_.boolean(e.values, e.key)) doc["editable"] = *v;
  } else if (key == "graph_tooltip") {
    if (auto t =
            values_.one_of(e.values, e.key, {"default", "shared_crosshair", "shared_tooltip"})) {
      doc["graphTooltip"] = t->value == "default" ? 0 : t->value == "shared_crosshair" ? 1 : 2;
    }
  } else if (key == "folder") {
    if (auto t = values_.scalar(e.values, e.key)) d_.folder = mtext(*t);
  } else if (key == "schema") {
    if (auto t = values_.one_of(e.values, e.key, {"classic", "v2"})) {
      d_.deploy_schema =
          t->value == "v2" ? model::DashboardSchema::V2 : model::DashboardSchema::Classic;
    }
  }
}

}  // namespace mzr::dsl::dashboard_lowering

namespace mzr::dsl {

model::Dashboard lower_dashboard(const DashboardBlock& block, const model::GrafanaStack& grafana,
                                 Diagnostics& diags) {
  return dashboard_lowering::DashboardLowerer(grafana, diags).dashboard(block);
}

}  // namespace mzr::dsl
