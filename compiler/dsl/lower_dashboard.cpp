#include "compiler/dsl/lower_dashboard.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "compiler/base/suggest.h"
#include "compiler/dsl/lower_values.h"

namespace mzr::dsl {
namespace {

using J = nlohmann::ordered_json;

constexpr int64_t kGridWidth = 24;
// The schema version of the dashboards written; Grafana migrates older ones on load.
constexpr int kSchemaVersion = 39;

constexpr std::array<std::string_view, 25> kPanelTypes = {
    "timeseries",  "stat",       "gauge",          "bargauge",       "table",
    "logs",        "heatmap",    "text",           "piechart",       "barchart",
    "histogram",   "xychart",    "state-timeline", "status-history", "trend",
    "candlestick", "alertlist",  "dashlist",       "news",           "nodeGraph",
    "traces",      "flamegraph", "canvas",         "geomap",         "datagrid"};

constexpr std::array<std::string_view, 11> kDashboardSettings = {
    "tags",          "description", "refresh", "time", "timezone",  "editable",
    "graph_tooltip", "folder",      "schema",  "link", "week_start"};

constexpr std::array<std::string_view, 21> kPanelSettings = {
    "unit",     "description",      "min",         "max",          "decimals", "width",   "height",
    "repeat",   "repeat_direction", "max_per_row", "datasource",   "link",     "options", "custom",
    "defaults", "overrides",        "transparent", "min_interval", "content",  "color",   "stack"};

constexpr std::array<std::string_view, 8> kQueryOptions = {
    "legend", "instant", "range", "format", "interval", "hidden", "ref", "datasource"};

constexpr std::array<std::string_view, 17> kVariableSettings = {
    "query",   "custom", "constant",    "textbox", "interval",    "datasource_type",
    "adhoc",   "label",  "description", "multi",   "include_all", "all_value",
    "current", "hide",   "datasource",  "regex",   "sort"};

bool is_panel_type(std::string_view k) {
  return std::find(kPanelTypes.begin(), kPanelTypes.end(), k) != kPanelTypes.end();
}

template <size_t N>
std::vector<std::string_view> words(const std::array<std::string_view, N>& a) {
  return {a.begin(), a.end()};
}

model::Text mtext(const Text& t) {
  return {t.value, t.span};
}

// Logs panels read Loki; every other kind of panel written here reads Prometheus (Thanos).
std::string_view plugin_for_panel(std::string_view type) {
  return type == "logs" ? "loki" : "prometheus";
}

// A query as Grafana's editor shows it: continuation lines lose the indentation they share, which
// in the .mzr file only said that they continue the query.
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

struct Layout {
  int64_t x = 0;
  int64_t y = 0;
  int64_t line_height = 0;

  void new_line() {
    y += line_height;
    x = 0;
    line_height = 0;
  }
  model::GridPos place(int64_t w, int64_t h) {
    if (x > 0 && x + w > kGridWidth) new_line();
    model::GridPos p;
    p.x = x;
    p.y = y;
    p.w = w;
    p.h = h;
    x += w;
    line_height = std::max(line_height, h);
    return p;
  }
};

class DashboardLowerer {
 public:
  DashboardLowerer(const model::GrafanaStack& grafana, Diagnostics& diags)
      : grafana_(grafana), diags_(diags), values_(diags) {}

  model::Dashboard dashboard(const DashboardBlock& b) {
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

 private:
  // -- shared -----------------------------------------------------------------------------

  void unknown(const Name& key, std::string_view what, const std::vector<std::string_view>& known) {
    diags_.report(
        DiagKind::DslUnknownKeyword, key.span,
        fmt::format("unknown {} '{}'{}", what, key.value, did_you_mean(key.value, known)));
  }

  bool first(std::map<std::string, Span>& seen, const DashEntry& e) {
    return values_.first(seen, e.key);
  }

  // Reports a query, threshold steps or a variable where they cannot be written.
  bool misplaced(const DashEntry& e, std::string_view where, bool query, bool thresholds,
                 bool variable) {
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
  bool is_setting(const DashEntry& e) {
    if (e.kind == DashEntry::Kind::Setting && !e.has_body) return true;
    diags_.report(DiagKind::DslInvalidValue, e.has_body ? e.body_span : e.key.span,
                  fmt::format("'{}' is a setting, written '{} value', not a block", e.key.value,
                              e.key.value));
    return false;
  }

  // `link "Title", "https://..."`
  std::optional<model::DashboardLink> link(const DashEntry& e) {
    auto parts = values_.scalars(e.values, e.key);
    if (!parts) return std::nullopt;
    if (parts->size() != 2) {
      diags_.report(DiagKind::DslInvalidValue, e.span,
                    "a link is written 'link \"Title\", \"https://...\"'");
      return std::nullopt;
    }
    return model::DashboardLink{mtext((*parts)[0]), mtext((*parts)[1]), e.span};
  }

  static J builtin_annotation() {
    return {{"builtIn", 1},
            {"datasource", {{"type", "grafana"}, {"uid", "-- Grafana --"}}},
            {"enable", true},
            {"hide", true},
            {"iconColor", "rgba(0, 211, 255, 1)"},
            {"name", "Annotations & Alerts"},
            {"type", "dashboard"}};
  }

  void dashboard_setting(const DashEntry& e, J& doc) {
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

  // -- datasources --------------------------------------------------------------------------

  struct Source {
    model::DatasourceRef ref;
    J json;
  };

  Source source_of(std::string_view type, std::string uid, Span at) {
    Source s;
    s.ref.present = true;
    s.ref.type = model::Text{std::string(type), at};
    s.ref.uid = model::Text{uid, at};
    s.ref.span = at;
    s.json = {{"type", type}, {"uid", std::move(uid)}};
    return s;
  }

  // The default datasource of a kind: the dashboard's datasource variable, else the stack's.
  std::optional<Source> default_source(std::string_view type, Span at, std::string_view what) {
    for (const model::Variable& v : d_.variables) {
      if (v.kind == model::VariableKind::Datasource && v.plugin_id == type)
        return source_of(type, "${" + v.name.value + "}", at);
    }
    const model::GrafanaDatasource* best = nullptr;
    for (const model::GrafanaDatasource& ds : grafana_.datasources) {
      if (ds.type.value == type && (!best || (ds.is_default && !best->is_default))) best = &ds;
    }
    if (best) return source_of(type, best->uid.value, at);
    diags_.report(DiagKind::DslNoDatasource, at,
                  fmt::format("no {} datasource for this {}: the stack's grafana settings have "
                              "none, and the dashboard has no datasource variable for it",
                              type == "loki" ? "Loki" : "Prometheus", what));
    return std::nullopt;
  }

  // `datasource thanos` (a stack datasource) or `datasource "$ds"` (a datasource variable).
  std::optional<Source> named_source(const DashEntry& e) {
    auto name = values_.scalar(e.values, e.key);
    if (!name) return std::nullopt;
    std::string v = name->value;
    if (v.starts_with("$")) {
      std::string var = v.substr(v.starts_with("${") ? 2 : 1);
      if (v.starts_with("${") && var.ends_with("}")) var.pop_back();
      for (const model::Variable& x : d_.variables) {
        if (x.kind == model::VariableKind::Datasource && x.name.value == var)
          return source_of(x.plugin_id, "${" + var + "}", name->span);
      }
      std::vector<std::string_view> known;
      for (const model::Variable& x : d_.variables) {
        if (x.kind == model::VariableKind::Datasource) known.push_back(x.name.value);
      }
      diags_.report(DiagKind::DslUnknownDatasource, name->span,
                    fmt::format("'{}' is not a datasource variable of this dashboard{}", var,
                                did_you_mean(var, known)));
      return std::nullopt;
    }
    std::vector<std::string_view> known;
    for (const model::GrafanaDatasource& ds : grafana_.datasources) {
      if (ds.uid.value == v) return source_of(ds.type.value, v, name->span);
      known.push_back(ds.uid.value);
    }
    diags_.report(
        DiagKind::DslUnknownDatasource, name->span,
        fmt::format("'{}' is not one of the stack's Grafana datasources{}", v,
                    known.empty() ? std::string(" (it describes none)") : did_you_mean(v, known)));
    return std::nullopt;
  }

  // -- variables ----------------------------------------------------------------------------

  J variable(const DashEntry& e) {
    model::Variable v;
    v.name = {e.key.value, e.key.span};
    v.span = e.span;
    J j = J::object();
    j["name"] = v.name.value;
    std::optional<std::string> kind;
    const DashEntry* query = nullptr;
    Expression query_expr;
    if (e.expr) {
      kind = "query";
      query_expr = *e.expr;
      query = &e;
    }
    std::map<std::string, Span> seen;
    std::vector<const DashEntry*> settings;
    for (const DashEntry& s : e.body) {
      const std::string& key = s.key.value;
      if (misplaced(s, "a variable", true, false, false)) continue;
      if (s.kind == DashEntry::Kind::Query) {
        if (!first(seen, s)) continue;
        if (query) {
          diags_.report(DiagKind::DslDuplicateField, s.keyword,
                        "the variable's query is given twice");
          continue;
        }
        query = &s;
        if (s.expr) query_expr = *s.expr;
      } else if (std::find(kVariableSettings.begin(), kVariableSettings.end(), key) ==
                 kVariableSettings.end()) {
        if (!key.empty()) unknown(s.key, "variable setting", words(kVariableSettings));
        continue;
      } else if (!is_setting(s)) {
        continue;
      } else if (!first(seen, s)) {
        continue;
      } else {
        settings.push_back(&s);
        continue;
      }
      if (kind && *kind != "query") {
        diags_.report(DiagKind::DslInvalidValue, s.keyword,
                      fmt::format("a variable is of one kind; this one is already {}", *kind));
        continue;
      }
      kind = "query";
    }
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kKinds = {{
        {"custom", "custom"},
        {"constant", "constant"},
        {"textbox", "textbox"},
        {"interval", "interval"},
        {"datasource_type", "datasource"},
        {"adhoc", "adhoc"},
    }};
    const DashEntry* kind_entry = nullptr;
    for (const DashEntry* s : settings) {
      for (const auto& [key, k] : kKinds) {
        if (s->key.value != key) continue;
        if (kind) {
          diags_.report(DiagKind::DslInvalidValue, s->key.span,
                        fmt::format("a variable is of one kind; this one is already {}", *kind));
          continue;
        }
        kind = std::string(k);
        kind_entry = s;
      }
    }
    if (!kind) {
      diags_.report(DiagKind::DslInvalidValue, e.key.span,
                    fmt::format("variable '{}' has no values: give it a query ('variable {} = "
                                "label_values(...)'), or one of custom, constant, textbox, "
                                "interval, datasource_type or adhoc",
                                e.key.value, e.key.value));
      return j;
    }
    j["type"] = *kind;
    static constexpr std::array<std::pair<std::string_view, model::VariableKind>, 7> kModelKinds = {
        {
            {"query", model::VariableKind::Query},
            {"custom", model::VariableKind::Custom},
            {"constant", model::VariableKind::Constant},
            {"textbox", model::VariableKind::Textbox},
            {"interval", model::VariableKind::Interval},
            {"datasource", model::VariableKind::Datasource},
            {"adhoc", model::VariableKind::Adhoc},
        }};
    for (const auto& [k, mk] : kModelKinds) {
      if (k == *kind) v.kind = mk;
    }
    const DashEntry* datasource_entry = nullptr;
    for (const DashEntry* s : settings) {
      if (s->key.value == "datasource") datasource_entry = s;
    }
    if (*kind == "query" || *kind == "adhoc") {
      std::optional<Source> src;
      if (datasource_entry) {
        src = named_source(*datasource_entry);
      } else if (*kind == "adhoc" && kind_entry) {
        src = named_source(*kind_entry);
      } else {
        src = default_source("prometheus", e.key.span, "variable");
      }
      if (src) {
        j["datasource"] = src->json;
        v.datasource = src->ref;
      }
    }
    if (*kind == "query") {
      v.query = query_expr.text;
      v.query_span = query_expr.span;
      v.has_query = !query_expr.text.text.empty();
      j["query"] = dedented(query_expr.text.text);
      j["definition"] = j["query"];
      j["refresh"] = 2;  // on time range change
      j["regex"] = "";
      j["sort"] = 1;
    } else if (kind_entry && *kind != "adhoc") {
      const std::string& key = kind_entry->key.value;
      if (key == "datasource_type") {
        if (auto t = values_.one_of(kind_entry->values, kind_entry->key, {"prometheus", "loki"})) {
          v.plugin_id = t->value;
          j["query"] = t->value;
          j["regex"] = "";
        }
      } else if (key == "constant" || key == "textbox") {
        if (auto t = values_.scalar(kind_entry->values, kind_entry->key)) {
          j["query"] = t->value;
          v.values.push_back(t->value);
          v.query = EmbeddedText::verbatim(t->value, t->span.file, t->span.begin);
          if (key == "constant") j["hide"] = 2;
          j["current"] = {{"text", t->value}, {"value", t->value}};
        }
      } else if (auto list = values_.scalars(kind_entry->values, kind_entry->key)) {
        std::string joined;
        J options = J::array();
        for (size_t i = 0; i < list->size(); ++i) {
          const std::string& item = (*list)[i].value;
          joined += (i > 0 ? "," : "") + item;
          v.values.push_back(item);
          options.push_back({{"selected", i == 0}, {"text", item}, {"value", item}});
        }
        j["query"] = joined;
        j["options"] = std::move(options);
        if (!list->empty()) {
          const std::string& current = list->front().value;
          j["current"] = {{"text", current}, {"value", current}};
        }
        if (key == "interval") j["auto"] = false;
      }
    }
    for (const DashEntry* s : settings) {
      const std::string& key = s->key.value;
      if (key == "label") {
        if (auto t = values_.scalar(s->values, s->key)) j["label"] = t->value;
      } else if (key == "description") {
        if (auto t = values_.scalar(s->values, s->key)) j["description"] = t->value;
      } else if (key == "multi" || key == "include_all") {
        if (*kind != "query" && *kind != "custom") {
          diags_.report(DiagKind::DslInvalidValue, s->key.span,
                        fmt::format("'{}' is for query and custom variables", key));
          continue;
        }
        if (auto b = values_.boolean(s->values, s->key)) {
          j[key == "multi" ? "multi" : "includeAll"] = *b;
          (key == "multi" ? v.multi : v.include_all) = *b;
        }
      } else if (key == "all_value") {
        if (auto t = values_.scalar(s->values, s->key)) {
          j["allValue"] = t->value;
          v.all_value = mtext(*t);
        }
      } else if (key == "current") {
        if (auto t = values_.scalar(s->values, s->key))
          j["current"] = {{"text", t->value}, {"value", t->value}};
      } else if (key == "hide") {
        if (auto t = values_.one_of(s->values, s->key, {"nothing", "label", "variable"}))
          j["hide"] = t->value == "nothing" ? 0 : t->value == "label" ? 1 : 2;
      } else if (key == "regex") {
        if (auto t = values_.scalar(s->values, s->key)) j["regex"] = t->value;
      } else if (key == "sort") {
        static const std::vector<std::string_view> kSorts = {
            "none",           "alphabetical",    "alphabetical_desc",   "numerical",
            "numerical_desc", "alphabetical_ci", "alphabetical_ci_desc"};
        if (auto t = values_.one_of(s->values, s->key, kSorts)) {
          j["sort"] = std::find(kSorts.begin(), kSorts.end(), t->value) - kSorts.begin();
        }
      } else if (key == "datasource" && *kind != "query" && *kind != "adhoc") {
        diags_.report(DiagKind::DslInvalidValue, s->key.span,
                      "'datasource' is for query and ad hoc filter variables");
      }
    }
    if (!j.contains("current")) j["current"] = J::object();
    if (!j.contains("hide")) j["hide"] = 0;
    d_.variables.push_back(std::move(v));
    return j;
  }

  // -- rows and panels ----------------------------------------------------------------------

  void row(const DashEntry& e, J& panels) {
    J j = J::object();
    std::optional<Text> title;
    if (e.kind == DashEntry::Kind::Setting) title = values_.scalar(e.values, e.key);
    if (!e.has_body) {
      diags_.report(DiagKind::DslInvalidValue, e.span, "a row is written 'row \"Title\" { ... }'");
      return;
    }
    model::Panel p;
    p.span = e.span;
    p.type = {"row", e.key.span};
    if (title) p.title = mtext(*title);
    p.id = next_id_;
    p.id_span = e.key.span;
    layout_.new_line();
    model::GridPos pos = layout_.place(kGridWidth, 1);
    pos.span = e.key.span;
    p.grid = pos;
    layout_.new_line();
    int64_t row_y = pos.y;
    j["collapsed"] = false;
    j["gridPos"] = grid_json(pos);
    j["id"] = next_id_++;
    j["title"] = p.title.value;
    j["type"] = "row";
    std::map<std::string, Span> seen;
    J children = J::array();
    std::vector<model::Panel> child_models;
    for (const DashEntry& c : e.body) {
      const std::string& key = c.key.value;
      if (misplaced(c, "a row", false, false, false)) continue;
      if (is_panel_type(key)) {
        if (auto child = panel(c)) {
          children.push_back(std::move(child->first));
          child_models.push_back(std::move(child->second));
        }
        continue;
      }
      if (key == "row") {
        diags_.report(DiagKind::DslInvalidValue, c.key.span, "rows do not nest");
        continue;
      }
      if (key != "collapsed" && key != "repeat") {
        if (key.empty()) continue;
        std::vector<std::string_view> known = {"collapsed", "repeat"};
        known.insert(known.end(), kPanelTypes.begin(), kPanelTypes.end());
        unknown(c.key, "row setting or panel type", known);
        continue;
      }
      if (!is_setting(c) || !first(seen, c)) continue;
      if (key == "collapsed") {
        p.collapsed = values_.boolean(c.values, c.key).value_or(false);
        j["collapsed"] = p.collapsed;
      } else if (auto t = values_.scalar(c.values, c.key)) {
        j["repeat"] = t->value;
        p.repeat = mtext(*t);
      }
    }
    layout_.new_line();
    if (p.collapsed) {
      // A collapsed row keeps its panels; the next row follows it directly.
      j["panels"] = std::move(children);
      p.panels = std::move(child_models);
      layout_ = Layout{0, row_y + 1, 0};
      panels.push_back(std::move(j));
      d_.panels.push_back(std::move(p));
      return;
    }
    j["panels"] = J::array();
    panels.push_back(std::move(j));
    d_.panels.push_back(std::move(p));
    for (J& c : children) panels.push_back(std::move(c));
    for (model::Panel& c : child_models) d_.panels.push_back(std::move(c));
  }

  static J grid_json(const model::GridPos& p) {
    return {{"h", p.h}, {"w", p.w}, {"x", p.x}, {"y", p.y}};
  }

  static int64_t default_width(std::string_view type) {
    if (type == "stat" || type == "gauge" || type == "bargauge") return 6;
    if (type == "logs" || type == "text") return 24;
    return 12;
  }

  static int64_t default_height(std::string_view type) {
    return type == "stat" || type == "gauge" ? 4 : 8;
  }

  // A panel: its JSON and its model.
  std::optional<std::pair<J, model::Panel>> panel(const DashEntry& e) {
    if (!e.has_body) {
      diags_.report(DiagKind::DslInvalidValue, e.span,
                    fmt::format("a panel is written '{} \"Title\" {{ ... }}'", e.key.value));
      return std::nullopt;
    }
    model::Panel p;
    p.span = e.span;
    p.type = {e.key.value, e.key.span};
    if (e.kind == DashEntry::Kind::Setting) {
      if (auto t = values_.scalar(e.values, e.key)) p.title = mtext(*t);
    }
    p.id = next_id_;
    p.id_span = e.key.span;
    J j = J::object();
    j["id"] = next_id_++;
    j["type"] = p.type.value;
    j["title"] = p.title.value;
    J defaults = J::object();
    J options = J::object();
    J links = J::array();
    J overrides = J::array();
    std::optional<int64_t> width;
    std::optional<int64_t> height;
    Span width_span = e.key.span;
    std::optional<Source> panel_source;
    std::map<std::string, Span> seen;
    // Queries and the options written after each.
    struct Query {
      const DashEntry* entry = nullptr;
      std::vector<const DashEntry*> options;
    };
    std::vector<Query> queries;
    for (const DashEntry& s : e.body) {
      const std::string& key = s.key.value;
      if (misplaced(s, "a panel", true, true, false)) continue;
      if (s.kind == DashEntry::Kind::Query) {
        queries.push_back({&s, {}});
        continue;
      }
      if (s.kind == DashEntry::Kind::Thresholds) {
        if (!first(seen, s)) continue;
        defaults["thresholds"] = thresholds(s);
        continue;
      }
      bool block = key == "options" || key == "custom" || key == "defaults";
      if (block) {
        if (s.kind != DashEntry::Kind::Block) {
          diags_.report(DiagKind::DslInvalidValue, s.span,
                        fmt::format("'{}' is a block: {} {{ ... }}", key, key));
          continue;
        }
        if (!first(seen, s)) continue;
        J body = body_json(s.body);
        if (key == "options") {
          options.update(body);
        } else if (key == "custom") {
          defaults["custom"] = std::move(body);
        } else {
          defaults.update(body);
        }
        continue;
      }
      bool known_key =
          std::find(kPanelSettings.begin(), kPanelSettings.end(), key) != kPanelSettings.end() ||
          std::find(kQueryOptions.begin(), kQueryOptions.end(), key) != kQueryOptions.end();
      if (!known_key) {
        if (key.empty()) continue;  // left by a syntax error, already reported
        std::vector<std::string_view> known = words(kPanelSettings);
        known.insert(known.end(), kQueryOptions.begin(), kQueryOptions.end());
        known.push_back("query");
        known.push_back("thresholds");
        unknown(s.key, "panel setting", known);
        continue;
      }
      if (!is_setting(s)) continue;
      bool query_option =
          std::find(kQueryOptions.begin(), kQueryOptions.end(), key) != kQueryOptions.end();
      if (query_option && !queries.empty()) {
        for (const DashEntry* o : queries.back().options) {
          if (o->key.value == key) {
            diags_
                .report(DiagKind::DslDuplicateField, s.key.span,
                        fmt::format("'{}' is given twice for this query", key))
                .note(o->key.span, "first given here");
            query_option = false;
          }
        }
        if (query_option) queries.back().options.push_back(&s);
        continue;
      }
      if (query_option && key != "datasource") {
        diags_.report(DiagKind::DslQueryOption, s.key.span,
                      fmt::format("'{}' describes a query, and no query comes before it; write "
                                  "it on the lines after the query's",
                                  key));
        continue;
      }
      if (key != "link" && !first(seen, s)) continue;
      if (key == "unit") {
        if (auto t = values_.scalar(s.values, s.key)) {
          defaults["unit"] = t->value;
          p.unit = mtext(*t);
        }
      } else if (key == "description") {
        if (auto t = values_.scalar(s.values, s.key)) j["description"] = t->value;
      } else if (key == "min" || key == "max") {
        if (values_.number(s.values, s.key)) defaults[key] = values_.json(s.values);
      } else if (key == "decimals") {
        if (auto n = values_.integer(s.values, s.key, 0, 20)) defaults["decimals"] = *n;
      } else if (key == "width") {
        width = values_.integer(s.values, s.key, 1, kGridWidth);
        width_span = s.span;
      } else if (key == "height") {
        height = values_.integer(s.values, s.key, 1, 1000);
      } else if (key == "repeat") {
        if (auto t = values_.scalar(s.values, s.key)) {
          j["repeat"] = t->value;
          p.repeat = mtext(*t);
        }
      } else if (key == "repeat_direction") {
        if (auto t = values_.one_of(s.values, s.key, {"h", "v"})) j["repeatDirection"] = t->value;
      } else if (key == "max_per_row") {
        if (auto n = values_.integer(s.values, s.key, 1, kGridWidth)) j["maxPerRow"] = *n;
      } else if (key == "datasource") {
        panel_source = named_source(s);
      } else if (key == "link") {
        if (auto l = link(s)) {
          links.push_back(
              {{"title", l->title.value}, {"url", l->url.value}, {"targetBlank", true}});
          p.links.push_back(std::move(*l));
        }
      } else if (key == "overrides") {
        overrides = values_.json(s.values);
        if (!overrides.is_array()) overrides = J::array({overrides});
      } else if (key == "transparent") {
        if (auto b = values_.boolean(s.values, s.key)) j["transparent"] = *b;
      } else if (key == "min_interval") {
        if (auto t = values_.scalar(s.values, s.key)) j["interval"] = t->value;
      } else if (key == "content") {
        if (p.type.value != "text") {
          diags_.report(DiagKind::DslInvalidValue, s.key.span,
                        "'content' is the text of a text panel");
        } else if (auto t = values_.scalar(s.values, s.key)) {
          options["mode"] = "markdown";
          options["content"] = t->value;
        }
      } else if (key == "color") {
        if (auto t = values_.scalar(s.values, s.key))
          defaults["color"] = {{"mode", "fixed"}, {"fixedColor", t->value}};
      } else if (key == "stack") {
        if (auto t = values_.one_of(s.values, s.key, {"none", "normal", "percent"}))
          defaults["custom"]["stacking"] = {{"group", "A"}, {"mode", t->value}};
      }
    }
    bool data_panel = p.type.value != "text" && p.type.value != "news" &&
                      p.type.value != "dashlist" && p.type.value != "alertlist";
    if (!panel_source && data_panel) {
      panel_source = default_source(plugin_for_panel(p.type.value), e.key.span, "panel");
    }
    if (panel_source) {
      j["datasource"] = panel_source->json;
      p.datasource = panel_source->ref;
    }
    J targets = J::array();
    char ref = 'A';
    for (const Query& q : queries) {
      targets.push_back(target(q.entry, q.options, panel_source, ref, p));
      if (ref < 'Z') ++ref;
    }
    if (!queries.empty() && !data_panel) {
      diags_.report(DiagKind::DslInvalidValue, queries.front().entry->keyword,
                    fmt::format("a {} panel has no queries", p.type.value));
    }
    model::GridPos pos = layout_.place(width.value_or(default_width(p.type.value)),
                                       height.value_or(default_height(p.type.value)));
    pos.span = width_span;
    p.grid = pos;
    j["gridPos"] = grid_json(pos);
    if (data_panel) {
      j["fieldConfig"] = {{"defaults", std::move(defaults)}, {"overrides", std::move(overrides)}};
      if (!links.empty()) j["links"] = std::move(links);
      j["targets"] = std::move(targets);
    } else if (!links.empty()) {
      j["links"] = std::move(links);
    }
    j["options"] = std::move(options);
    return std::make_pair(std::move(j), std::move(p));
  }

  J target(const DashEntry* q, const std::vector<const DashEntry*>& options,
           const std::optional<Source>& panel_source, char ref, model::Panel& p) {
    model::PanelQuery mq;
    mq.span = q->span;
    mq.ref_id = {std::string(1, ref), q->keyword};
    std::optional<Source> src;
    bool instant = false;
    J j = J::object();
    J extra = J::object();
    for (const DashEntry* o : options) {
      const std::string& key = o->key.value;
      if (key == "datasource") {
        src = named_source(*o);
      } else if (key == "legend") {
        if (auto t = values_.scalar(o->values, o->key)) {
          extra["legendFormat"] = t->value;
          mq.legend = mtext(*t);
        }
      } else if (key == "instant") {
        instant = values_.boolean(o->values, o->key).value_or(false);
      } else if (key == "range") {
        instant = !values_.boolean(o->values, o->key).value_or(true);
      } else if (key == "format") {
        if (auto t = values_.one_of(o->values, o->key, {"time_series", "table", "heatmap"}))
          extra["format"] = t->value;
      } else if (key == "interval") {
        if (auto t = values_.scalar(o->values, o->key)) extra["interval"] = t->value;
      } else if (key == "hidden") {
        mq.hidden = values_.boolean(o->values, o->key).value_or(false);
        if (mq.hidden) extra["hide"] = true;
      } else if (key == "ref") {
        if (auto t = values_.scalar(o->values, o->key)) mq.ref_id = mtext(*t);
      }
    }
    const std::optional<Source>& used = src ? src : panel_source;
    if (src) mq.datasource = src->ref;
    if (used) j["datasource"] = used->json;
    j["refId"] = mq.ref_id.value;
    if (q->expr) {
      mq.expr = q->expr->text;
      mq.expr_span = q->expr->span;
      mq.has_expr = !q->expr->text.text.empty();
      j["expr"] = dedented(q->expr->text.text);
    }
    bool loki = used && used->ref.type && used->ref.type->value == "loki";
    j["editorMode"] = "code";
    if (loki) {
      j["queryType"] = instant ? "instant" : "range";
    } else {
      j["instant"] = instant;
      j["range"] = !instant;
    }
    j.update(extra);
    p.queries.push_back(std::move(mq));
    return j;
  }

  J thresholds(const DashEntry& e) {
    J steps = J::array();
    for (size_t i = 0; i < e.steps.size(); ++i) {
      const ThresholdStep& s = e.steps[i];
      J step = {{"color", s.color.value}};
      if (s.value && i == 0) {
        diags_.report(DiagKind::DslInvalidValue, s.value_span,
                      "the first threshold step is the base colour, written without a value");
      } else if (s.value) {
        AmValueNode number;
        number.word = *s.value;
        number.span = s.value_span;
        step["value"] = values_.json(number);
      } else if (i == 0) {
        step["value"] = nullptr;
      } else {
        diags_.report(DiagKind::DslInvalidValue, s.color.span,
                      "only the first threshold step goes without a value");
      }
      steps.push_back(std::move(step));
    }
    return {{"mode", "absolute"}, {"steps", std::move(steps)}};
  }

  // A block of settings in the dashboard JSON's own names (`options { legend { ... } }`).
  J body_json(const std::vector<DashEntry>& body) {
    J o = J::object();
    for (const DashEntry& e : body) {
      if (e.kind == DashEntry::Kind::Block) {
        o[e.key.value] = body_json(e.body);
      } else if (e.kind == DashEntry::Kind::Setting && !e.has_body) {
        o[e.key.value] = values_.json(e.values);
      } else {
        diags_.report(DiagKind::DslInvalidValue, e.keyword,
                      "only settings ('key value') and blocks ('key { ... }') can be written here");
      }
    }
    return o;
  }

  const model::GrafanaStack& grafana_;
  Diagnostics& diags_;
  ValueReader values_;
  model::Dashboard d_;
  int64_t next_id_ = 1;
  Layout layout_;
};

}  // namespace

model::Dashboard lower_dashboard(const DashboardBlock& block, const model::GrafanaStack& grafana,
                                 Diagnostics& diags) {
  return DashboardLowerer(grafana, diags).dashboard(block);
}

}  // namespace mzr::dsl
