#pragma once
// Routing analysis over the whole model (DESIGN.md §3, "Routes"): each alert rule's label set
// (static labels and 'alertname' with known values, external labels, and the labels its
// expression may carry with unknown values) is routed through the Alertmanager tree with
// three-valued matching, giving the receivers it definitely or possibly reaches. From that, and
// from the configuration alone: alerts that only reach the root's receiver, routes no alert
// reaches, routes shadowed by an earlier sibling, unused receivers, inhibit rules whose source or
// target matches no alert, and 'equal' labels the matched alerts never carry.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/check/rule_exprs.h"
#include "compiler/model/alertmanager.h"
#include "compiler/model/rules.h"
#include "compiler/model/stack.h"
#include "compiler/routing/matcher.h"

namespace mzr {

// What is known of an alert's labels when it fires.
struct AlertLabels {
  const model::RuleGroup* group = nullptr;
  const model::Rule* rule = nullptr;
  std::map<std::string, std::string, std::less<>> known;  // value known statically
  std::set<std::string, std::less<>> unknown;             // may be present, value unknown
  bool open = false;                                      // any other label may be present too
  std::set<std::string, std::less<>> absent;              // open sets: labels known to be absent

  bool may_carry(std::string_view name) const;
};

std::vector<AlertLabels> alert_labels(const std::vector<model::RuleSet>& sets,
                                      const model::Stack& stack, const AlertSeriesLabels& series);

enum class Tri : uint8_t { No, Maybe, Yes };
Tri evaluate(const routing::Matcher& m, const AlertLabels& a);
Tri evaluate(const routing::Matchers& ms, const AlertLabels& a);

struct AlertReceivers {
  const AlertLabels* alert = nullptr;
  std::vector<std::string> definite;  // in routing order, without duplicates
  std::vector<std::string> possible;  // possibly reached, not definitely
  bool only_root = false;             // the root route is its only possible match
};

// The receivers of every alert. Also reports the diagnostics when `diags` is given.
std::vector<AlertReceivers> analyze_routing(const std::vector<AlertLabels>& alerts,
                                            const model::AlertmanagerConfig& config,
                                            Diagnostics* diags);

}  // namespace mzr
