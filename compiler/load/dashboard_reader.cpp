#include "compiler/load/dashboard_reader.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <regex>

#include "compiler/load/decode.h"
#include "compiler/load/embedded_yaml.h"

namespace mzr::dash {
namespace {

bool is_plain_int(const std::string& s) {
  static const std::regex re(R"([-+]?[0-9]+)");
  return std::regex_match(s, re);
}

bool is_plain_float(const std::string& s) {
  static const std::regex re(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  return std::regex_match(s, re);
}

}  // namespace

std::optional<model::Text> Reader::text(const yaml::Node* n, std::string_view what) {
  if (yaml::is_null_text(n)) return std::nullopt;
  if (!n->is_scalar()) {
    diags_.report(DiagKind::WrongNodeType, n->span,
                  fmt::format("expected a string for {}, found a {}", what, kind_name(n->kind)));
    return std::nullopt;
  }
  return model::Text{n->value, n->span};
}

std::optional<int64_t> Reader::integer(const yaml::Node* n, std::string_view what) {
  if (yaml::is_null_text(n)) return std::nullopt;
  if (n->is_scalar() && n->plain) {
    if (is_plain_int(n->value)) {
      int64_t v = 0;
      const char* b = n->value.data() + (n->value[0] == '+' ? 1 : 0);
      auto [p, ec] = std::from_chars(b, n->value.data() + n->value.size(), v);
      if (ec == std::errc()) return v;
    } else if (is_plain_float(n->value)) {
      double d = std::strtod(n->value.c_str(), nullptr);
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15)
        return static_cast<int64_t>(d);
    }
  }
  diags_.report(
      DiagKind::WrongNodeType, n->span,
      n->is_scalar()
          ? fmt::format("expected an integer for {}, found '{}'", what, n->value)
          : fmt::format("expected an integer for {}, found a {}", what, kind_name(n->kind)));
  return std::nullopt;
}

bool Reader::boolean(const yaml::Node* n, std::string_view what, bool fallback) {
  if (yaml::is_null_text(n)) return fallback;
  if (n->is_scalar() && n->plain) {
    if (n->value == "true" || n->value == "True" || n->value == "TRUE") return true;
    if (n->value == "false" || n->value == "False" || n->value == "FALSE") return false;
  }
  diags_.report(
      DiagKind::WrongNodeType, n->span,
      n->is_scalar()
          ? fmt::format("expected true or false for {}, found '{}'", what, n->value)
          : fmt::format("expected true or false for {}, found a {}", what, kind_name(n->kind)));
  return fallback;
}

bool Reader::sequence(const yaml::Node* n, std::string_view what) {
  if (yaml::is_null_text(n)) return false;
  if (n->is_sequence()) return true;
  diags_.report(DiagKind::WrongNodeType, n->span,
                fmt::format("expected a list for {}, found a {}", what, kind_name(n->kind)));
  return false;
}

bool Reader::mapping(const yaml::Node* n, std::string_view what) {
  if (yaml::is_null_text(n)) return false;
  if (n->is_mapping()) return true;
  diags_.report(DiagKind::WrongNodeType, n->span,
                fmt::format("expected a mapping for {}, found a {}", what, kind_name(n->kind)));
  return false;
}

EmbeddedText Reader::embedded(const yaml::Node* n) const {
  return yaml::embedded_scalar(file_, *n);
}

model::DatasourceRef Reader::datasource(const yaml::Node* n) {
  model::DatasourceRef ref;
  if (yaml::is_null_text(n)) return ref;
  ref.span = n->span;
  if (n->is_scalar()) {
    ref.present = true;
    ref.uid = model::Text{n->value, n->span};
    return ref;
  }
  if (!mapping(n, "a datasource")) return ref;
  ref.present = true;
  ref.type = text(n->get("type"), "the datasource's 'type'");
  ref.uid = text(n->get("uid"), "the datasource's 'uid'");
  if (!ref.uid) ref.uid = text(n->get("name"), "the datasource's 'name'");
  if (!ref.type && !ref.uid) ref.present = false;
  return ref;
}

void Reader::missing(const yaml::Node* parent, std::string_view field, std::string_view what) {
  Span at = parent->span;
  at.end = std::min(at.end, at.begin + 1);
  diags_.report(DiagKind::DashboardMissingField, at, fmt::format("{} has no '{}'", what, field));
}

nlohmann::ordered_json to_json(const yaml::Node* n) {
  using J = nlohmann::ordered_json;
  if (n == nullptr || yaml::is_null_text(n)) return nullptr;
  switch (n->kind) {
    case yaml::Kind::Null: return nullptr;
    case yaml::Kind::Scalar: {
      const std::string& v = n->value;
      if (!n->plain) return v;
      if (v == "true" || v == "True" || v == "TRUE") return true;
      if (v == "false" || v == "False" || v == "FALSE") return false;
      if (is_plain_int(v)) {
        int64_t i = 0;
        const char* b = v.data() + (v[0] == '+' ? 1 : 0);
        auto [p, ec] = std::from_chars(b, v.data() + v.size(), i);
        if (ec == std::errc() && p == v.data() + v.size()) return i;
        return std::strtod(v.c_str(), nullptr);
      }
      if (is_plain_float(v)) return std::strtod(v.c_str(), nullptr);
      return v;
    }
    case yaml::Kind::Sequence: {
      J out = J::array();
      for (const yaml::Node* item : n->items) out.push_back(to_json(item));
      return out;
    }
    case yaml::Kind::Mapping: {
      J out = J::object();
      for (const yaml::Entry& e : n->entries) out[e.key->value] = to_json(e.value);
      return out;
    }
  }
  return nullptr;
}

bool is_known_panel_type(std::string_view type) {
  static constexpr std::array<std::string_view, 36> kTypes = {
      "alertlist",      "annolist",       "barchart", "bargauge",   "candlestick", "canvas",
      "dashlist",       "datagrid",       "debug",    "flamegraph", "gauge",       "geomap",
      "gettingstarted", "graph",          "heatmap",  "histogram",  "live",        "logs",
      "news",           "nodeGraph",      "piechart", "row",        "singlestat",  "stat",
      "state-timeline", "status-history", "table",    "table-old",  "text",        "timeseries",
      "traces",         "trend",          "welcome",  "xychart",    "heatmap-new", "pluginlist"};
  for (std::string_view t : kTypes) {
    if (t == type) return true;
  }
  // Plugin panels: '<org>-<name>-panel' and the like.
  return type.find('-') != std::string_view::npos && type.ends_with("panel");
}

std::vector<model::DashboardLink> Reader::links(const yaml::Node* n, std::string_view what) {
  std::vector<model::DashboardLink> out;
  if (!sequence(n, what)) return out;
  for (const yaml::Node* l : n->items) {
    if (!mapping(l, "a link")) continue;
    model::DashboardLink link;
    link.span = l->span;
    if (auto t = text(l->get("title"), "a link's 'title'")) link.title = *t;
    if (auto u = text(l->get("url"), "a link's 'url'")) link.url = *u;
    out.push_back(std::move(link));
  }
  return out;
}

}  // namespace mzr::dash
