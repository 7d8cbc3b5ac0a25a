#pragma once
// The standard library's catalogs as the build lowered them, in tables of plain records. The
// build parses and lowers compiler/stdlib/*.mzr once (compiler/stdlib/gen_catalogs.cpp) and writes
// the tables as C++; at run time they are turned back into model::Catalog without parsing.
// Spans name a file by its index in stdlib::files(), so they can be placed onto the SourceIds the
// files get in each compilation's SourceManager.

#include <cstdint>
#include <span>
#include <string_view>

#include "compiler/model/catalog.h"

namespace mzr::stdlib {

inline constexpr uint32_t kNoFileIndex = UINT32_MAX;  // a span without a source

struct SpanRecord {
  uint32_t file = kNoFileIndex;  // index into files()
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct TextRecord {
  std::string_view value;
  SpanRecord span;
};

struct MetricRecord {
  model::MetricType type = model::MetricType::Gauge;
  TextRecord name;
  uint32_t first_label = 0;  // into Tables::labels
  uint32_t label_count = 0;
  bool labels_known = true;
  bool has_help = false;
  TextRecord help;
  SpanRecord span;
};

struct CatalogRecord {
  TextRecord name;
  uint32_t first_target_label = 0;  // into Tables::labels
  uint32_t target_label_count = 0;
  uint32_t first_metric = 0;  // into Tables::metrics
  uint32_t metric_count = 0;
  SpanRecord span;
};

struct Tables {
  std::span<const CatalogRecord> catalogs;
  std::span<const MetricRecord> metrics;
  std::span<const TextRecord> labels;  // target labels and metric labels
};

// The tables (generated at build time).
const Tables& tables();

}  // namespace mzr::stdlib
