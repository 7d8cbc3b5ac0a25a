#include "compiler/driver/routes_json.h"

#include "compiler/base/duration.h"

namespace mzr::driver {

nlohmann::json route_json(const routing::RouteNode& n, const model::AlertmanagerConfig& config,
                          const std::optional<routing::Instant>& at) {
  nlohmann::json path = nlohmann::json::array();
  std::vector<size_t> indices;
  for (const routing::RouteNode* p = &n; p->parent != nullptr; p = p->parent) {
    indices.insert(indices.begin(), p->sibling_index);
  }
  for (size_t i : indices) path.push_back(i);
  nlohmann::json j = {{"receiver", n.options.receiver},
                      {"key", n.key()},
                      {"path", path},
                      {"continue", n.continue_matching},
                      {"group_by", n.options.group_by},
                      {"group_by_all", n.options.group_by_all}};
  if (at) {
    routing::MuteResult m = routing::route_muted(n.options, config, *at);
    j["muted"] = m.muted;
    if (m.muted) j["muted_by"] = m.because;
  }
  return j;
}

namespace {

nlohmann::json node_json(const routing::RouteNode& n) {
  nlohmann::json matchers = nlohmann::json::array();
  for (const routing::Matcher& m : n.matchers) matchers.push_back(m.to_string());
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& child : n.children) routes.push_back(node_json(*child));
  const routing::RouteOptions& o = n.options;
  return {{"matchers", matchers},
          {"receiver", o.receiver},
          {"continue", n.continue_matching},
          {"group_by", o.group_by},
          {"group_by_all", o.group_by_all},
          {"group_wait", format_duration(o.group_wait)},
          {"group_interval", format_duration(o.group_interval)},
          {"repeat_interval", format_duration(o.repeat_interval)},
          {"mute_time_intervals", o.mute_time_intervals},
          {"active_time_intervals", o.active_time_intervals},
          {"routes", routes}};
}

}  // namespace

nlohmann::json route_tree_json(const routing::RoutingTree& tree) {
  return node_json(tree.root());
}

nlohmann::json routing_answer_json(const routing::LabelSet& labels,
                                   const std::vector<const routing::RouteNode*>& matched,
                                   const model::AlertmanagerConfig& config,
                                   const std::optional<routing::Instant>& at,
                                   const std::vector<routing::InhibitRule>& inhibit_rules,
                                   const std::vector<routing::LabelSet>& firing) {
  nlohmann::json routes = nlohmann::json::array();
  for (const routing::RouteNode* n : matched) routes.push_back(route_json(*n, config, at));
  nlohmann::json result{
      {"labels", labels}, {"receivers", routing::receivers_of(matched)}, {"routes", routes}};
  if (!firing.empty()) {
    std::optional<routing::Inhibition> hit =
        routing::find_inhibition(inhibit_rules, labels, firing);
    result["inhibited"] = hit.has_value();
    if (hit) {
      result["inhibited_by"] = firing[hit->source_index];
      result["inhibit_rule"] = hit->rule_index;
    }
  }
  return result;
}

nlohmann::json alert_table_json(const std::vector<AlertReceivers>& table) {
  nlohmann::json out = nlohmann::json::array();
  for (const AlertReceivers& r : table) {
    out.push_back({{"alert", r.alert->rule->name.value},
                   {"group", r.alert->group->name.value},
                   {"receivers", r.definite},
                   {"possible_receivers", r.possible}});
  }
  return out;
}

}  // namespace mzr::driver
