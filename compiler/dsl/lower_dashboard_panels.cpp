#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/dsl/lower_dashboard_lowerer.h"

namespace mzr::dsl::dashboard_lowering {
namespace {

constexpr std::array<std::string_view, 21> kPanelSettings = {
    "unit",     "description",      "min",         "max",          "decimals", "width",   "height",
    "repeat",   "repeat_direction", "max_per_row", "datasource",   "link",     "options", "custom",
    "defaults", "overrides",        "transparent", "min_interval", "content",  "color",   "stack"};

constexpr std::array<std::string_view, 8> kQueryOptions = {
    "legend", "instant", "range", "format", "interval", "hidden", "ref", "datasource"};

}  // namespace

void DashboardLowerer::row(const DashEntry& e, J& panels) {
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

J DashboardLowerer::grid_json(const model::GridPos& p) {
  return {{"h", p.h}, {"w", p.w}, {"x", p.x}, {"y", p.y}};
}

int64_t DashboardLowerer::default_width(std::string_view type) {
  if (type == "stat" || type == "gauge" || type == "bargauge") return 6;
  if (type == "logs" || type == "text") return 24;
  return 12;
}

int64_t DashboardLowerer::default_height(std::string_view type) {
  return type == "stat" || type == "gauge" ? 4 : 8;
}

// What a panel's body sets, gathered before its JSON is put together.
struct DashboardLowerer::PanelParts {
  model::Panel p;
  J j = J::object();
  J defaults = J::object();
  J options = J::object();
  J links = J::array();
  J overrides = J::array();
  std::optional<int64_t> width;
  std::optional<int64_t> height;
  Span width_span;
  std::optional<Source> source;
};

// A panel: its JSON and its model.
std::optional<std::pair<J, model::Panel>> DashboardLowerer::panel(const DashEntry& e) {
  if (!e.has_body) {
    diags_.report(DiagKind::DslInvalidValue, e.span,
                  fmt::format("a panel is written '{} \"Title\" {{ ... }}'", e.key.value));
    return std::nullopt;
  }
  PanelParts parts;
  model::Panel& p = parts.p;
  p.span = e.span;
  p.type = {e.key.value, e.key.span};
  if (e.kind == DashEntry::Kind::Setting) {
    if (auto t = values_.scalar(e.values, e.key)) p.title = mtext(*t);
  }
  p.id = next_id_;
  p.id_span = e.key.span;
  J& j = parts.j;
  j["id"] = next_id_++;
  j["type"] = p.type.value;
  j["title"] = p.title.value;
  parts.width_span = e.key.span;
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
      parts.defaults["thresholds"] = thresholds(s);
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
        parts.options.update(body);
      } else if (key == "custom") {
        // Merged, so that `stack` keeps its stacking whichever comes first.
        J& custom = parts.defaults["custom"];
        if (!custom.is_object()) custom = J::object();
        custom.update(body);
      } else {
        parts.defaults.update(body);
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
    panel_setting(s, parts);
  }
  bool data_panel = p.type.value != "text" && p.type.value != "news" &&
                    p.type.value != "dashlist" && p.type.value != "alertlist";
  if (!parts.source && data_panel) {
    parts.source = default_source(plugin_for_panel(p.type.value), e.key.span, "panel");
  }
  if (parts.source) {
    j["datasource"] = parts.source->json;
    p.datasource = parts.source->ref;
  }
  J targets = J::array();
  char ref = 'A';
  for (const Query& q : queries) {
    targets.push_back(target(q.entry, q.options, parts.source, ref, p));
    if (ref < 'Z') ++ref;
  }
  if (!queries.empty() && !data_panel) {
    diags_.report(DiagKind::DslInvalidValue, queries.front().entry->keyword,
                  fmt::format("a {} panel has no queries", p.type.value));
  }
  model::GridPos pos = layout_.place(parts.width.value_or(default_width(p.type.value)),
                                     parts.height.value_or(default_height(p.type.value)));
  pos.span = parts.width_span;
  p.grid = pos;
  j["gridPos"] = grid_json(pos);
  if (data_panel) {
    j["fieldConfig"] = {{"defaults", std::move(parts.defaults)},
                        {"overrides", std::move(parts.overrides)}};
    if (!parts.links.empty()) j["links"] = std::move(parts.links);
    j["targets"] = std::move(targets);
  } else if (!parts.links.empty()) {
    j["links"] = std::move(parts.links);
  }
  j["options"] = std::move(parts.options);
  return std::make_pair(std::move(parts.j), std::move(parts.p));
}

// One setting of a panel's body: what it adds to the panel's JSON and model.
void DashboardLowerer::panel_setting(const DashEntry& s, PanelParts& parts) {
  const std::string& key = s.key.value;
  if (key == "unit") {
    if (auto t = values_.scalar(s.values, s.key)) {
      parts.defaults["unit"] = t->value;
      parts.p.unit = mtext(*t);
    }
  } else if (key == "description") {
    if (auto t = values_.scalar(s.values, s.key)) parts.j["description"] = t->value;
  } else if (key == "min" || key == "max") {
    if (values_.number(s.values, s.key)) parts.defaults[key] = values_.json(s.values);
  } else if (key == "decimals") {
    if (auto n = values_.integer(s.values, s.key, 0, 20)) parts.defaults["decimals"] = *n;
  } else if (key == "width") {
    parts.width = values_.integer(s.values, s.key, 1, kGridWidth);
    parts.width_span = s.span;
  } else if (key == "height") {
    parts.height = values_.integer(s.values, s.key, 1, 1000);
  } else if (key == "repeat") {
    if (auto t = values_.scalar(s.values, s.key)) {
      parts.j["repeat"] = t->value;
      parts.p.repeat = mtext(*t);
    }
  } else if (key == "repeat_direction") {
    if (auto t = values_.one_of(s.values, s.key, {"h", "v"})) parts.j["repeatDirection"] = t->value;
  } else if (key == "max_per_row") {
    if (auto n = values_.integer(s.values, s.key, 1, kGridWidth)) parts.j["maxPerRow"] = *n;
  } else if (key == "datasource") {
    parts.source = named_source(s);
  } else if (key == "link") {
    if (auto l = link(s)) {
      parts.links.push_back(
          {{"title", l->title.value}, {"url", l->url.value}, {"targetBlank", true}});
      parts.p.links.push_back(std::move(*l));
    }
  } else if (key == "overrides") {
    parts.overrides = values_.json(s.values);
    if (!parts.overrides.is_array()) parts.overrides = J::array({parts.overrides});
  } else if (key == "transparent") {
    if (auto b = values_.boolean(s.values, s.key)) parts.j["transparent"] = *b;
  } else if (key == "min_interval") {
    if (auto t = values_.scalar(s.values, s.key)) parts.j["interval"] = t->value;
  } else if (key == "content") {
    if (parts.p.type.value != "text") {
      diags_.report(DiagKind::DslInvalidValue, s.key.span, "'content' is the text of a text panel");
    } else if (auto t = values_.scalar(s.values, s.key)) {
      parts.options["mode"] = "markdown";
      parts.options["content"] = t->value;
    }
  } else if (key == "color") {
    if (auto t = values_.scalar(s.values, s.key))
      parts.defaults["color"] = {{"mode", "fixed"}, {"fixedColor", t->value}};
  } else if (key == "stack") {
    if (auto t = values_.one_of(s.values, s.key, {"none", "normal", "percent"}))
      parts.defaults["custom"]["stacking"] = {{"group", "A"}, {"mode", t->value}};
  }
}

J DashboardLowerer::target(const DashEntry* q, const std::vector<const DashEntry*>& options,
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

J DashboardLowerer::thresholds(const DashEntry& e) {
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
J DashboardLowerer::body_json(const std::vector<DashEntry>& body) {
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

}  // namespace mzr::dsl::dashboard_lowering
