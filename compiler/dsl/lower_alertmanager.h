#pragma once
// Lowers the Alertmanager blocks of .mzr files into one configuration tree in alertmanager.yml's
// shape (model::AmValue), every node keeping its .mzr position. The decoder of alertmanager.yml
// then reads the tree in place (load_alertmanager_document: no YAML is built), so both formats
// give the same typed model with the same checks, each diagnostic at its .mzr position.
// What only the language can get wrong (unknown integration blocks, matchers where none go,
// fields given twice, a second routing tree) is reported here.

#include <optional>

#include "compiler/base/diagnostics.h"
#include "compiler/dsl/ast.h"
#include "compiler/model/alertmanager.h"

namespace mzr::dsl {

struct LoweredAlertmanager {
  bool present = false;        // any Alertmanager block was seen
  model::AmValue doc;          // a mapping once present
  SourceId file = kNoSource;   // the file of the routing tree (else of the first block)
  std::optional<Span> route;   // the routing tree's block
  std::optional<Span> global;  // the global block
};

void lower_alertmanager(const AmBlock& block, LoweredAlertmanager& out, Diagnostics& diags);

}  // namespace mzr::dsl
