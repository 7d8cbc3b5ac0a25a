#pragma once
// The answers of 'mzrules routes' as JSON: the routing tree ('show --format=json'), the routes an
// alert matches ('test --format=json', and each line of '--jsonl'), and the alert table
// ('show --alerts --format=json').

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "compiler/check/routing_analysis.h"
#include "compiler/model/alertmanager.h"
#include "compiler/routing/inhibit.h"
#include "compiler/routing/route_tree.h"
#include "compiler/routing/time_interval.h"

namespace mzr::driver {

// One matched route: its receiver, key, path of sibling indices from the root, continue,
// grouping, and whether its time intervals mute it at `at`.
nlohmann::json route_json(const routing::RouteNode& n, const model::AlertmanagerConfig& config,
                          const std::optional<routing::Instant>& at);

// The whole tree, each route with its matchers, its effective options and its child routes.
nlohmann::json route_tree_json(const routing::RoutingTree& tree);

// What an alert with `labels` reaches: the receivers, the matched routes and, when firing alerts
// are given, whether the inhibit rules mute it.
nlohmann::json routing_answer_json(const routing::LabelSet& labels,
                                   const std::vector<const routing::RouteNode*>& matched,
                                   const model::AlertmanagerConfig& config,
                                   const std::optional<routing::Instant>& at,
                                   const std::vector<routing::InhibitRule>& inhibit_rules,
                                   const std::vector<routing::LabelSet>& firing);

// Every alert of the repository with the receivers it reaches for certain and those it may.
nlohmann::json alert_table_json(const std::vector<AlertReceivers>& table);

}  // namespace mzr::driver
