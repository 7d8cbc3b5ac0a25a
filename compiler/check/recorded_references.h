#pragma once
// What the project's recording rules record, for the lint on the series named like recording
// rules ('level:metric:operation') that queries read (promql_lints.h): a renamed recording rule
// would otherwise silently stop the alerts that read it from ever firing.

#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "compiler/base/suggest.h"
#include "compiler/model/rules.h"

namespace mzr {

class RecordedReferences {
 public:
  // The names every recording rule of `sets` records (PromQL and LogQL alike: the Loki ruler's
  // recorded series are queried like the others).
  explicit RecordedReferences(const std::vector<model::RuleSet>& sets);

  const std::unordered_set<std::string_view>& names() const { return recorded_; }
  // Suggestions among the names, for a misspelt one.
  Suggester& suggester() { return *suggest_; }

 private:
  std::unordered_set<std::string_view> recorded_;
  std::unique_ptr<Suggester> suggest_;
};

}  // namespace mzr
