#pragma once
// Lowers the syntax trees of .mzr files into the model: rule groups, catalogs, stack settings.
// Checks what only the language can get wrong (missing expressions, duplicate annotations,
// values outside their set); checks across the model live in compiler/check.

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/dsl/ast.h"
#include "compiler/dsl/lower_alertmanager.h"
#include "compiler/model/catalog.h"
#include "compiler/model/route_test.h"
#include "compiler/model/rule_test.h"
#include "compiler/model/rules.h"
#include "compiler/model/stack.h"
#include "compiler/model/streams.h"

namespace mzr::dsl {

struct Lowered {
  std::vector<model::RuleSet> rule_sets;  // per file: one for PromQL groups, one for Loki groups
  std::vector<model::Catalog> catalogs;
  std::optional<model::Stack> stack;
  LoweredAlertmanager alertmanager;  // receivers, routing tree, ... of every file together
  std::vector<model::StreamCatalog> streams;
  std::vector<model::RouteTest> route_tests;
  std::vector<model::RuleTestGroup> rule_tests;  // `test rules` blocks, in file order
  // Dashboards are lowered once the stack is known (lower_dashboard.h): their datasources are the
  // stack's.
  std::vector<DashboardBlock> dashboards;
};

// Adds the content of `file` to `out`.
void lower(const File& file, Lowered& out, Diagnostics& diags);

}  // namespace mzr::dsl
