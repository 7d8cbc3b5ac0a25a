#include "compiler/stdlib/stdlib.h"

#include <algorithm>
#include <set>
#include <string>

#include "compiler/stdlib/tables.h"

namespace mzr::stdlib {
namespace {

Span span(const SpanRecord& r, std::span<const SourceId> ids) {
  if (r.file == kNoFileIndex) return Span{kNoSource, r.begin, r.end};
  return Span{ids[r.file], r.begin, r.end};
}

model::Text text(const TextRecord& r, std::span<const SourceId> ids) {
  return model::Text{std::string(r.value), span(r.span, ids)};
}

std::vector<model::Text> texts(std::span<const TextRecord> records, uint32_t first, uint32_t count,
                               std::span<const SourceId> ids) {
  std::vector<model::Text> out;
  out.reserve(count);
  for (const TextRecord& r : records.subspan(first, count)) out.push_back(text(r, ids));
  return out;
}

model::MetricDecl metric(const MetricRecord& r, const Tables& t, std::span<const SourceId> ids) {
  model::MetricDecl d;
  d.type = r.type;
  d.name = text(r.name, ids);
  d.labels = texts(t.labels, r.first_label, r.label_count, ids);
  d.labels_known = r.labels_known;
  if (r.has_help) d.help = text(r.help, ids);
  d.span = span(r.span, ids);
  return d;
}

}  // namespace

std::vector<model::Catalog> load_catalogs(SourceManager& sm, Diagnostics& /*diags*/,
                                          const std::vector<model::Catalog>& own,
                                          const std::vector<std::string>& only) {
  std::set<std::string_view, std::less<>> declared;
  for (const model::Catalog& c : own) {
    for (const model::MetricDecl& m : c.metrics) declared.insert(m.name.value);
  }
  std::vector<SourceId> ids;
  for (const File& f : files()) {
    ids.push_back(sm.add("<stdlib>/" + std::string(f.name), std::string(f.text)));
  }
  const Tables& t = tables();
  std::vector<model::Catalog> out;
  for (const CatalogRecord& r : t.catalogs) {
    if (!only.empty() && std::find(only.begin(), only.end(), r.name.value) == only.end()) {
      continue;
    }
    model::Catalog c;
    c.name = text(r.name, ids);
    c.target_labels = texts(t.labels, r.first_target_label, r.target_label_count, ids);
    c.metrics.reserve(r.metric_count);
    for (const MetricRecord& m : t.metrics.subspan(r.first_metric, r.metric_count)) {
      if (!declared.contains(m.name.value)) c.metrics.push_back(metric(m, t, ids));
    }
    c.span = span(r.span, ids);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace mzr::stdlib
