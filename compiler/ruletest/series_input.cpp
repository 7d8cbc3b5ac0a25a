#include "compiler/ruletest/series_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>

#include "compiler/syntax/series_notation.h"

namespace mzr::ruletest {
namespace {

eval::Histogram to_histogram(const syntax::SeriesHistogram& s) {
  eval::Histogram h;
  h.schema = static_cast<int32_t>(s.schema);
  h.sum = s.sum;
  h.count = s.count;
  h.zero_count = s.zero_count;
  h.zero_threshold = s.zero_threshold;
  h.positive = s.buckets;
  h.positive_offset = static_cast<int32_t>(s.offset);
  h.negative = s.negative_buckets;
  h.negative_offset = static_cast<int32_t>(s.negative_offset);
  h.custom_bounds = s.custom_values;
  if (s.counter_reset_hint == "reset") h.hint = eval::CounterResetHint::Reset;
  if (s.counter_reset_hint == "not_reset") h.hint = eval::CounterResetHint::NotReset;
  if (s.counter_reset_hint == "gauge") h.hint = eval::CounterResetHint::Gauge;
  return h;
}

}  // namespace

eval::Labels series_labels(const std::map<std::string, std::string>& labels) {
  eval::Labels out;
  for (const auto& [k, v] : labels) out.push_back(eval::Label{k, v});
  eval::normalize(out);
  return out;
}

eval::Histogram series_histogram(const syntax::SeriesValue& v, const eval::Histogram* previous) {
  if (!v.delta || v.steps == 0) return to_histogram(v.histogram);
  // Prometheus' parser adds (subtracts) the delta once per step, with FloatHistogram.Add (Sub):
  // zero buckets and schemas reconciled, counter-reset hints adjusted.
  eval::Histogram d = to_histogram(*v.delta);
  double sign = v.subtract ? -1 : 1;
  eval::Histogram h = previous != nullptr ? *previous : to_histogram(v.histogram);
  for (uint64_t i = previous != nullptr ? v.steps - 1 : 0; i < v.steps; ++i) {
    if (auto next = eval::combine(h, d, sign)) h = std::move(*next);
  }
  return h;
}

bool continues_item(const syntax::SeriesValue& prev, const syntax::SeriesValue& v) {
  return v.delta && prev.delta && v.steps > 0 && prev.steps + 1 == v.steps &&
         prev.subtract == v.subtract && prev.histogram == v.histogram && *prev.delta == *v.delta;
}

void SeriesInput::append_till(int64_t ts, eval::Store& store) {
  for (; next < samples.size() && samples[next].t <= ts; ++next) {
    const Pending& p = samples[next];
    if (p.h) {
      store.add_histogram(*p.labels, p.t, *p.h);
    } else {
      store.add(*p.labels, p.t, p.f);
    }
  }
}

bool load_input_series(const model::RuleTestGroup& group, int64_t interval_ms, int64_t start_ms,
                       SeriesInput& out, Diagnostics& diags) {
  bool ok = true;
  std::vector<syntax::SeriesDescription> parsed;
  for (const model::InputSeries& s : group.input_series) {
    // promtool joins the two fields into one line of a `load` block.
    std::string line = s.series.value + " " + s.values.value;
    syntax::SeriesError error;
    auto desc = syntax::parse_series_description(line, &error);
    if (!desc || desc->labels.empty()) {
      Span at = s.series.span;
      if (desc) {
        error.message = "the series has no metric name or labels";
      } else if (error.offset > s.series.value.size()) {
        at = s.values.span;
        uint32_t off = error.offset - static_cast<uint32_t>(s.series.value.size()) - 1;
        if (off < s.values.value.size() && at.end - at.begin == s.values.value.size()) {
          at = Span{at.file, at.begin + off, at.begin + off + 1};
        }
      } else if (at.end - at.begin == s.series.value.size() &&
                 error.offset < s.series.value.size()) {
        at = Span{at.file, at.begin + error.offset, at.begin + error.offset + 1};
      }
      diags.report(DiagKind::RuleTestBadSeries, at,
                   fmt::format("malformed input series: {}", error.message));
      ok = false;
      continue;
    }
    parsed.push_back(std::move(*desc));
  }
  if (!ok) return false;
  out.label_sets.reserve(parsed.size());
  for (const syntax::SeriesDescription& d : parsed)
    out.label_sets.push_back(series_labels(d.labels));
  for (size_t i = 0; i < parsed.size(); ++i) {
    const eval::Labels* ls = &out.label_sets[i];
    for (size_t k = 0; k < parsed[i].values.size(); ++k) {
      const syntax::SeriesValue& v = parsed[i].values[k];
      SeriesInput::Pending p;
      p.t = start_ms + static_cast<int64_t>(k) * interval_ms;
      p.labels = ls;
      using Kind = syntax::SeriesValue::Kind;
      if (v.kind == Kind::Omitted) continue;
      if (v.kind == Kind::Float) p.f = v.value;
      if (v.kind == Kind::Stale) p.f = eval::stale_nan();
      if (v.kind == Kind::Histogram) p.h = series_histogram(v);
      out.samples.push_back(std::move(p));
    }
  }
  std::stable_sort(out.samples.begin(), out.samples.end(),
                   [](const auto& a, const auto& b) { return a.t < b.t; });
  return true;
}

std::optional<eval::Labels> parse_metric(const std::string& text) {
  syntax::SeriesError error;
  auto desc = syntax::parse_series_description(text, &error);
  if (!desc || !desc->values.empty()) return std::nullopt;
  return series_labels(desc->labels);
}

std::optional<eval::Histogram> parse_histogram_value(const std::string& text, std::string& error) {
  syntax::SeriesError e;
  auto desc = syntax::parse_series_description("{} " + text, &e);
  if (!desc) {
    error = e.message;
    return std::nullopt;
  }
  if (desc->values.size() != 1) {
    error = fmt::format("expected 1 value, got {}", desc->values.size());
    return std::nullopt;
  }
  if (desc->values[0].kind != syntax::SeriesValue::Kind::Histogram) {
    error = "expected histogram";
    return std::nullopt;
  }
  return series_histogram(desc->values[0]);
}

}  // namespace mzr::ruletest
