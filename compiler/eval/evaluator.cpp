#include "compiler/eval/evaluator.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "compiler/base/go_quote.h"
#include "compiler/eval/format.h"
#include "compiler/promql/functions.h"

namespace mzr::eval::detail {

using namespace promql;

Evaluator::Evaluator(const Store& store, const QueryOptions& options, int64_t start, int64_t end,
                     int64_t step)
    : store_(store),
      options_(options),
      start_(start),
      end_(end),
      step_(step),
      deadline_(std::chrono::steady_clock::now() + options.timeout) {}

Evaluator::~Evaluator() = default;

void Evaluator::fail(std::string message, Span span, DiagKind kind) {
  throw Failure{kind, std::move(message), span};
}

std::string Evaluator::position(Span span) const {
  // Queries are one line here; Prometheus counts columns in bytes from 1.
  uint32_t col = span.begin >= options_.query_base ? span.begin - options_.query_base + 1 : 1;
  return "(1:" + std::to_string(col) + ")";
}

void Evaluator::annotate(bool warning, Span span, std::string message) {
  message =
      std::string(warning ? "PromQL warning: " : "PromQL info: ") + message + " " + position(span);
  for (const Annotation& a : annotations) {
    if (a.message == message) return;
  }
  annotations.push_back(Annotation{warning, std::move(message), span});
}

void Evaluator::warn(Span span, std::string message) {
  annotate(true, span, std::move(message));
}
void Evaluator::info(Span span, std::string message) {
  annotate(false, span, std::move(message));
}

namespace {
// Go's time.Unix(ms/1000, 0).UTC().Format(time.RFC3339).
std::string rfc3339(int64_t ms) {
  using namespace std::chrono;
  sys_seconds tp{seconds{ms / 1000}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss hms{tp - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

// Go's %.2g.
std::string format_g2(double v) {
  if (!std::isfinite(v)) return format_g(v);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}
}  // namespace

void Evaluator::forced_monotonicity(Span span, const std::string& message, int64_t t,
                                    double min_bucket, double max_bucket, double max_diff) {
  auto [it, fresh] = monotonicity_.try_emplace(message);
  Monotonicity& m = it->second;
  if (fresh) {
    m = Monotonicity{annotations.size(), t, t, min_bucket, max_bucket, max_diff, 1};
    annotations.push_back(Annotation{false, "", span});
  } else {
    m.min_t = std::min(m.min_t, t);
    m.max_t = std::max(m.max_t, t);
    m.min_bucket = std::min(m.min_bucket, min_bucket);
    m.max_bucket = std::max(m.max_bucket, max_bucket);
    m.max_diff = std::max(m.max_diff, max_diff);
    m.samples += 1;
  }
  Annotation& a = annotations[m.index];
  a.message = "PromQL info: " + message + ", from buckets " + format_g(m.min_bucket) + " to " +
              format_g(m.max_bucket) + ", with a max diff of " + format_g2(m.max_diff) + ", over " +
              std::to_string(m.samples) + " samples from " + rfc3339(m.min_t) + " to " +
              rfc3339(m.max_t) + " " + position(a.span);
}

void Evaluator::drop_name(Elem& e) const {
  if (options_.delayed_name_removal) {
    e.drop_name = true;
  } else {
    drop_metadata(e.labels);
  }
}

void Evaluator::drop_name(RangeElem& e) const {
  if (options_.delayed_name_removal) {
    e.drop_name = true;
  } else {
    drop_metadata(e.labels);
  }
}

void Evaluator::account(size_t samples) {
  step_samples_ += samples;
  if (step_samples_ > options_.max_samples) {
    fail("query processing would load too many samples into memory in query execution", {},
         DiagKind::EvalTooManySamples);
  }
  if (++ticks_ % 256 == 0 && std::chrono::steady_clock::now() > deadline_) {
    fail("query timed out in query execution", {}, DiagKind::EvalTimeout);
  }
}

const re2::RE2& Evaluator::regex(const std::string& pattern, Span span) {
  auto it = regexes_.find(pattern);
  if (it != regexes_.end()) return *it->second;
  re2::RE2::Options opts;
  opts.set_dot_nl(true);
  opts.set_log_errors(false);
  auto re = std::make_unique<re2::RE2>("^(?:" + pattern + ")$", opts);
  if (!re->ok()) fail("invalid regular expression " + pattern + ": " + re->error(), span);
  return *regexes_.emplace(pattern, std::move(re)).first->second;
}

double Evaluator::duration_seconds(const Expr* e, int64_t t) {
  if (e == nullptr) return 0;
  if (const auto* n = as<NumberLiteral>(e)) return n->value;
  if (const auto* p = as<ParenExpr>(e)) return duration_seconds(p->expr, t);
  if (const auto* u = as<UnaryExpr>(e)) {
    double v = duration_seconds(u->expr, t);
    return u->op == BinOp::Sub ? -v : v;
  }
  const auto* d = as<DurationExpr>(e);
  if (d == nullptr) {
    Val v = eval(e, t);
    return v.scalar;
  }
  auto l = [&] { return duration_seconds(d->lhs, t); };
  auto r = [&] { return duration_seconds(d->rhs, t); };
  switch (d->op) {
    case DurationOp::Add: return l() + r();
    case DurationOp::Sub: return l() - r();
    case DurationOp::Mul: return l() * r();
    case DurationOp::Div: {
      double rv = r();
      if (rv == 0) fail("division by zero", d->span);
      return l() / rv;
    }
    case DurationOp::Mod: {
      double rv = r();
      if (rv == 0) fail("modulo by zero", d->span);
      return std::fmod(l(), rv);
    }
    case DurationOp::Pow: return std::pow(l(), r());
    case DurationOp::Neg: return -l();
    case DurationOp::Pos: return l();
    case DurationOp::Paren: return l();
    case DurationOp::Step: return static_cast<double>(step_) / 1000.0;
    case DurationOp::Range: return static_cast<double>(end_ - start_) / 1000.0;
    case DurationOp::MinOf: return std::min(l(), r());
    case DurationOp::MaxOf: return std::max(l(), r());
  }
  return 0;
}

int64_t Evaluator::duration_ms(const Expr* e, int64_t t) {
  return static_cast<int64_t>(std::llround(duration_seconds(e, t) * 1000.0));
}

int64_t Evaluator::reference_time(const Modifiers& m, int64_t t) {
  int64_t base = t;
  switch (m.at) {
    case AtKind::None: break;
    case AtKind::Timestamp: base = static_cast<int64_t>(std::llround(m.at_seconds * 1000.0)); break;
    case AtKind::Start: base = start_; break;
    case AtKind::End: base = end_; break;
  }
  return base - duration_ms(m.offset, t);
}

bool Evaluator::matches(const Matcher& m, std::string_view v) {
  switch (m.op) {
    case MatchOp::Equal: return v == m.value;
    case MatchOp::NotEqual: return v != m.value;
    case MatchOp::Regex: return re2::RE2::FullMatch(v, regex(m.value, m.span));
    case MatchOp::NotRegex: return !re2::RE2::FullMatch(v, regex(m.value, m.span));
  }
  return false;
}

const std::vector<const Series*>& Evaluator::select(const VectorSelector* vs) {
  auto it = selections_.find(vs);
  if (it != selections_.end()) return it->second;
  std::vector<const Series*> out;
  for (const Series& s : store_.series()) {
    bool ok = vs->name.empty() || get(*s.labels, kMetricName) == vs->name;
    for (const Matcher& m : vs->matchers) {
      if (!ok) break;
      ok = matches(m, get(*s.labels, m.name));
    }
    if (ok) out.push_back(&s);
  }
  std::sort(out.begin(), out.end(),
            [](const Series* a, const Series* b) { return *a->labels < *b->labels; });
  return selections_.emplace(vs, std::move(out)).first->second;
}

Val Evaluator::vector_selector(const VectorSelector* vs, int64_t t) {
  Val out;
  out.type = ValueType::Vector;
  int64_t ref = reference_time(vs->modifiers, t);
  int64_t mint = ref - options_.lookback_ms;
  bool stats = stats_selectors_.count(vs) > 0;
  int64_t stats_start = std::min(ref, reference_time(vs->modifiers, start_)) - options_.lookback_ms;
  if (vs->modifiers.smoothed) {
    // Prometheus' smoothSeries: the value at the reference time, interpolated between the
    // samples around it within the lookback delta on either side.
    for (const Series* s : select(vs)) {
      std::vector<Point> fs, hs;
      const auto& v = s->samples;
      for (size_t k = 0; k < v.size(); ++k) {
        const Sample& smp = v[k];
        if (smp.t <= mint || smp.t > ref + options_.lookback_ms) continue;
        if (smp.h != nullptr) {
          const Histogram* h = stats ? stats_histogram(vs, *s, k, stats_start) : smp.h;
          hs.push_back(Point{smp.t, 0, h});
        } else if (!is_stale(smp.f)) {
          fs.push_back(Point{smp.t, smp.f, nullptr});
        }
      }
      std::string name = go_quote(get(*s->labels, kMetricName));
      if (!fs.empty() && !hs.empty()) {
        warn(vs->span, "encountered a mix of histograms and floats for metric name " + name);
        continue;
      }
      const std::vector<Point>& w = hs.empty() ? fs : hs;
      size_t i = 0;
      while (i < w.size() && w[i].t < ref) ++i;
      // timestamp() reads the sample a plain selector would (Prometheus' vectorSelectorSingle),
      // not the interpolated one: none when that is missing or a staleness marker.
      int64_t raw_t = kNoSample;
      auto last = std::upper_bound(v.begin(), v.end(), ref,
                                   [](int64_t x, const Sample& smp) { return x < smp.t; });
      if (last != v.begin()) {
        --last;
        if (last->t > mint && (last->h != nullptr || !is_stale(last->f))) raw_t = last->t;
      }
      Elem e{*s->labels, 0, nullptr, raw_t, false};
      if (i < w.size() && w[i].t == ref) {
        e.f = w[i].f;
        e.h = w[i].h;
      } else if (i > 0 && i < w.size()) {
        const Point &p = w[i - 1], &n = w[i];
        if (p.h == nullptr) {
          e.f = p.f + (n.f - p.f) * static_cast<double>(ref - p.t) / static_cast<double>(n.t - p.t);
        } else {
          std::string mixed =
              "vector contains a mix of histograms with exponential and custom buckets schemas "
              "for metric name " +
              name;
          if (p.h->custom() != n.h->custom()) {
            warn(vs->span, mixed);
            continue;
          }
          bool counter =
              p.h->hint != CounterResetHint::Gauge || n.h->hint != CounterResetHint::Gauge;
          auto h = interpolate_histograms(*this, vs->span, *p.h, p.t, *n.h, n.t, ref, counter);
          if (!h) {
            warn(vs->span, mixed);
            continue;
          }
          e.h = keep(std::move(*h));
        }
      } else if (i > 0) {
        e.f = w[i - 1].f;
        if (w[i - 1].h != nullptr) {
          // The hint said how the sample followed the one before it: not what it is now.
          Histogram h = *w[i - 1].h;
          h.hint = CounterResetHint::Unknown;
          e.h = keep(std::move(h));
        }
      } else {
        continue;
      }
      out.vec.push_back(std::move(e));
    }
    account(out.vec.size());
    return out;
  }
  for (const Series* s : select(vs)) {
    const auto& v = s->samples;
    auto it = std::upper_bound(v.begin(), v.end(), ref,
                               [](int64_t x, const Sample& smp) { return x < smp.t; });
    if (it == v.begin()) continue;
    --it;
    if (it->t <= mint) continue;
    if (it->h == nullptr && is_stale(it->f)) continue;
    const Histogram* h = it->h;
    if (h != nullptr && stats) {
      h = stats_histogram(vs, *s, static_cast<size_t>(it - v.begin()), stats_start);
    }
    out.vec.push_back(Elem{*s->labels, it->f, h, it->t, false});
  }
  account(out.vec.size());
  return out;
}

Val Evaluator::matrix_selector(const MatrixSelector* ms, int64_t t) {
  const auto* vs = as<VectorSelector>(ms->selector);
  Val out;
  out.type = ValueType::Matrix;
  int64_t ref = reference_time(vs->modifiers, t);
  int64_t range = duration_ms(ms->range, t);
  out.range_end = ref;
  out.range_start = ref - range;
  out.anchored = vs->modifiers.anchored;
  out.smoothed = vs->modifiers.smoothed;
  int64_t mint = out.range_start, maxt = ref;
  if (out.anchored || out.smoothed) mint -= options_.lookback_ms;
  if (out.smoothed) maxt += options_.lookback_ms;
  bool stats = stats_selectors_.count(vs) > 0;
  int64_t stats_start = std::min(mint, reference_time(vs->modifiers, start_) - range);
  size_t n = 0;
  for (const Series* s : select(vs)) {
    const auto& v = s->samples;
    auto lo = std::upper_bound(v.begin(), v.end(), mint,
                               [](int64_t x, const Sample& smp) { return x < smp.t; });
    auto hi =
        std::upper_bound(lo, v.end(), maxt, [](int64_t x, const Sample& smp) { return x < smp.t; });
    if (lo == hi) continue;
    RangeElem r{*s->labels, {}, false};
    r.points.reserve(static_cast<size_t>(hi - lo));
    for (auto it = lo; it != hi; ++it) {
      if (it->h == nullptr && is_stale(it->f)) continue;
      const Histogram* h = it->h;
      if (h != nullptr && stats) {
        h = stats_histogram(vs, *s, static_cast<size_t>(it - v.begin()), stats_start);
      }
      r.points.push_back(Point{it->t, it->f, h});
    }
    if (r.points.empty()) continue;
    n += r.points.size();
    out.mat.push_back(std::move(r));
  }
  account(n);
  return out;
}

Val Evaluator::subquery(const SubqueryExpr* sq, int64_t t) {
  Val out;
  out.type = ValueType::Matrix;
  int64_t ref = reference_time(sq->modifiers, t);
  int64_t range = duration_ms(sq->range, t);
  int64_t step = sq->step != nullptr ? duration_ms(sq->step, t) : options_.default_subquery_step_ms;
  if (step <= 0) fail("subquery step must be positive", sq->span);
  out.range_end = ref;
  out.range_start = ref - range;
  int64_t first = step * (out.range_start / step);
  if (first <= out.range_start) first += step;
  std::map<std::string, size_t> index;
  size_t n = 0;
  bool several = first + step <= ref;
  multi_step_ += several ? 1 : 0;
  for (int64_t ts = first; ts <= ref; ts += step) {
    Val v = eval(sq->expr, ts);
    if (v.type == ValueType::Scalar) {
      v.vec.push_back(Elem{{}, v.scalar, nullptr, ts, false});
    }
    for (Elem& e : v.vec) {
      std::string key = signature(e.labels);
      auto [it, fresh] = index.emplace(key, out.mat.size());
      // As Prometheus' range evaluation, the step that starts a series decides its renaming.
      if (fresh) out.mat.push_back(RangeElem{e.labels, {}, e.drop_name});
      RangeElem& r = out.mat[it->second];
      // As Prometheus does, a subquery forgets counter resets marked on its histograms: it may
      // skip or repeat the samples they were marked on.
      const Histogram* h = e.h;
      if (h != nullptr &&
          (h->hint == CounterResetHint::NotReset || h->hint == CounterResetHint::Reset)) {
        Histogram copy = *h;
        copy.hint = CounterResetHint::Unknown;
        h = keep(std::move(copy));
      }
      r.points.push_back(Point{ts, e.f, h});
      ++n;
    }
    account(v.vec.size());
  }
  multi_step_ -= several ? 1 : 0;
  std::sort(out.mat.begin(), out.mat.end(),
            [](const RangeElem& a, const RangeElem& b) { return a.labels < b.labels; });
  return out;
}

Val Evaluator::call(const Call* c, int64_t t) {
  if (c->func->name == "info") return info(c, t);
  std::vector<Val> args;
  args.reserve(c->args.size());
  for (const Expr* a : c->args) args.push_back(eval(a, t));
  return apply_function(*this, c, args, t);
}

Val Evaluator::aggregate(const AggregateExpr* a, int64_t t) {
  Val param;
  if (a->param != nullptr) param = eval(a->param, t);
  return apply_aggregate(*this, a, eval(a->expr, t), param, t);
}

Val Evaluator::binary(const BinaryExpr* b, int64_t t) {
  Val l = eval(b->lhs, t);
  Val r = eval(b->rhs, t);
  return apply_binary(*this, b, std::move(l), std::move(r));
}

Val Evaluator::eval(const Expr* e, int64_t t) {
  switch (e->kind) {
    case ExprKind::Number: {
      Val v;
      v.type = ValueType::Scalar;
      v.scalar = static_cast<const NumberLiteral*>(e)->value;
      return v;
    }
    case ExprKind::String: {
      Val v;
      v.type = ValueType::String;
      v.str = static_cast<const StringLiteral*>(e)->value;
      return v;
    }
    case ExprKind::Duration: {
      Val v;
      v.type = ValueType::Scalar;
      v.scalar = duration_seconds(e, t);
      return v;
    }
    case ExprKind::VectorSelector: return vector_selector(static_cast<const VectorSelector*>(e), t);
    case ExprKind::MatrixSelector: return matrix_selector(static_cast<const MatrixSelector*>(e), t);
    case ExprKind::Subquery: return subquery(static_cast<const SubqueryExpr*>(e), t);
    case ExprKind::Paren: return eval(static_cast<const ParenExpr*>(e)->expr, t);
    case ExprKind::Unary: {
      const auto* u = static_cast<const UnaryExpr*>(e);
      Val v = eval(u->expr, t);
      if (u->op != BinOp::Sub) return v;
      if (v.type == ValueType::Scalar) {
        v.scalar = -v.scalar;
      }
      for (Elem& el : v.vec) {
        if (el.h == nullptr) {
          el.f = -el.f;
        } else {
          el.h = keep(scale(*el.h, -1, false));
        }
        drop_name(el);
      }
      return v;
    }
    case ExprKind::Binary: return binary(static_cast<const BinaryExpr*>(e), t);
    case ExprKind::Call: return call(static_cast<const Call*>(e), t);
    case ExprKind::Aggregate: return aggregate(static_cast<const AggregateExpr*>(e), t);
  }
  return {};
}

namespace {
double interpolate(const Point& p1, const Point& p2, int64_t t) {
  return p1.f + (p2.f - p1.f) * static_cast<double>(t - p1.t) / static_cast<double>(p2.t - p1.t);
}
}  // namespace

std::vector<Point> extend_points(const std::vector<Point>& f, int64_t mint, int64_t maxt,
                                 bool smoothed) {
  if (f.empty()) return f;
  size_t last = f.size() - 1;
  size_t above = 0;
  while (above < last && !(f[above].t > mint)) ++above;
  size_t first = above > 0 ? above - 1 : 0;
  if (smoothed) {
    size_t i = 0;
    while (i < last && !(f[i].t >= maxt)) ++i;
    last = i;
  }
  if (f[last].t <= mint) return {};
  double left = f[first].f;
  if (f[first].t < mint && smoothed) left = interpolate(f[first], f[first + 1], mint);
  double right = f[last].f;
  if (f[last].t > maxt && last > 0) {
    right = smoothed ? interpolate(f[last - 1], f[last], maxt) : f[last - 1].f;
  }
  size_t lo = f[first].t <= mint ? first + 1 : first;
  std::ptrdiff_t hi =
      f[last].t >= maxt ? static_cast<std::ptrdiff_t>(last) - 1 : static_cast<std::ptrdiff_t>(last);
  std::vector<Point> out;
  out.push_back(Point{mint, left, nullptr});
  for (auto i = static_cast<std::ptrdiff_t>(lo); i <= hi; ++i) {
    out.push_back(f[static_cast<size_t>(i)]);
  }
  out.push_back(Point{maxt, right, nullptr});
  return out;
}

double quantile(double q, std::vector<double>& values) {
  if (values.empty() || std::isnan(q)) return std::nan("");
  if (q < 0) return -INFINITY;
  if (q > 1) return INFINITY;
  std::sort(values.begin(), values.end(), [](double a, double b) {
    if (std::isnan(a)) return !std::isnan(b);
    return a < b;
  });
  double n = static_cast<double>(values.size());
  double rank = q * (n - 1);
  double lower = std::max(0.0, std::floor(rank));
  double upper = std::min(n - 1, lower + 1);
  double weight = rank - std::floor(rank);
  if (weight == 0) return values[static_cast<size_t>(lower)];  // no 0 * Inf
  return values[static_cast<size_t>(lower)] * (1 - weight) +
         values[static_cast<size_t>(upper)] * weight;
}

}  // namespace mzr::eval::detail
