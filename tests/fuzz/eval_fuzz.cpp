// libFuzzer target for the PromQL evaluator: the first line of the input is an expression, the
// other lines are series in promqltest's load notation (one step per minute). Whatever they are,
// evaluation gives a result or an error, never a crash, a hang or a sanitizer report: the sample
// limit and the timeout bound pathological queries (deep subqueries, huge ranges, count_values
// over many values).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/eval/engine.h"
#include "compiler/frontend/promql.h"
#include "compiler/syntax/series_notation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t nl = text.find('\n');
  std::string expr(text.substr(0, nl));
  mzr::eval::Store store;
  while (nl != std::string_view::npos) {
    size_t next = text.find('\n', nl + 1);
    std::string_view line =
        text.substr(nl + 1, next == std::string_view::npos ? next : next - nl - 1);
    nl = next;
    auto desc = mzr::syntax::parse_series_description(line);
    if (!desc) continue;
    mzr::eval::Labels labels;
    for (const auto& [k, v] : desc->labels) labels.push_back({k, v});
    mzr::eval::normalize(labels);
    for (size_t i = 0; i < desc->values.size() && i < 1000; ++i) {
      const auto& v = desc->values[i];
      auto t = static_cast<int64_t>(i) * 60000;
      if (v.kind == mzr::syntax::SeriesValue::Kind::Float) store.add(labels, t, v.value);
      if (v.kind == mzr::syntax::SeriesValue::Kind::Stale)
        store.add(labels, t, mzr::eval::stale_nan());
    }
  }
  mzr::SourceManager sm;
  mzr::SourceId id = sm.add("<fuzz>", expr);
  mzr::promql::Options options;
  options.features = {"promql-duration-expr", "promql-experimental-functions",
                      "promql-extended-range-selectors", "promql-binop-fill-modifiers"};
  mzr::Diagnostics diags;
  mzr::promql::ParseResult r =
      mzr::promql::parse_expr(mzr::EmbeddedText::verbatim(expr, id, 0), options, diags);
  if (!r.ok) return 0;
  mzr::eval::QueryOptions q;
  q.max_samples = 100000;
  q.timeout = std::chrono::milliseconds(500);
  q.delayed_name_removal = size > 1 && (data[size - 1] & 1);
  mzr::eval::Outcome instant = mzr::eval::instant_query(store, r.root, 300000, q);
  if (!instant.ok && instant.error.empty()) std::abort();
  if (r.type == mzr::promql::ValueType::Vector || r.type == mzr::promql::ValueType::Scalar) {
    mzr::eval::Outcome range = mzr::eval::range_query(store, r.root, 0, 600000, 60000, q);
    if (!range.ok && range.error.empty()) std::abort();
  }
  return 0;
}
