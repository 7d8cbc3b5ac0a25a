#pragma once
// `mzrules routes test --render`: what each receiver an alert reaches would send. For every
// route the alert matches, the notification data Alertmanager would build for a group of that
// one alert (group labels from the route's group_by, the route's group key), and each
// integration's message fields rendered with the configuration's template files: Slack title and
// text, PagerDuty description and details, the e-mail subject, OpsGenie message, the webhook's
// JSON payload, and so on. A field left to Alertmanager's built-in templates is named, not
// rendered: those templates ship inside Alertmanager.

#include <map>
#include <string>
#include <vector>

#include "compiler/model/alertmanager.h"
#include "compiler/routing/route_tree.h"

namespace mzr::driver {

struct RenderAlert {
  routing::LabelSet labels;
  std::map<std::string, std::string> annotations;
};

struct NotificationRenderOptions {
  std::string external_url = "http://localhost:9093";
  double now = 0;  // seconds since the epoch: the alert's start, `now` and `since`
};

// The human report for `alert`, routed to `matched` (in Alertmanager's order).
std::string render_notifications(const model::AlertmanagerConfig& config,
                                 const std::vector<const routing::RouteNode*>& matched,
                                 const RenderAlert& alert,
                                 const NotificationRenderOptions& options);

}  // namespace mzr::driver
