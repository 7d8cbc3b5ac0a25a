// The structure of dashboards: UIDs, panel ids, the 24-column grid, units, datasource UIDs.

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "compiler/check/dashboard_checks.h"
#include "compiler/check/dashboard_expand.h"

namespace mzr::dash {
namespace {

constexpr int64_t kGridColumns = 24;

bool valid_uid_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

void check_grid(const std::vector<const model::Panel*>& level, Diagnostics& diags) {
  for (size_t i = 0; i < level.size(); ++i) {
    const model::GridPos& a = *level[i]->grid;
    if (a.x < 0 || a.y < 0 || a.w <= 0 || a.h <= 0 || a.x + a.w > kGridColumns) {
      diags.report(DiagKind::DashboardGridOutOfBounds, a.span,
                   fmt::format("panel '{}' is outside the grid: x={} w={} (the grid has {} "
                               "columns), y={} h={}",
                               level[i]->title.value, a.x, a.w, kGridColumns, a.y, a.h));
      continue;
    }
    for (size_t j = 0; j < i; ++j) {
      const model::GridPos& b = *level[j]->grid;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) {
        diags
            .report(DiagKind::DashboardGridOverlap, a.span,
                    fmt::format("panel '{}' overlaps panel '{}'", level[i]->title.value,
                                level[j]->title.value))
            .note(b.span, "the other panel's position");
        break;
      }
    }
  }
}

// v2: the element names of each GridLayout, in the order the loader walks the layout (rows and
// tabs nest layouts; auto grids place panels themselves and have no positions to check).
void grid_layouts(const nlohmann::ordered_json& layout, int depth,
                  std::vector<std::vector<std::string>>& out) {
  if (depth > 32 || !layout.is_object()) return;
  auto kind = layout.find("kind");
  auto spec = layout.find("spec");
  if (kind == layout.end() || !kind->is_string() || spec == layout.end() || !spec->is_object())
    return;
  auto list = [&](const char* field) -> const nlohmann::ordered_json* {
    auto it = spec->find(field);
    return it != spec->end() && it->is_array() ? &*it : nullptr;
  };
  if (*kind == "GridLayout") {
    std::vector<std::string> names;
    if (const auto* items = list("items")) {
      for (const auto& item : *items) {
        const auto* name = item.is_object() && item.contains("spec") && item["spec"].is_object() &&
                                   item["spec"].contains("element") &&
                                   item["spec"]["element"].is_object() &&
                                   item["spec"]["element"].contains("name")
                               ? &item["spec"]["element"]["name"]
                               : nullptr;
        if (name && name->is_string()) names.push_back(name->get<std::string>());
      }
    }
    out.push_back(std::move(names));
  } else if (*kind == "RowsLayout" || *kind == "TabsLayout") {
    if (const auto* parts = list(*kind == "RowsLayout" ? "rows" : "tabs")) {
      for (const auto& part : *parts) {
        if (part.is_object() && part.contains("spec") && part["spec"].is_object() &&
            part["spec"].contains("layout"))
          grid_layouts(part["spec"]["layout"], depth + 1, out);
      }
    }
  }
}

// v2: every GridLayout is a grid of its own; its items are the loaded panels with positions,
// which the loader lists in layout order.
void check_v2_grids(const model::Dashboard& d, Diagnostics& diags) {
  std::vector<std::vector<std::string>> grids;
  if (d.document.is_object() && d.document.contains("spec") && d.document["spec"].is_object() &&
      d.document["spec"].contains("layout"))
    grid_layouts(d.document["spec"]["layout"], 0, grids);
  size_t cursor = 0;
  for (const std::vector<std::string>& names : grids) {
    std::vector<const model::Panel*> level;
    for (const std::string& name : names) {
      for (size_t i = cursor; i < d.panels.size(); ++i) {
        const model::Panel& p = d.panels[i];
        if (p.grid && p.element == name) {
          level.push_back(&p);
          cursor = i + 1;
          break;
        }
      }
    }
    check_grid(level, diags);
  }
}

bool wants_unit(std::string_view type) {
  return type == "timeseries" || type == "stat" || type == "gauge" || type == "bargauge" ||
         type == "graph" || type == "singlestat";
}

}  // namespace

void check_dashboard_layout(const model::Dashboard& d, Diagnostics& diags) {
  std::map<int64_t, const model::Panel*> ids;
  model::for_each_panel(d.panels, [&](const model::Panel& p) {
    if (p.id) {
      auto [it, fresh] = ids.emplace(*p.id, &p);
      // A v2 element placed twice in the layout is one panel.
      if (!fresh && (p.element.empty() || it->second->element != p.element)) {
        diags
            .report(DiagKind::DashboardRepeatedPanelId, p.id_span,
                    fmt::format("panel id {} is also the id of panel '{}'; Grafana gives this "
                                "panel a new id when it loads the dashboard",
                                *p.id, it->second->title.value))
            .note(it->second->id_span, "first used here");
      }
    }
    bool has_query = std::any_of(p.queries.begin(), p.queries.end(),
                                 [](const model::PanelQuery& q) { return q.has_expr; });
    if (has_query && wants_unit(p.type.value) && (!p.unit || p.unit->value.empty())) {
      diags.report(DiagKind::DashboardMissingUnit, p.type.span,
                   fmt::format("{} panel '{}' sets no unit", p.type.value, p.title.value));
    }
  });
  if (d.schema == model::DashboardSchema::V2) {
    // Deployment, noted here with the dashboard's structure: v2 is never converted back.
    if (d.deploy_schema == model::DashboardSchema::Classic) {
      diags.report(DiagKind::DashboardV2StaysV2, d.span,
                   fmt::format("dashboard '{}' is written in v2 and is deployed as v2, not as the "
                               "classic dashboard its source asks for",
                               d.title.value));
    }
    check_v2_grids(d, diags);
    return;
  }
  // Top-level panels (open rows and the panels after them) share one grid; the panels inside a
  // collapsed row are laid out as if it were open.
  std::vector<const model::Panel*> top;
  for (const model::Panel& p : d.panels) {
    if (p.grid) top.push_back(&p);
    std::vector<const model::Panel*> inner;
    for (const model::Panel& c : p.panels) {
      if (c.grid) inner.push_back(&c);
    }
    check_grid(inner, diags);
  }
  check_grid(top, diags);
}

void check_dashboard_uids(const std::vector<model::Dashboard>& dashboards, Diagnostics& diags) {
  std::map<std::string, const model::Dashboard*> seen;
  for (const model::Dashboard& d : dashboards) {
    const std::string& uid = d.uid.value;
    if (uid.empty()) continue;
    if (uid.size() > 40) {
      diags.report(DiagKind::DashboardBadUid, d.uid.span,
                   fmt::format("dashboard UID '{}' has {} characters; Grafana allows at most 40",
                               uid, uid.size()));
    } else if (!std::all_of(uid.begin(), uid.end(), valid_uid_char)) {
      diags.report(
          DiagKind::DashboardBadUid, d.uid.span,
          fmt::format("dashboard UID '{}' may only contain letters, digits, '-' and '_'", uid));
    }
    auto [it, fresh] = seen.emplace(uid, &d);
    if (!fresh) {
      diags
          .report(DiagKind::DashboardDuplicateUid, d.uid.span,
                  fmt::format("dashboard UID '{}' is also the UID of '{}'", uid,
                              it->second->title.value))
          .note(it->second->uid.span, "first used here");
    }
  }
}

}  // namespace mzr::dash
