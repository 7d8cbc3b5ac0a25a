// Classic panels and rows → v2 elements and layout.

#include <fmt/format.h>

#include <set>
#include <vector>

#include "compiler/emit/dashboard_to_v2_parts.h"

namespace mzr::emit::v2 {
namespace {

constexpr int64_t kColumns = 24;

// A run of panels under one row header (or under none: the panels before the first row, or a
// dashboard without rows).
struct Section {
  const Json* row = nullptr;
  bool legacy = false;  // a pre-v16 `rows` entry: panels sized by `span` and the row's height
  bool copy = false;    // a copy Grafana made of a repeated row, dropped with its panels
  std::vector<const Json*> panels;
};

bool is_row(const Json& p) {
  return text(p, "type") == "row";
}

std::vector<Section> sections(const Json& classic) {
  std::vector<Section> out;
  auto add_panels = [](Section& s, const Json* list) {
    if (list == nullptr || !list->is_array()) return;
    for (const Json& p : *list) {
      // Copies Grafana made of a repeated panel are not part of the dashboard as written.
      if (p.is_object() && !is_row(p) && !member(p, "repeatPanelId")) s.panels.push_back(&p);
    }
  };
  if (const Json* list = member(classic, "panels"); list && list->is_array()) {
    for (const Json& p : *list) {
      if (!p.is_object()) continue;
      if (is_row(p)) {
        out.push_back(Section{&p, false, member(p, "repeatPanelId") != nullptr, {}});
        add_panels(out.back(), member(p, "panels"));
        continue;
      }
      if (out.empty()) out.push_back(Section{});
      if (!member(p, "repeatPanelId")) out.back().panels.push_back(&p);
    }
  }
  if (const Json* rows = member(classic, "rows"); rows && rows->is_array()) {
    for (const Json& r : *rows) {
      if (!r.is_object()) continue;
      out.push_back(Section{&r, true, false, {}});
      add_panels(out.back(), member(r, "panels"));
    }
  }
  return out;
}

// Pre-v16 row heights: "250px" or a number of pixels; Grafana's grid unit is 30px.
int64_t legacy_height(const Json& row) {
  const Json* h = member(row, "height");
  double px = 250;
  if (h && h->is_number()) px = h->get<double>();
  if (h && h->is_string()) {
    std::string s = h->get<std::string>();
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() && v > 0) px = v;
  }
  auto units = static_cast<int64_t>((px + 29) / 30);
  return units < 1 ? 1 : units;
}

struct Converter {
  const Datasources& ds;
  std::set<int64_t> used_ids;
  int64_t next_id = 1;
  Json elements = Json::object();

  void reserve_ids(const std::vector<Section>& all) {
    for (const Section& s : all) {
      for (const Json* p : s.panels) {
        if (auto id = integer(*p, "id")) next_id = std::max(next_id, *id + 1);
      }
    }
  }

  int64_t id_for(const Json& p) {
    auto id = integer(p, "id");
    if (id && *id >= 0 && used_ids.insert(*id).second) return *id;
    while (used_ids.count(next_id)) ++next_id;
    used_ids.insert(next_id);
    return next_id++;
  }

  Json queries(const Json& p) {
    Json out = Json::array();
    const Json* targets = member(p, "targets");
    if (targets == nullptr || !targets->is_array()) return out;
    const Json* panel_ds = member(p, "datasource");
    std::set<std::string> ref_ids;
    for (const Json& t : *targets) {
      if (t.is_object()) ref_ids.insert(text(t, "refId"));
    }
    char next_ref = 'A';
    for (const Json& t : *targets) {
      if (!t.is_object()) continue;
      std::string ref = text(t, "refId");
      if (ref.empty()) {
        while (next_ref < 'Z' && ref_ids.count(std::string(1, next_ref))) ++next_ref;
        ref = std::string(1, next_ref);
        ref_ids.insert(ref);
      }
      const Json* own = member(t, "datasource");
      Json spec = t;
      spec.erase("refId");
      spec.erase("datasource");
      spec.erase("hide");
      Json s = Json::object();
      s["query"] = ds.data_query(own ? own : panel_ds, std::move(spec));
      s["refId"] = ref;
      s["hidden"] = flag(t, "hide", false);
      out.push_back(Json{{"kind", "PanelQuery"}, {"spec", std::move(s)}});
    }
    return out;
  }

  static Json transformations(const Json& p) {
    Json out = Json::array();
    const Json* list = member(p, "transformations");
    if (list == nullptr || !list->is_array()) return out;
    for (const Json& t : *list) {
      if (!t.is_object()) continue;
      Json spec = Json::object();
      if (const Json* d = member(t, "disabled"); d && d->is_boolean()) spec["disabled"] = *d;
      if (const Json* f = member(t, "filter")) spec["filter"] = *f;
      if (const Json* topic = member(t, "topic")) spec["topic"] = *topic;
      const Json* options = member(t, "options");
      spec["options"] = options ? *options : Json::object();
      out.push_back(
          Json{{"kind", "Transformation"}, {"group", text(t, "id")}, {"spec", std::move(spec)}});
    }
    return out;
  }

  static Json query_options(const Json& p) {
    Json out = Json::object();
    for (const char* k : {"timeFrom", "timeShift", "interval", "cacheTimeout"}) {
      if (std::string v = text(p, k); !v.empty()) out[k] = v;
    }
    for (const char* k : {"maxDataPoints", "queryCachingTTL"}) {
      if (auto v = integer(p, k)) out[k] = *v;
    }
    if (const Json* h = member(p, "hideTimeOverride"); h && h->is_boolean())
      out["hideTimeOverride"] = *h;
    return out;
  }

  static Json links(const Json& p) {
    Json out = Json::array();
    const Json* list = member(p, "links");
    if (list == nullptr || !list->is_array()) return out;
    for (const Json& l : *list) {
      if (!l.is_object()) continue;
      Json v = Json::object();
      v["title"] = text(l, "title");
      v["url"] = text(l, "url");
      if (const Json* b = member(l, "targetBlank"); b && b->is_boolean()) v["targetBlank"] = *b;
      out.push_back(std::move(v));
    }
    return out;
  }

  static Json viz_config(const Json& p) {
    Json fc = Json::object();
    const Json* source = member(p, "fieldConfig");
    const Json* defaults = source ? member(*source, "defaults") : nullptr;
    const Json* overrides = source ? member(*source, "overrides") : nullptr;
    fc["defaults"] = defaults && defaults->is_object() ? *defaults : Json::object();
    fc["overrides"] = overrides && overrides->is_array() ? *overrides : Json::array();
    const Json* options = member(p, "options");
    Json spec = Json::object();
    spec["options"] = options && options->is_object() ? *options : Json::object();
    spec["fieldConfig"] = std::move(fc);
    Json v = Json::object();
    v["kind"] = "VizConfig";
    v["group"] = text(p, "type");
    v["version"] = text(p, "pluginVersion");
    v["spec"] = std::move(spec);
    return v;
  }

  // Adds the panel to `elements`; returns its key.
  std::string element(const Json& p) {
    int64_t id = id_for(p);
    std::string key = fmt::format("panel-{}", id);
    const Json* lib = member(p, "libraryPanel");
    if (lib && lib->is_object() && !text(*lib, "uid").empty()) {
      Json spec = Json::object();
      spec["id"] = id;
      spec["title"] = text(p, "title", text(*lib, "name"));
      spec["libraryPanel"] = Json{{"name", text(*lib, "name")}, {"uid", text(*lib, "uid")}};
      elements[key] = Json{{"kind", "LibraryPanel"}, {"spec", std::move(spec)}};
      return key;
    }
    Json data_spec = Json::object();
    data_spec["queries"] = queries(p);
    data_spec["transformations"] = transformations(p);
    data_spec["queryOptions"] = query_options(p);
    Json spec = Json::object();
    spec["id"] = id;
    spec["title"] = text(p, "title");
    spec["description"] = text(p, "description");
    spec["links"] = links(p);
    spec["data"] = Json{{"kind", "QueryGroup"}, {"spec", std::move(data_spec)}};
    spec["vizConfig"] = viz_config(p);
    if (flag(p, "transparent", false)) spec["transparent"] = true;
    elements[key] = Json{{"kind", "Panel"}, {"spec", std::move(spec)}};
    return key;
  }

  Json grid(const Section& s) {
    // Rows' panels keep their place relative to each other; the grid starts at the row's top.
    int64_t top = -1;
    for (const Json* p : s.panels) {
      const Json* g = member(*p, "gridPos");
      if (g == nullptr) continue;
      int64_t y = integer(*g, "y").value_or(0);
      if (top < 0 || y < top) top = y;
    }
    if (top < 0 || s.row == nullptr) top = 0;
    Json items = Json::array();
    int64_t bottom = 0;
    std::vector<std::pair<const Json*, Json>> unplaced;
    for (const Json* p : s.panels) {
      Json spec = Json::object();
      if (const Json* g = member(*p, "gridPos"); g && g->is_object()) {
        spec["x"] = integer(*g, "x").value_or(0);
        spec["y"] = integer(*g, "y").value_or(0) - top;
        spec["width"] = integer(*g, "w").value_or(0);
        spec["height"] = integer(*g, "h").value_or(0);
        bottom = std::max(bottom, spec["y"].get<int64_t>() + spec["height"].get<int64_t>());
      }
      spec["element"] = Json{{"kind", "ElementReference"}, {"name", element(*p)}};
      if (std::string rep = text(*p, "repeat"); !rep.empty()) {
        Json r = Json{{"mode", "variable"}, {"value", rep}};
        std::string dir = text(*p, "repeatDirection");
        if (dir == "h" || dir == "v") r["direction"] = dir;
        if (auto max = integer(*p, "maxPerRow")) r["maxPerRow"] = *max;
        spec["repeat"] = std::move(r);
      }
      if (spec.contains("x")) {
        items.push_back(Json{{"kind", "GridLayoutItem"}, {"spec", std::move(spec)}});
      } else {
        unplaced.emplace_back(p, std::move(spec));
      }
    }
    // Panels without a position flow left to right below the others.
    int64_t x = 0, y = bottom, line = 0;
    int64_t height = s.legacy && s.row ? legacy_height(*s.row) : 8;
    for (auto& [p, spec] : unplaced) {
      int64_t w = 12;
      if (auto span = integer(*p, "span"); span && *span > 0) w = std::min(*span * 2, kColumns);
      if (x + w > kColumns) {
        x = 0;
        y += line;
        line = 0;
      }
      Json placed = Json::object();
      placed["x"] = x;
      placed["y"] = y;
      placed["width"] = w;
      placed["height"] = height;
      for (auto& [k, v] : spec.items()) placed[k] = v;
      items.push_back(Json{{"kind", "GridLayoutItem"}, {"spec", std::move(placed)}});
      x += w;
      line = std::max(line, height);
    }
    return Json{{"kind", "GridLayout"}, {"spec", Json{{"items", std::move(items)}}}};
  }
};

}  // namespace

Panels panels(const Json& classic, const Datasources& ds) {
  std::vector<Section> all = sections(classic);
  Converter c{ds, {}, 1, Json::object()};
  c.reserve_ids(all);
  Panels out;
  std::erase_if(all, [](const Section& s) { return s.copy; });
  bool has_rows = std::any_of(all.begin(), all.end(), [](const Section& s) { return s.row; });
  if (!has_rows) {
    out.layout = c.grid(all.empty() ? Section{} : all.front());
    out.elements = std::move(c.elements);
    return out;
  }
  Json rows = Json::array();
  for (const Section& s : all) {
    Json spec = Json::object();
    if (s.row == nullptr) {
      spec["title"] = "";
      spec["collapse"] = false;
      spec["hideHeader"] = true;
    } else {
      spec["title"] = text(*s.row, "title");
      spec["collapse"] = flag(*s.row, s.legacy ? "collapse" : "collapsed", false);
      if (s.legacy && !flag(*s.row, "showTitle", true)) spec["hideHeader"] = true;
      if (std::string rep = text(*s.row, "repeat"); !rep.empty())
        spec["repeat"] = Json{{"mode", "variable"}, {"value", rep}};
    }
    spec["layout"] = c.grid(s);
    rows.push_back(Json{{"kind", "RowsLayoutRow"}, {"spec", std::move(spec)}});
  }
  out.layout = Json{{"kind", "RowsLayout"}, {"spec", Json{{"rows", std::move(rows)}}}};
  out.elements = std::move(c.elements);
  return out;
}

}  // namespace mzr::emit::v2
