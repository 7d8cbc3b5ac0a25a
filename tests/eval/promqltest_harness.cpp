#include "tests/eval/promqltest_harness.h"

#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/promql/functions.h"
#include "compiler/promql/walk.h"
#include "compiler/ruletest/series_input.h"
#include "tests/eval/promqltest_values.h"

namespace mzr::testing::promqltest {

using eval::Labels;
using syntax::SeriesDescription;
using syntax::SeriesValue;

namespace {

// Per labels without the suffix: the bucket values by `le`, the counts and the sums, each a
// value per step.
struct ClassicHistogram {
  std::map<double, std::vector<const SeriesValue*>> buckets;  // le → value per step
  std::vector<const SeriesValue*> count, sum;
};

}  // namespace

void add_nhcb(eval::Store& store, const std::vector<SeriesDescription>& descs, int64_t interval) {
  std::map<Labels, ClassicHistogram> classic;
  auto strip = [](const std::string& name, std::string_view suffix) -> std::optional<std::string> {
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      return name.substr(0, name.size() - suffix.size());
    }
    return std::nullopt;
  };
  for (const SeriesDescription& d : descs) {
    auto name_it = d.labels.find("__name__");
    if (name_it == d.labels.end()) continue;
    Labels key = ruletest::series_labels(d.labels);
    std::vector<const SeriesValue*> values;
    for (const SeriesValue& v : d.values) values.push_back(&v);
    if (auto base = strip(name_it->second, "_bucket")) {
      auto le_it = d.labels.find("le");
      if (le_it == d.labels.end()) continue;
      auto le = parse_number(le_it->second);
      if (!le) continue;
      eval::remove(key, "le");
      eval::set(key, "__name__", *base);
      classic[key].buckets[*le] = values;
    } else if (auto cb = strip(name_it->second, "_count")) {
      eval::set(key, "__name__", *cb);
      classic[key].count = values;
    } else if (auto sb = strip(name_it->second, "_sum")) {
      eval::set(key, "__name__", *sb);
      classic[key].sum = values;
    }
  }
  for (const auto& [labels, c] : classic) {
    // Without a +Inf bucket every `le` is a bound and the overflow bucket stays empty.
    if (c.buckets.empty()) continue;
    size_t steps = c.buckets.begin()->second.size();
    for (size_t i = 0; i < steps; ++i) {
      eval::Histogram h;
      h.schema = -53;
      double previous = 0;
      bool ok = true;
      for (const auto& [le, values] : c.buckets) {
        if (i >= values.size() || values[i]->kind != SeriesValue::Kind::Float) {
          ok = false;
          break;
        }
        if (!std::isinf(le)) h.custom_bounds.push_back(le);
        h.positive.push_back(values[i]->value - previous);
        previous = values[i]->value;
      }
      if (!ok) continue;
      h.count = previous;
      if (i < c.count.size() && c.count[i]->kind == SeriesValue::Kind::Float) {
        h.count = c.count[i]->value;
      }
      if (i < c.sum.size() && c.sum[i]->kind == SeriesValue::Kind::Float) h.sum = c.sum[i]->value;
      store.add_histogram(labels, static_cast<int64_t>(i) * interval, std::move(h));
    }
  }
}

bool uses_time_functions(const promql::Expr* e) {
  using namespace promql;
  if (e == nullptr) return false;
  bool found = false;
  // The ranges, steps and offsets, which promql::for_each_child leaves out, may use them too.
  std::vector<const Expr*> durations;
  if (const auto* c = as<Call>(e)) {
    for (std::string_view n : {"step", "range", "start", "end"}) found |= c->func->name == n;
  } else if (const auto* d = as<DurationExpr>(e)) {
    found |= d->op == DurationOp::Step || d->op == DurationOp::Range;
    durations = {d->lhs, d->rhs};
  } else if (const auto* m = as<MatrixSelector>(e)) {
    durations = {m->range};
  } else if (const auto* v = as<VectorSelector>(e)) {
    found |= v->modifiers.at == AtKind::Start || v->modifiers.at == AtKind::End;
    durations = {v->modifiers.offset};
  } else if (const auto* q = as<SubqueryExpr>(e)) {
    found |= q->modifiers.at == AtKind::Start || q->modifiers.at == AtKind::End;
    durations = {q->range, q->step, q->modifiers.offset};
  }
  for_each_child(e, [&](const Expr* child) { found = found || uses_time_functions(child); });
  for (const Expr* d : durations) found = found || uses_time_functions(d);
  return found;
}

bool uses_unsafe_functions(const promql::Expr* e) {
  if (uses_time_functions(e)) return true;
  bool found = false;
  promql::walk(e, [&](const promql::Expr* x) {
    const auto* c = promql::as<promql::Call>(x);
    if (c == nullptr) return;
    for (std::string_view n :
         {"time", "timestamp", "hour", "minute", "month", "year", "day_of_month", "day_of_week",
          "day_of_year", "days_in_month", "predict_linear"}) {
      found |= c->func->name == n;
    }
  });
  return found;
}

void fix_at(promql::Expr* e, double seconds) {
  using namespace promql;
  if (e == nullptr) return;
  auto fix = [&](Modifiers& m) {
    if (m.at != AtKind::None) return false;
    m.at = AtKind::Timestamp;
    m.at_seconds = seconds;
    return true;
  };
  switch (e->kind) {
    case ExprKind::VectorSelector: fix(static_cast<VectorSelector*>(e)->modifiers); break;
    case ExprKind::MatrixSelector:
      fix_at(static_cast<MatrixSelector*>(e)->selector, seconds);
      break;
    case ExprKind::Subquery: fix(static_cast<SubqueryExpr*>(e)->modifiers); break;
    case ExprKind::Paren: fix_at(static_cast<ParenExpr*>(e)->expr, seconds); break;
    case ExprKind::Unary: fix_at(static_cast<UnaryExpr*>(e)->expr, seconds); break;
    case ExprKind::Binary:
      fix_at(static_cast<BinaryExpr*>(e)->lhs, seconds);
      fix_at(static_cast<BinaryExpr*>(e)->rhs, seconds);
      break;
    case ExprKind::Call:
      for (Expr* a : static_cast<Call*>(e)->args) fix_at(a, seconds);
      break;
    case ExprKind::Aggregate:
      fix_at(static_cast<AggregateExpr*>(e)->expr, seconds);
      fix_at(static_cast<AggregateExpr*>(e)->param, seconds);
      break;
    default: break;
  }
}

}  // namespace mzr::testing::promqltest
