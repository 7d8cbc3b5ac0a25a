#pragma once
// Route tests in the .mzr syntax tree (docs/dsl.md, "Route tests"). Part of compiler/dsl/ast.h,
// which includes this file where the shared leaf nodes are declared: include ast.h, not this.
//
//   test route "pages the adapter team" alert EnvdDown { namespace = "prod" }
//     at "2024-12-25T10:00:00Z" not inhibited_by { severity = "info" } -> [pagerduty-adapter]

#include "compiler/dsl/ast.h"

namespace mzr::dsl {

struct TestInhibition {
  bool expect_inhibited = true;  // `inhibited_by`, or `not inhibited_by`
  std::vector<LabelMap> firing;
  Span span;
};

struct RouteTestBlock {
  Name kind;  // "route", the only kind of test so far
  std::optional<Text> title;
  std::optional<Name> alert;  // `alert NAME`
  std::optional<LabelMap> labels;
  std::optional<Text> at;
  std::vector<TestInhibition> inhibitions;
  std::optional<std::vector<Name>> receivers;  // after `->`
  Span receivers_span;
  Span span;
  Comments comments;
};

}  // namespace mzr::dsl
