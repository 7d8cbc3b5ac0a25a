// Prometheus' histogram statistics decoding (detectHistogramStatsDecoding and the
// HistogramStatsIterator): a selector whose histograms only feed histogram_count, histogram_sum
// or histogram_avg (through anything but a subquery, a function that needs the buckets,
// changes(), count_values, a trim or ==/!=) reads histograms without buckets, whose
// counter-reset hint the iterator makes on the fly from the previous histogram it read.

#include <functional>
#include <vector>

#include "compiler/eval/evaluator.h"
#include "compiler/promql/functions.h"

namespace mzr::eval::detail {

using namespace promql;

void Evaluator::detect_histogram_stats(const Expr* root) {
  std::vector<const Expr*> path;
  std::function<void(const Expr*)> walk = [&](const Expr* e) {
    if (e == nullptr) return;
    if (const auto* vs = as<VectorSelector>(e)) {
      bool skip = false;
      for (size_t i = path.size(); i-- > 0;) {
        const Expr* p = path[i];
        if (p->kind == ExprKind::Subquery) {
          skip = false;
          break;
        }
        if (const auto* c = as<Call>(p)) {
          std::string_view n = c->func->name;
          if (n == "histogram_count" || n == "histogram_sum" || n == "histogram_avg" ||
              n == "timestamp" || n == "start_timestamp" || n == "absent") {
            skip = true;
          } else if (n == "histogram_quantile" || n == "histogram_quantiles" ||
                     n == "histogram_fraction" || n == "histogram_stddev" ||
                     n == "histogram_stdvar" || n == "changes") {
            skip = false;
            break;
          }
        } else if (const auto* a = as<AggregateExpr>(p)) {
          if (a->op == AggOp::CountValues) {
            skip = false;
            break;
          }
        } else if (const auto* b = as<BinaryExpr>(p)) {
          if (b->op == BinOp::TrimUpper || b->op == BinOp::TrimLower || b->op == BinOp::Eql ||
              b->op == BinOp::Neq) {
            skip = false;
            break;
          }
        }
      }
      if (skip) stats_selectors_[vs] = true;
      return;
    }
    path.push_back(e);
    switch (e->kind) {
      case ExprKind::Paren: walk(static_cast<const ParenExpr*>(e)->expr); break;
      case ExprKind::Unary: walk(static_cast<const UnaryExpr*>(e)->expr); break;
      case ExprKind::Binary:
        walk(static_cast<const BinaryExpr*>(e)->lhs);
        walk(static_cast<const BinaryExpr*>(e)->rhs);
        break;
      case ExprKind::Call:
        for (const Expr* a : static_cast<const Call*>(e)->args) walk(a);
        break;
      case ExprKind::Aggregate:
        walk(static_cast<const AggregateExpr*>(e)->param);
        walk(static_cast<const AggregateExpr*>(e)->expr);
        break;
      case ExprKind::Subquery: walk(static_cast<const SubqueryExpr*>(e)->expr); break;
      case ExprKind::MatrixSelector: walk(static_cast<const MatrixSelector*>(e)->selector); break;
      default: break;
    }
    path.pop_back();
  };
  walk(root);
}

const Histogram* Evaluator::stats_histogram(const VectorSelector* vs, const Series& s, size_t index,
                                            int64_t window_start) {
  const Sample& smp = s.samples[index];
  auto it = stats_cache_.find({vs, smp.h});
  if (it != stats_cache_.end()) return it->second;
  Histogram h;
  h.schema = smp.h->schema;
  h.count = smp.h->count;
  h.sum = smp.h->sum;
  h.hint = smp.h->hint;
  if (h.hint == CounterResetHint::Unknown) {
    // The previous histogram the series' iterator read: one after the start of the selection.
    for (size_t i = index; i-- > 0;) {
      const Sample& prev = s.samples[i];
      if (prev.t <= window_start) break;
      if (prev.h == nullptr) continue;
      h.hint = detect_reset(*smp.h, *prev.h) ? CounterResetHint::Reset : CounterResetHint::NotReset;
      break;
    }
  }
  const Histogram* kept = keep(std::move(h));
  stats_cache_.emplace(std::make_pair(vs, smp.h), kept);
  return kept;
}

}  // namespace mzr::eval::detail
