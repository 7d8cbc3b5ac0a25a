#pragma once
// The series named like recording rules ('level:metric:operation') that rule expressions read,
// against what the project's recording rules record and the catalogs declare: a renamed
// recording rule would otherwise silently stop the alerts that read it from ever firing.
// Dashboards get the same diagnostic (E0815) from their own checks.

#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/suggest.h"
#include "compiler/model/rules.h"
#include "compiler/promql/ast.h"
#include "compiler/promql/labels.h"

namespace mzr {

class RecordedReferences {
 public:
  // The names every recording rule of `sets` records (PromQL and LogQL alike: the Loki ruler's
  // recorded series are queried like the others).
  explicit RecordedReferences(const std::vector<model::RuleSet>& sets);

  // Reports each recorded name `root` reads that no rule records and `catalog` does not know.
  // Silent when the project has no recording rules: its rules then read those of another
  // repository.
  void check(const promql::Expr* root, const promql::Catalog& catalog, Diagnostics& diags);

 private:
  std::unordered_set<std::string_view> recorded_;
  std::unique_ptr<Suggester> suggest_;
};

}  // namespace mzr
