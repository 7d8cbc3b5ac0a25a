#pragma once
// Catalogs of log streams: the labels the log collector attaches to every stream (namespace,
// pod, container, ...), which LogQL stream selectors match on.

#include <vector>

#include "compiler/base/source.h"
#include "compiler/model/rules.h"

namespace mzr::model {

struct StreamCatalog {
  Text name;
  std::vector<Text> labels;
  Span span;
};

}  // namespace mzr::model
