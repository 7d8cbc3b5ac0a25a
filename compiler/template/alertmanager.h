#pragma once
// Alertmanager's notification templates (template/template.go of Alertmanager 0.34): the data
// (template.Data with its KV, Pairs, Strings and Alerts methods) and the functions (DefaultFuncs
// and routeLabels).

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "compiler/template/exec.h"
#include "compiler/template/value.h"

namespace mzr::tmpl {

struct AlertmanagerEnv {
  // The current time for `now` and `since`, in seconds since the epoch (with fraction).
  double now = 0;
  // Route labels are already rendered (MarkRouteLabelsRendered): routeLabels returns them as is.
  bool route_labels_rendered = false;
};

// Alertmanager's functions on top of Go's builtins. `routeLabels` renders the data's route
// labels, as templates, against `data`.
FuncMap alertmanager_functions(const AlertmanagerEnv& env, const Value& data);

// The notification data from its webhook JSON form (receiver, status, alerts, groupLabels,
// commonLabels, commonAnnotations, routeLabels, externalURL, notification_reason). Missing
// fields get Go's zero values.
Value alertmanager_data(const nlohmann::json& j);

// One alert of the data.
Value alertmanager_alert(const nlohmann::json& j);

// A label set as Alertmanager's KV type (with SortedPairs, Remove, Names, Values, String).
Value alertmanager_kv(const std::map<std::string, std::string>& m, bool nil = false);

}  // namespace mzr::tmpl
