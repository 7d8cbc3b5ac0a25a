#pragma once
// Loki's checks after parsing (pkg/logql/syntax/ast.go and parser.go), applied to the typed AST,
// and the inference of the label set a query produces.
//
// Label sets are gradual: an open set may hold labels nobody declared (after `| json`, or when
// no stream catalog is given); a closed set holds exactly its labels. Warnings about absent
// labels are only given for closed sets, so unknown streams never cause false warnings.

#include <set>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/logql/ast.h"

namespace mzr::logql {

// The labels log streams carry (what the collector attaches: namespace, pod, container, ...).
struct StreamCatalog {
  std::set<std::string> labels;
};

struct LabelSet {
  bool open = true;
  std::set<std::string> labels;  // present or possibly present

  bool may_have(const std::string& name) const { return open || labels.count(name) > 0; }
};

struct CheckOptions {
  const StreamCatalog* streams = nullptr;  // null: stream labels are unknown (open)
};

struct CheckResult {
  bool ok = true;  // no error reported
  LabelSet labels;
};

CheckResult check_logql(const Expr* root, const CheckOptions& options, Diagnostics& diags);

// True for a metric query (samples), false for a log query (lines).
bool is_metric_query(const Expr* root);

}  // namespace mzr::logql
