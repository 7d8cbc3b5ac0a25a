#include "compiler/check/recorded_references.h"

namespace mzr {

RecordedReferences::RecordedReferences(const std::vector<model::RuleSet>& sets) {
  for (const model::RuleSet& set : sets) {
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        if (r.kind == model::RuleKind::Recording && !r.name.value.empty())
          recorded_.insert(r.name.value);
      }
    }
  }
  suggest_ = std::make_unique<Suggester>(
      std::vector<std::string_view>(recorded_.begin(), recorded_.end()));
}

}  // namespace mzr
