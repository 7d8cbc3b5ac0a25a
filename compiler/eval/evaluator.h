#pragma once
// The engine's inside, shared by its files: values at one evaluation step, and the evaluator that
// walks the tree. A range query evaluates the tree once per step; Prometheus evaluates each node
// over all steps at once, which gives the same values.

#include <chrono>
#include <cmath>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/eval/engine.h"
#include "compiler/eval/kahan.h"

namespace re2 {
class RE2;
}

namespace mzr::eval::detail {

// One sample of an instant vector at the current step.
struct Elem {
  Labels labels;
  double f = 0;
  const Histogram* h = nullptr;
  int64_t t = 0;           // the sample's own timestamp (for timestamp())
  bool drop_name = false;  // delayed __name__ removal: remove it at the end
};

// Elem::t of a smoothed selector's sample where a plain selector has none: timestamp() leaves
// it out, as Prometheus' timestamp() reads the selector without smoothing.
constexpr int64_t kNoSample = INT64_MIN;

// One series of a range vector at the current step.
struct RangeElem {
  Labels labels;
  std::vector<Point> points;
  bool drop_name = false;
};

struct Val {
  promql::ValueType type = promql::ValueType::None;
  double scalar = 0;
  std::string str;
  std::vector<Elem> vec;
  std::vector<RangeElem> mat;
  // Range vectors: the selected interval (range_start, range_end], as rate() extrapolates to it.
  int64_t range_start = 0;
  int64_t range_end = 0;
  // Extended range selectors: the points reach back by the lookback delta (and forward by it,
  // smoothed), for the functions that interpolate at the range's boundaries.
  bool anchored = false;
  bool smoothed = false;
};

// Prometheus' extendFloats: the points of an anchored or smoothed range, with a point at each
// boundary (picked or interpolated).
std::vector<Point> extend_points(const std::vector<Point>& points, int64_t mint, int64_t maxt,
                                 bool smoothed);

class Evaluator;

// Prometheus' interpolateHistograms: the histogram at t between h1 (at t1) and h2 (at t2); a
// counter reset between them (when `counter`) makes it h2 scaled as if it started from zero.
// nullopt when one has exponential and the other custom buckets. Reconciled custom buckets are
// reported as infos at `span`.
std::optional<Histogram> interpolate_histograms(Evaluator& ev, Span span, const Histogram& h1,
                                                int64_t t1, const Histogram& h2, int64_t t2,
                                                int64_t t, bool counter);

// Evaluation stops by throwing this; the engine's entry points turn it into an Outcome.
struct Failure {
  DiagKind kind;
  std::string message;
  Span span;
};

class Evaluator {
 public:
  Evaluator(const Store& store, const QueryOptions& options, int64_t start, int64_t end,
            int64_t step);
  ~Evaluator();

  Val eval(const promql::Expr* e, int64_t t);
  // Marks the selectors whose histograms only need their count and sum (stats.cpp).
  void detect_histogram_stats(const promql::Expr* root);

  [[noreturn]] void fail(std::string message, Span span = {}, DiagKind kind = DiagKind::EvalFailed);
  void warn(Span span, std::string message);
  void info(Span span, std::string message);
  // Prometheus' info that histogram_quantile made buckets monotonic: one per message (metric
  // name) over the whole query, merged as Prometheus merges it: the lowest and highest bucket
  // raised, the largest decrease removed, how many samples and from when to when.
  void forced_monotonicity(Span span, const std::string& message, int64_t t, double min_bucket,
                           double max_bucket, double max_diff);
  // Removes __name__ now, or marks it for removal at the end (delayed name removal).
  void drop_name(Elem& e) const;
  void drop_name(RangeElem& e) const;
  // Counts samples held by the current step against the limit, and checks the timeout.
  void account(size_t samples);
  void reset_step_samples() { step_samples_ = 0; }

  const re2::RE2& regex(const std::string& pattern, Span span);
  bool matches(const promql::Matcher& m, std::string_view value);
  double duration_seconds(const promql::Expr* e, int64_t t);
  int64_t duration_ms(const promql::Expr* e, int64_t t);

  // Keeps a histogram computed by the query (it lives as long as the query's result).
  const Histogram* keep(Histogram h) {
    owned_->push_back(std::move(h));
    return &owned_->back();
  }
  std::shared_ptr<std::deque<Histogram>> owned() const { return owned_; }

  const QueryOptions& options() const { return options_; }
  int64_t start() const { return start_; }
  int64_t end() const { return end_; }
  int64_t step() const { return step_; }
  bool range_query() const { return start_ != end_ || step_ > 0; }
  // Whether the node being evaluated is evaluated at several steps (a range query, or inside a
  // subquery of several steps): Prometheus warns that sorting is then ineffective.
  bool multi_step() const { return start_ != end_ || multi_step_ > 0; }
  std::vector<Annotation> annotations;

 private:
  Val vector_selector(const promql::VectorSelector* vs, int64_t t);
  Val matrix_selector(const promql::MatrixSelector* ms, int64_t t);
  Val subquery(const promql::SubqueryExpr* sq, int64_t t);
  Val call(const promql::Call* c, int64_t t);
  Val info(const promql::Call* c, int64_t t);  // info.cpp
  int64_t info_offset(const promql::Expr* base, int64_t t);
  // The histogram a stats-only selector reads for samples[index] of `s` (stats.cpp).
  const Histogram* stats_histogram(const promql::VectorSelector* vs, const Series& s, size_t index,
                                   int64_t window_start);
  Val aggregate(const promql::AggregateExpr* a, int64_t t);
  Val binary(const promql::BinaryExpr* b, int64_t t);
  const std::vector<const Series*>& select(const promql::VectorSelector* vs);
  int64_t reference_time(const promql::Modifiers& m, int64_t t);
  std::string position(Span span) const;
  void annotate(bool warning, Span span, std::string message);

  const Store& store_;
  QueryOptions options_;
  int64_t start_, end_, step_;
  std::chrono::steady_clock::time_point deadline_;
  size_t step_samples_ = 0;
  int multi_step_ = 0;
  uint32_t ticks_ = 0;
  std::map<const promql::VectorSelector*, std::vector<const Series*>> selections_;
  std::map<std::string, std::unique_ptr<re2::RE2>> regexes_;
  struct Monotonicity {
    size_t index = 0;  // in annotations
    int64_t min_t = 0, max_t = 0;
    double min_bucket = 0, max_bucket = 0, max_diff = 0;
    int64_t samples = 0;
  };
  std::map<std::string, Monotonicity> monotonicity_;
  std::map<const promql::VectorSelector*, bool> stats_selectors_;
  std::map<std::pair<const promql::VectorSelector*, const Histogram*>, const Histogram*>
      stats_cache_;
  std::shared_ptr<std::deque<Histogram>> owned_ = std::make_shared<std::deque<Histogram>>();
};

// The operations, one file each.
Val apply_function(Evaluator& ev, const promql::Call* c, std::vector<Val>& args, int64_t t);
Val apply_aggregate(Evaluator& ev, const promql::AggregateExpr* a, Val input, const Val& param,
                    int64_t t);
Val apply_binary(Evaluator& ev, const promql::BinaryExpr* b, Val lhs, Val rhs);

// Kahan summation with Neumaier's improvement, as Prometheus sums.
inline void kahan_add(double inc, double& sum, double& c) {
  kahan_inc(inc, sum, c);
}

// Go's math.Min and math.Max: NaN wins, and -0 is below +0.
inline double go_min(double a, double b) {
  if (std::isinf(a) && a < 0) return a;
  if (std::isinf(b) && b < 0) return b;
  if (std::isnan(a) || std::isnan(b)) return std::nan("");
  if (a == 0 && a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
inline double go_max(double a, double b) {
  if (std::isinf(a) && a > 0) return a;
  if (std::isinf(b) && b > 0) return b;
  if (std::isnan(a) || std::isnan(b)) return std::nan("");
  if (a == 0 && a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// Prometheus' quantile over values (sorts them): the weighted rank between neighbours.
double quantile(double q, std::vector<double>& values);

}  // namespace mzr::eval::detail
