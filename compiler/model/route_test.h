#pragma once
// Route tests: an alert (a label set, or an alert rule of the repository resolved to its static
// labels), the receivers Alertmanager must notify for it, and optionally an instant for mute and
// active time intervals and firing alerts that should or should not inhibit it. Written in a
// `route_tests` YAML file or as `test route` in the DSL; `mzrules test` runs them.

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/model/rules.h"

namespace mzr::model {

// Firing alerts that must, or must not, inhibit the tested alert.
struct RouteTestInhibition {
  bool expect_inhibited = true;
  std::vector<std::vector<LabelPair>> firing;  // one label set per alert
  Span span;
};

struct RouteTest {
  std::optional<Text> name;       // a title for reports; generated from the labels when absent
  std::optional<Text> alert;      // an alert rule whose labels (and alertname) start the label set
  std::vector<LabelPair> labels;  // added to, and overriding, the alert rule's labels
  // The receivers of the matched routes in Alertmanager's order, as amtool's --verify.receivers
  // compares them; with `at`, routes muted at that instant are left out. Absent: not checked.
  std::optional<std::vector<Text>> receivers;
  Span receivers_span;
  std::optional<Text> at;  // RFC 3339
  std::vector<RouteTestInhibition> inhibitions;
  Span span;  // the whole test; reports point at its start
};

}  // namespace mzr::model
