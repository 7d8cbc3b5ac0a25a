#include "compiler/eval/engine.h"

#include <algorithm>
#include <iterator>
#include <map>

#include "compiler/eval/evaluator.h"
#include "compiler/promql/functions.h"

namespace mzr::eval {

using namespace detail;
using promql::ValueType;

namespace {

// Removes the names marked for delayed removal.
void finish(Elem& e) {
  if (e.drop_name) drop_metadata(e.labels);
}

Outcome failed(const Failure& f, Evaluator& ev) {
  Outcome out;
  out.error_kind = f.kind;
  out.error = f.message;
  out.error_span = f.span;
  out.annotations = std::move(ev.annotations);
  return out;
}

}  // namespace

Outcome instant_query(const Store& store, const promql::Expr* root, int64_t t_ms,
                      const QueryOptions& options) {
  Evaluator ev(store, options, t_ms, t_ms, 0);
  ev.detect_histogram_stats(root);
  try {
    Val v = ev.eval(root, t_ms);
    Outcome out;
    out.ok = true;
    out.result.type = v.type;
    switch (v.type) {
      case ValueType::Scalar: out.result.scalar = v.scalar; break;
      case ValueType::String: out.result.string = v.str; break;
      case ValueType::Vector: {
        std::map<Labels, bool> seen;
        for (Elem& e : v.vec) {
          finish(e);
          if (!seen.emplace(e.labels, true).second) {
            ev.fail("vector cannot contain metrics with the same labelset");
          }
          out.result.vector.push_back(InstantSample{std::move(e.labels), e.f, e.h});
        }
        break;
      }
      case ValueType::Matrix:
        for (RangeElem& r : v.mat) {
          if (v.anchored || v.smoothed) {
            for (const Point& p : r.points) {
              if (p.h != nullptr) {
                ev.fail(std::string(v.anchored ? "anchored" : "smoothed") +
                        " modifier is not supported with histograms");
              }
            }
            r.points = extend_points(r.points, v.range_start, v.range_end, v.smoothed);
            if (r.points.empty()) continue;
          }
          if (r.drop_name) drop_metadata(r.labels);
          out.result.matrix.push_back(SeriesPoints{std::move(r.labels), std::move(r.points)});
        }
        break;
      case ValueType::None: break;
    }
    out.annotations = std::move(ev.annotations);
    out.result.histograms = ev.owned();
    return out;
  } catch (const Failure& f) {
    return failed(f, ev);
  }
}

Outcome range_query(const Store& store, const promql::Expr* root, int64_t start_ms, int64_t end_ms,
                    int64_t step_ms, const QueryOptions& options) {
  Evaluator ev(store, options, start_ms, end_ms, step_ms);
  ev.detect_histogram_stats(root);
  try {
    ValueType type = promql::type_of(root);
    if (type != ValueType::Vector && type != ValueType::Scalar) {
      ev.fail("invalid expression type \"" + std::string(promql::documented_name(type)) +
              "\" for range query, must be Scalar or instant Vector");
    }
    // As Prometheus' range evaluation: a series is identified by its labels before the delayed
    // removal of __name__, and is renamed as a whole if its first point dropped the name;
    // series that end up with the same labels are merged when their points do not overlap.
    struct Pending {
      std::vector<Point> points;
      bool drop = false;
    };
    std::map<Labels, Pending> pending;
    size_t total = 0;
    for (int64_t t = start_ms; t <= end_ms; t += step_ms) {
      ev.reset_step_samples();
      Val v = ev.eval(root, t);
      if (v.type == ValueType::Scalar) {
        pending[Labels{}].points.push_back(Point{t, v.scalar, nullptr});
        ++total;
      }
      for (Elem& e : v.vec) {
        Pending& s = pending[e.labels];
        if (!s.points.empty() && s.points.back().t == t) {
          ev.fail("vector cannot contain metrics with the same labelset");
        }
        if (s.points.empty()) s.drop = e.drop_name;  // the step that starts the series decides
        s.points.push_back(Point{t, e.f, e.h});
        ++total;
      }
      ev.account(total);
      if (step_ms <= 0) break;
    }
    std::map<Labels, SeriesPoints> series;
    for (auto& [labels, p] : pending) {
      Labels final_labels = labels;
      if (p.drop) drop_metadata(final_labels);
      SeriesPoints& s = series[final_labels];
      if (s.points.empty()) {
        s.points = std::move(p.points);
        continue;
      }
      std::vector<Point> merged;
      std::merge(s.points.begin(), s.points.end(), p.points.begin(), p.points.end(),
                 std::back_inserter(merged),
                 [](const Point& a, const Point& b) { return a.t < b.t; });
      for (size_t i = 1; i < merged.size(); ++i) {
        if (merged[i].t == merged[i - 1].t) {
          ev.fail("vector cannot contain metrics with the same labelset");
        }
      }
      s.points = std::move(merged);
    }
    Outcome out;
    out.ok = true;
    out.result.type = ValueType::Matrix;
    for (auto& [labels, s] : series) {
      s.labels = labels;
      out.result.matrix.push_back(std::move(s));
    }
    out.annotations = std::move(ev.annotations);
    out.result.histograms = ev.owned();
    return out;
  } catch (const Failure& f) {
    return failed(f, ev);
  }
}

void report(const Outcome& outcome, Span query, Diagnostics& diags) {
  for (const Annotation& a : outcome.annotations) {
    diags.report(a.warning ? DiagKind::EvalWarning : DiagKind::EvalInfo,
                 a.span.valid() ? a.span : query, a.message);
  }
  if (!outcome.ok) {
    diags.report(outcome.error_kind, outcome.error_span.valid() ? outcome.error_span : query,
                 outcome.error);
  }
}

}  // namespace mzr::eval
