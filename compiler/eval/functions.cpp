// PromQL functions (Prometheus promql/functions.go), on the values of one evaluation step.

#include "compiler/promql/functions.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <numbers>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "compiler/base/go_quote.h"
#include "compiler/eval/evaluator.h"
#include "compiler/eval/format.h"

namespace mzr::eval::detail {

using namespace promql;

namespace {

struct Ctx {
  Evaluator& ev;
  const Call* call;
  std::vector<Val>& args;
  int64_t t;
  Val out;

  Span arg_span(size_t i) const { return call->args[i]->span; }
  // A result sample for one input series, named as the function says.
  void emit(Labels labels, bool drop, double f) {
    Elem e{std::move(labels), f, nullptr, t, drop};
    if (call->func->drops_name) ev.drop_name(e);
    out.vec.push_back(std::move(e));
  }
};

using Impl = std::function<void(Ctx&)>;

// ---- instant vector functions ------------------------------------------------------------------

void map_floats(Ctx& c, const std::function<double(double)>& fn) {
  for (Elem& e : c.args[0].vec) {
    if (e.h != nullptr) continue;
    c.emit(std::move(e.labels), e.drop_name, fn(e.f));
  }
}

Impl simple(double (*fn)(double)) {
  return [fn](Ctx& c) { map_floats(c, fn); };
}

double sgn(double v) {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v;
}

// Civil date from days since the epoch (H. Hinnant's algorithm).
struct Civil {
  int64_t year;
  unsigned month, day;
};
Civil civil_from_days(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {m <= 2 ? y + 1 : y, m, d};
}
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}
bool leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

Impl date_function(std::function<double(int64_t secs)> fn) {
  return [fn](Ctx& c) {
    if (c.args.empty()) {
      c.out.vec.push_back(
          Elem{{}, fn(static_cast<int64_t>(static_cast<double>(c.t) / 1000.0)), nullptr, c.t});
      return;
    }
    map_floats(c, [&](double v) { return fn(static_cast<int64_t>(v)); });
  };
}

double days_in_month(int64_t secs) {
  Civil cv = civil_from_days(floor_div(secs, 86400));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (cv.month == 2 && leap(cv.year)) return 29;
  return kDays[cv.month - 1];
}

// Go's regexp.Expand for label_replace: $1, ${1}, $name, ${name}, $$.
std::string expand(std::string_view tmpl, const re2::RE2& re,
                   const std::vector<std::string_view>& groups) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '$' || i + 1 >= tmpl.size()) {
      out += tmpl[i];
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string_view name;
    size_t next;
    auto is_name = [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
    };
    if (tmpl[i + 1] == '{') {
      size_t close = tmpl.find('}', i + 2);
      if (close == std::string_view::npos) {
        out += '$';
        continue;
      }
      name = tmpl.substr(i + 2, close - i - 2);
      bool ok = !name.empty() && std::all_of(name.begin(), name.end(), is_name);
      if (!ok) {
        out += '$';
        continue;
      }
      next = close + 1;
    } else {
      size_t j = i + 1;
      while (j < tmpl.size() && is_name(tmpl[j])) ++j;
      if (j == i + 1) {
        out += '$';
        continue;
      }
      name = tmpl.substr(i + 1, j - i - 1);
      next = j;
    }
    bool digits = std::all_of(name.begin(), name.end(),
                              [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
    if (digits) {
      size_t n = 0;
      bool overflow = name.size() > 9;
      if (!overflow) std::from_chars(name.data(), name.data() + name.size(), n);
      if (!overflow && n < groups.size()) out += groups[n];
    } else {
      auto it = re.NamedCapturingGroups().find(std::string(name));
      if (it != re.NamedCapturingGroups().end() &&
          static_cast<size_t>(it->second) < groups.size()) {
        out += groups[it->second];
      }
    }
    i = next - 1;
  }
  return out;
}

void label_replace(Ctx& c) {
  const std::string& dst = c.args[1].str;
  const std::string& repl = c.args[2].str;
  const std::string& src = c.args[3].str;
  const std::string& pattern = c.args[4].str;
  re2::RE2::Options opts;
  opts.set_dot_nl(true);
  opts.set_log_errors(false);
  re2::RE2 re("^(?:" + pattern + ")$", opts);
  if (!re.ok()) {
    c.ev.fail("invalid regular expression in label_replace(): " + pattern, c.arg_span(4));
  }
  if (!is_valid_label_name(dst)) {
    c.ev.fail("invalid destination label name in label_replace(): " + dst, c.arg_span(1));
  }
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> pieces(static_cast<size_t>(n));
  for (Elem& e : c.args[0].vec) {
    std::string value(get(e.labels, src));
    if (re.Match(value, 0, value.size(), re2::RE2::UNANCHORED, pieces.data(), n)) {
      std::vector<std::string_view> groups;
      for (const auto& p : pieces) groups.emplace_back(p.data(), p.size());
      std::string res = expand(repl, re, groups);
      set(e.labels, dst, res);
      if (dst == kMetricName) e.drop_name = false;
    }
    e.t = c.t;
    c.out.vec.push_back(std::move(e));
  }
}

void label_join(Ctx& c) {
  const std::string& dst = c.args[1].str;
  const std::string& sep = c.args[2].str;
  if (!is_valid_label_name(dst)) {
    c.ev.fail("invalid destination label name in label_join(): " + dst, c.arg_span(1));
  }
  for (size_t i = 3; i < c.args.size(); ++i) {
    if (!is_valid_label_name(c.args[i].str)) {
      c.ev.fail("invalid source label name in label_join(): " + c.args[i].str, c.arg_span(i));
    }
  }
  for (Elem& e : c.args[0].vec) {
    std::string joined;
    for (size_t i = 3; i < c.args.size(); ++i) {
      if (i > 3) joined += sep;
      joined += get(e.labels, c.args[i].str);
    }
    set(e.labels, dst, joined);
    if (dst == kMetricName) e.drop_name = false;
    e.t = c.t;
    c.out.vec.push_back(std::move(e));
  }
}

// Natural order of label values: digit runs compare as numbers.
bool natural_less(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    bool da = std::isdigit(static_cast<unsigned char>(a[i]));
    bool db = std::isdigit(static_cast<unsigned char>(b[j]));
    if (da && db) {
      size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      std::string_view na = a.substr(i, ie - i), nb = b.substr(j, je - j);
      while (na.size() > 1 && na[0] == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb[0] == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ie;
      j = je;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

void sort_by_label(Ctx& c, bool desc) {
  std::vector<std::string> names;
  for (size_t i = 1; i < c.args.size(); ++i) names.push_back(c.args[i].str);
  auto& v = c.args[0].vec;
  std::stable_sort(v.begin(), v.end(), [&](const Elem& a, const Elem& b) {
    for (const std::string& n : names) {
      std::string_view x = get(a.labels, n), y = get(b.labels, n);
      if (x == y) continue;
      return desc ? natural_less(y, x) : natural_less(x, y);
    }
    return desc ? b.labels < a.labels : a.labels < b.labels;
  });
  for (Elem& e : v) {
    e.t = c.t;
    c.out.vec.push_back(std::move(e));
  }
}

void sort_by_value(Ctx& c, bool desc) {
  auto& v = c.args[0].vec;
  std::erase_if(v, [](const Elem& e) { return e.h != nullptr; });
  std::stable_sort(v.begin(), v.end(), [&](const Elem& a, const Elem& b) {
    if (std::isnan(a.f)) return false;
    if (std::isnan(b.f)) return true;
    return desc ? a.f > b.f : a.f < b.f;
  });
  for (Elem& e : v) {
    e.t = c.t;
    c.out.vec.push_back(std::move(e));
  }
}

Labels absent_labels(const Expr* arg) {
  const VectorSelector* vs = as<VectorSelector>(arg);
  if (const auto* ms = as<MatrixSelector>(arg)) vs = as<VectorSelector>(ms->selector);
  Labels out;
  if (vs == nullptr) return out;
  std::map<std::string, bool> has;
  for (const Matcher& m : vs->matchers) {
    if (m.name == kMetricName) continue;
    if (m.op == MatchOp::Equal && !has[m.name]) {
      set(out, m.name, m.value);
      has[m.name] = true;
    } else {
      remove(out, m.name);
    }
  }
  return out;
}

// Go's strconv.ParseFloat for `le` values.
std::optional<double> parse_float(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool neg = false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  std::string lower;
  for (char ch : body) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  double v = 0;
  if (lower == "inf" || lower == "infinity") {
    v = INFINITY;
  } else if (lower == "nan") {
    v = std::nan("");
  } else {
    auto r = std::from_chars(body.data(), body.data() + body.size(), v);
    if (r.ec != std::errc() || r.ptr != body.data() + body.size()) return std::nullopt;
    if (body[0] == '+' || body[0] == '-') return std::nullopt;
  }
  return neg ? -v : v;
}

bool almost_equal(double a, double b, double epsilon) {
  constexpr double kMinNormal = 2.2250738585072014e-308;
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  double abs_sum = std::fabs(a) + std::fabs(b);
  double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || abs_sum < kMinNormal) return diff < epsilon * kMinNormal;
  return diff / std::min(abs_sum, std::numeric_limits<double>::max()) < epsilon;
}

struct Bucket {
  double upper;
  double count;
};

// Prometheus' BucketQuantile; sets `forced` when buckets had to be made monotonic.
double bucket_quantile(double q, std::vector<Bucket> buckets, bool& forced) {
  forced = false;
  if (std::isnan(q)) return std::nan("");
  if (q < 0) return -INFINITY;
  if (q > 1) return INFINITY;
  std::stable_sort(buckets.begin(), buckets.end(),
                   [](const Bucket& a, const Bucket& b) { return a.upper < b.upper; });
  if (!std::isinf(buckets.back().upper) || buckets.back().upper < 0) return std::nan("");
  std::vector<Bucket> merged;
  for (const Bucket& b : buckets) {
    if (!merged.empty() && merged.back().upper == b.upper) {
      merged.back().count += b.count;
    } else {
      merged.push_back(b);
    }
  }
  double prev = merged[0].count;
  for (size_t i = 1; i < merged.size(); ++i) {
    double curr = merged[i].count;
    if (curr == prev) continue;
    if (almost_equal(prev, curr, 1e-12)) {
      merged[i].count = prev;
      continue;
    }
    if (curr < prev) {
      merged[i].count = prev;
      forced = true;
      continue;
    }
    prev = curr;
  }
  if (merged.size() < 2) return std::nan("");
  double observations = merged.back().count;
  if (observations == 0) return std::nan("");
  double rank = q * observations;
  size_t b = 0;
  while (b < merged.size() - 1 && !(merged[b].count >= rank)) ++b;
  if (b == merged.size() - 1) return merged[merged.size() - 2].upper;
  if (b == 0 && merged[0].upper <= 0) return merged[0].upper;
  double start = 0, end = merged[b].upper, count = merged[b].count;
  if (b > 0) {
    start = merged[b - 1].upper;
    count -= merged[b - 1].count;
    rank -= merged[b - 1].count;
  }
  return start + (end - start) * (rank / count);
}

// Prometheus' HistogramQuantile for a native histogram: linear interpolation in custom buckets
// and the zero bucket, exponential in exponential buckets.
double native_quantile(double q, const Histogram& h) {
  if (q < 0) return -INFINITY;
  if (q > 1) return INFINITY;
  if (h.count == 0 || std::isnan(q)) return std::nan("");
  std::vector<BucketBounds> bs = buckets(h);
  if (bs.empty()) return std::nan("");
  bool forward = std::isnan(h.sum) || q < 0.5;
  if (!forward) std::reverse(bs.begin(), bs.end());
  double rank = forward ? q * h.count : (1 - q) * h.count;
  double count = 0;
  BucketBounds b = bs.back();
  for (const BucketBounds& x : bs) {
    b = x;
    if (x.count == 0) continue;
    count += x.count;
    if (count >= rank) break;
  }
  if (!h.custom() && b.lower < 0 && b.upper > 0) {
    if (h.negative.empty() && !h.positive.empty()) b.lower = 0;
    if (h.positive.empty() && !h.negative.empty()) b.upper = 0;
  } else if (h.custom()) {
    if (std::isinf(b.lower) && b.lower < 0) {
      if (b.upper <= 0) return b.upper;
      b.lower = 0;
    } else if (std::isinf(b.upper) && b.upper > 0) {
      return b.lower;
    }
  }
  if (count > h.count) count = h.count;
  if (count < rank) {
    if (std::isnan(h.sum)) return std::nan("");
    return b.upper;
  }
  if (forward) {
    rank -= count - b.count;
  } else {
    rank = count - rank;
  }
  double fraction = rank / b.count;
  if (h.custom() || (b.lower <= 0 && b.upper >= 0)) return b.lower + (b.upper - b.lower) * fraction;
  double log_lower = std::log2(std::fabs(b.lower)), log_upper = std::log2(std::fabs(b.upper));
  if (b.lower > 0) return std::exp2(log_lower + (log_upper - log_lower) * fraction);
  return -std::exp2(log_upper + (log_lower - log_upper) * (1 - fraction));
}

// Prometheus' HistogramFraction for a native histogram.
double native_fraction(double lower, double upper, const Histogram& h) {
  if (h.count == 0 || std::isnan(lower) || std::isnan(upper)) return std::nan("");
  if (lower >= upper) return 0;
  double count = 0, rank = 0, lower_rank = 0, upper_rank = 0;
  bool lower_set = false, upper_set = false;
  for (BucketBounds b : buckets(h)) {
    count += b.count;
    bool zero_bucket = false;
    if (h.custom()) {
      if (std::isinf(b.lower) && b.lower < 0 && b.upper > 0) b.lower = 0;
    } else if (b.lower <= 0 && b.upper >= 0) {
      zero_bucket = true;
      if (h.negative.empty() && !h.positive.empty()) b.lower = 0;
      if (h.positive.empty() && !h.negative.empty()) b.upper = 0;
    }
    auto linear = [&](double v) {
      if (std::isinf(b.lower) && b.lower < 0) return b.count;
      return rank + b.count * (v - b.lower) / (b.upper - b.lower);
    };
    auto exponential = [&](double v) {
      double ll = std::log2(std::fabs(b.lower)), lu = std::log2(std::fabs(b.upper));
      double lv = std::log2(std::fabs(v));
      double below = v > 0 ? (lv - ll) / (lu - ll) : 1 - ((lv - lu) / (ll - lu));
      return rank + b.count * below;
    };
    if (!lower_set && b.lower >= lower) {
      lower_rank = rank;
      lower_set = true;
    }
    if (!upper_set && b.lower >= upper) {
      upper_rank = rank;
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    if (!lower_set && b.lower < lower && b.upper > lower) {
      lower_rank = h.custom() || zero_bucket ? linear(lower) : exponential(lower);
      lower_set = true;
    }
    if (!upper_set && b.lower < upper && b.upper > upper) {
      upper_rank = h.custom() || zero_bucket ? linear(upper) : exponential(upper);
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    rank += b.count;
  }
  if (!std::isnan(h.sum)) count = h.count;
  if (!lower_set || lower_rank > count) lower_rank = count;
  if (!upper_set || upper_rank > count) upper_rank = count;
  return (upper_rank - lower_rank) / h.count;
}

void histogram_fraction(Ctx& c) {
  double lower = c.args[0].scalar, upper = c.args[1].scalar;
  for (Elem& e : c.args[2].vec) {
    if (e.h == nullptr) continue;
    c.emit(std::move(e.labels), e.drop_name, native_fraction(lower, upper, *e.h));
  }
}

void histogram_quantile(Ctx& c) {
  double q = c.args[0].scalar;
  if (std::isnan(q) || q < 0 || q > 1) {
    c.ev.warn(c.arg_span(0), "quantile value should be between 0 and 1, got " + format_g(q));
  }
  struct Group {
    Labels labels;
    bool drop = false;
    std::string name;
    std::vector<Bucket> buckets;
  };
  std::map<std::string, size_t> index;
  std::vector<Group> groups;
  for (Elem& e : c.args[1].vec) {
    if (e.h != nullptr) {
      c.emit(e.labels, e.drop_name, native_quantile(q, *e.h));
      continue;
    }
    std::string_view le = get(e.labels, "le");
    auto upper = parse_float(le);
    if (!upper) {
      c.ev.warn(c.arg_span(1), "bucket label \"le\" is missing or has a malformed value of " +
                                   go_quote(le) + " for metric name " +
                                   go_quote(get(e.labels, kMetricName)));
      continue;
    }
    Labels key = without(e.labels, {"le"}, !c.ev.options().delayed_name_removal);
    auto [it, fresh] = index.emplace(signature(key), groups.size());
    if (fresh) groups.push_back(Group{key, false, std::string(get(e.labels, kMetricName)), {}});
    groups[it->second].buckets.push_back(Bucket{*upper, e.f});
    groups[it->second].drop |= e.drop_name;
  }
  for (Group& g : groups) {
    bool forced = false;
    double v = bucket_quantile(q, g.buckets, forced);
    if (forced) {
      c.ev.info(c.arg_span(1),
                "input to histogram_quantile needed to be fixed for monotonicity (see "
                "https://prometheus.io/docs/prometheus/latest/querying/functions/"
                "#histogram_quantile) for metric name " +
                    go_quote(g.name));
    }
    c.emit(std::move(g.labels), g.drop, v);
  }
}

// ---- range vector functions --------------------------------------------------------------------

bool counter_like(std::string_view name) {
  for (std::string_view suffix : {"_total", "_sum", "_count", "_bucket"}) {
    if (name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      return true;
    }
  }
  return false;
}

// The float points of a series: the series' own points when it has no histogram, else a copy
// in `buf`.
const std::vector<Point>& floats_of(const RangeElem& r, std::vector<Point>& buf) {
  bool histograms = false;
  for (const Point& p : r.points) histograms |= p.h != nullptr;
  if (!histograms) return r.points;
  for (const Point& p : r.points) {
    if (p.h == nullptr) buf.push_back(p);
  }
  return buf;
}

// Prometheus' info for rate() and increase() over a metric whose name does not say counter,
// given when the function returns a value for it.
void not_a_counter_info(Ctx& c, const RangeElem& r) {
  std::string_view name = get(r.labels, kMetricName);
  if (name.empty() || counter_like(name)) return;
  c.ev.info(c.arg_span(0),
            "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: " +
                go_quote(name));
}

double interpolate_counter(const Point& p1, const Point& p2, int64_t t, bool counter) {
  double y1 = p1.f, y2 = p2.f;
  if (counter && y2 < y1) y1 = 0;
  return y1 + (y2 - y1) * static_cast<double>(t - p1.t) / static_cast<double>(p2.t - p1.t);
}

// Prometheus' extendedRate: rate, increase and delta over an anchored or smoothed range.
void extended_rate(Ctx& c, const RangeElem& r, bool counter, bool rate) {
  const Val& m = c.args[0];
  std::vector<Point> buf;
  const std::vector<Point>& f = floats_of(r, buf);
  if (f.empty() || f.size() != r.points.size()) return;
  int64_t rs = m.range_start, re = m.range_end;
  size_t last = f.size() - 1;
  size_t above = 0;
  while (above < last && !(f[above].t > rs)) ++above;
  size_t first = above > 0 ? above - 1 : 0;
  if (m.smoothed) {
    size_t i = 0;
    while (i < last && !(f[i].t >= re)) ++i;
    last = i;
  }
  if (f[last].t <= rs) return;
  if (m.smoothed && f[first].t > re) return;
  double left = f[first].f;
  if (f[first].t < rs && m.smoothed) {
    left = interpolate_counter(f[first], f[first + 1], rs, counter);
  }
  double right = f[last].f;
  if (f[last].t > re && last > 0) {
    right = m.smoothed ? interpolate_counter(f[last - 1], f[last], re, counter) : f[last - 1].f;
  }
  double result = right - left;
  if (counter) {
    size_t lo = f[first].t <= rs ? first + 1 : first;
    std::ptrdiff_t hi =
        f[last].t >= re ? static_cast<std::ptrdiff_t>(last) - 1 : static_cast<std::ptrdiff_t>(last);
    double correction = 0, prev = left;
    for (auto i = static_cast<std::ptrdiff_t>(lo); i <= hi; ++i) {
      double v = f[static_cast<size_t>(i)].f;
      if (v < prev) correction += prev;
      prev = v;
    }
    if (right < prev) correction += prev;
    result += correction;
  }
  if (rate) result /= static_cast<double>(re - rs) / 1000;
  if (counter) not_a_counter_info(c, r);
  c.emit(r.labels, r.drop_name, result);
}

// The first point changes() and resets() look at: for an anchored range, the last one at or
// before the range's start; nullopt when no point is after the start.
std::optional<size_t> first_index(const Val& m, const std::vector<Point>& s) {
  if (!m.anchored) return 0;
  size_t above = 0;
  while (above < s.size() && !(s[above].t > m.range_start)) ++above;
  if (above >= s.size()) return std::nullopt;
  return above > 0 ? above - 1 : 0;
}

void extrapolated_rate(Ctx& c, bool counter, bool rate) {
  const Val& m = c.args[0];
  if (m.anchored || m.smoothed) {
    for (const RangeElem& r : m.mat) extended_rate(c, r, counter, rate);
    return;
  }
  for (const RangeElem& r : m.mat) {
    std::vector<Point> buf;
    const std::vector<Point>& s = floats_of(r, buf);
    if (s.size() < 2) continue;
    if (counter) not_a_counter_info(c, r);
    double result = s.back().f - s.front().f;
    if (counter) {
      double last = 0;
      for (const Point& p : s) {
        if (p.f < last) result += last;
        last = p.f;
      }
    }
    double to_start = static_cast<double>(s.front().t - m.range_start) / 1000;
    double to_end = static_cast<double>(m.range_end - s.back().t) / 1000;
    double sampled = static_cast<double>(s.back().t - s.front().t) / 1000;
    double avg = sampled / static_cast<double>(s.size() - 1);
    double threshold = avg * 1.1;
    double interval = sampled;
    if (to_start >= threshold) to_start = avg / 2;
    if (counter && result > 0 && s.front().f >= 0) {
      double to_zero = sampled * (s.front().f / result);
      if (to_zero < to_start) to_start = to_zero;
    }
    interval += to_start;
    if (to_end >= threshold) to_end = avg / 2;
    interval += to_end;
    double factor = interval / sampled;
    if (rate) factor /= static_cast<double>(m.range_end - m.range_start) / 1000;
    c.emit(r.labels, r.drop_name, result * factor);
  }
}

void instant_value(Ctx& c, bool rate) {
  for (const RangeElem& r : c.args[0].mat) {
    std::vector<Point> buf;
    const std::vector<Point>& s = floats_of(r, buf);
    if (s.size() < 2) continue;
    const Point& prev = s[s.size() - 2];
    const Point& last = s.back();
    double v = last.f;
    if (!rate || !(last.f < prev.f)) v = last.f - prev.f;
    int64_t dt = last.t - prev.t;
    if (dt == 0) continue;
    if (rate) v /= static_cast<double>(dt) / 1000;
    c.emit(r.labels, r.drop_name, v);
  }
}

// Applies fn to the float points of each series that has any.
void over_time(Ctx& c, const std::function<double(const std::vector<Point>&)>& fn,
               bool include_histograms = false) {
  for (const RangeElem& r : c.args[0].mat) {
    std::vector<Point> buf;
    const std::vector<Point>& s = include_histograms ? r.points : floats_of(r, buf);
    if (s.empty()) continue;
    c.emit(r.labels, r.drop_name, fn(s));
  }
}

std::pair<double, double> linear_regression(const std::vector<Point>& s, int64_t intercept_t) {
  double n = 0, sum_x = 0, cx = 0, sum_y = 0, cy = 0, sum_xy = 0, cxy = 0, sum_x2 = 0, cx2 = 0;
  double init_y = s[0].f;
  bool const_y = true;
  for (size_t i = 0; i < s.size(); ++i) {
    if (const_y && i > 0 && s[i].f != init_y) const_y = false;
    n += 1;
    double x = static_cast<double>(s[i].t - intercept_t) / 1e3;
    kahan_add(x, sum_x, cx);
    kahan_add(s[i].f, sum_y, cy);
    kahan_add(x * s[i].f, sum_xy, cxy);
    kahan_add(x * x, sum_x2, cx2);
  }
  if (const_y) {
    if (std::isinf(init_y)) return {std::nan(""), std::nan("")};
    return {0, init_y};
  }
  sum_x += cx;
  sum_y += cy;
  sum_xy += cxy;
  sum_x2 += cx2;
  double cov = sum_xy - sum_x * sum_y / n;
  double var = sum_x2 - sum_x * sum_x / n;
  double slope = cov / var;
  return {slope, sum_y / n - slope * sum_x / n};
}

double avg_of(const std::vector<Point>& s) {
  double sum = s[0].f, count = 1, mean = 0, kc = 0;
  bool incremental = false;
  for (size_t i = 1; i < s.size(); ++i) {
    count = static_cast<double>(i + 1);
    double f = s[i].f;
    if (!incremental) {
      double ns = sum, nc = kc;
      kahan_add(f, ns, nc);
      if (!std::isinf(ns)) {
        sum = ns;
        kc = nc;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      kc /= count - 1;
    }
    double q = (count - 1) / count;
    double m = q * mean, cc = q * kc;
    kahan_add(f / count, m, cc);
    mean = m;
    kc = cc;
  }
  if (incremental) return mean + kc;
  return sum / count + kc / count;
}

double variance_of(const std::vector<Point>& s) {
  double count = 0, mean = 0, cmean = 0, aux = 0, caux = 0;
  for (const Point& p : s) {
    count += 1;
    double delta = p.f - (mean + cmean);
    kahan_add(delta / count, mean, cmean);
    kahan_add(delta * (p.f - (mean + cmean)), aux, caux);
  }
  return (aux + caux) / count;
}

double compare_over_time(const std::vector<Point>& s, bool ts,
                         const std::function<bool(double, double)>& better) {
  double best = s[0].f;
  int64_t best_t = s[0].t;
  for (const Point& p : s) {
    if (better(p.f, best)) {
      best = p.f;
      best_t = p.t;
    }
  }
  return ts ? static_cast<double>(best_t) / 1000 : best;
}

void double_exponential_smoothing(Ctx& c) {
  double sf = c.args[1].scalar, tf = c.args[2].scalar;
  auto fmt6 = [](double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%f", v);
    return std::string(buf);
  };
  if (sf <= 0 || sf >= 1) {
    c.ev.fail("invalid smoothing factor. Expected: 0 < sf < 1, got: " + fmt6(sf), c.call->span);
  }
  if (tf <= 0 || tf >= 1) {
    c.ev.fail("invalid trend factor. Expected: 0 < tf < 1, got: " + fmt6(tf), c.call->span);
  }
  for (const RangeElem& r : c.args[0].mat) {
    std::vector<Point> buf;
    const std::vector<Point>& s = floats_of(r, buf);
    if (s.size() < 2) continue;
    double s0 = 0, s1 = s[0].f, b = s[1].f - s[0].f;
    for (size_t i = 1; i < s.size(); ++i) {
      double x = sf * s[i].f;
      if (i - 1 != 0) b = tf * (s1 - s0) + (1 - tf) * b;
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    c.emit(r.labels, r.drop_name, s1);
  }
}

// Prometheus' histogramVariance: each bucket's observations at its geometric mean (arithmetic
// for custom buckets, zero in the zero bucket).
double histogram_variance(const Histogram& h) {
  double mean = h.sum / h.count;
  double variance = 0, c = 0;
  for (const BucketBounds& b : buckets(h)) {
    if (b.count == 0) continue;
    double v;
    if (h.custom()) {
      v = (b.upper + b.lower) / 2.0;
    } else if (b.lower <= 0 && b.upper >= 0) {
      v = 0;
    } else {
      v = std::sqrt(b.upper * b.lower);
      if (b.upper < 0) v = -v;
    }
    double delta = v - mean;
    kahan_add(b.count * delta * delta, variance, c);
  }
  return (variance + c) / h.count;
}

const std::unordered_map<std::string_view, Impl>& table() {
  static const std::unordered_map<std::string_view, Impl> t = [] {
    std::unordered_map<std::string_view, Impl> m;
    m["abs"] = simple([](double v) { return std::fabs(v); });
    m["ceil"] = simple([](double v) { return std::ceil(v); });
    m["floor"] = simple([](double v) { return std::floor(v); });
    m["exp"] = simple([](double v) { return std::exp(v); });
    m["sqrt"] = simple([](double v) { return std::sqrt(v); });
    m["ln"] = simple([](double v) { return std::log(v); });
    m["log2"] = simple([](double v) { return std::log2(v); });
    m["log10"] = simple([](double v) { return std::log10(v); });
    m["sin"] = simple([](double v) { return std::sin(v); });
    m["cos"] = simple([](double v) { return std::cos(v); });
    m["tan"] = simple([](double v) { return std::tan(v); });
    m["asin"] = simple([](double v) { return std::asin(v); });
    m["acos"] = simple([](double v) { return std::acos(v); });
    m["atan"] = simple([](double v) { return std::atan(v); });
    m["sinh"] = simple([](double v) { return std::sinh(v); });
    m["cosh"] = simple([](double v) { return std::cosh(v); });
    m["tanh"] = simple([](double v) { return std::tanh(v); });
    m["asinh"] = simple([](double v) { return std::asinh(v); });
    m["acosh"] = simple([](double v) { return std::acosh(v); });
    m["atanh"] = simple([](double v) { return std::atanh(v); });
    m["deg"] = simple([](double v) { return v * 180 / std::numbers::pi; });
    m["rad"] = simple([](double v) { return v * std::numbers::pi / 180; });
    m["sgn"] = simple(sgn);
    m["pi"] = [](Ctx& c) {
      c.out.type = ValueType::Scalar;
      c.out.scalar = std::numbers::pi;
    };
    m["time"] = [](Ctx& c) {
      c.out.type = ValueType::Scalar;
      c.out.scalar = static_cast<double>(c.t) / 1000;
    };
    auto scalar_fn = [](std::function<double(Ctx&)> fn) {
      return [fn](Ctx& c) {
        c.out.type = ValueType::Scalar;
        c.out.scalar = fn(c);
      };
    };
    m["start"] = scalar_fn([](Ctx& c) { return static_cast<double>(c.ev.start()) / 1000; });
    m["end"] = scalar_fn([](Ctx& c) { return static_cast<double>(c.ev.end()) / 1000; });
    m["range"] =
        scalar_fn([](Ctx& c) { return static_cast<double>(c.ev.end() - c.ev.start()) / 1000; });
    m["step"] = scalar_fn([](Ctx& c) {
      return c.ev.start() == c.ev.end() ? 0.0 : static_cast<double>(c.ev.step()) / 1000;
    });
    m["min_of"] = scalar_fn([](Ctx& c) { return go_min(c.args[0].scalar, c.args[1].scalar); });
    m["max_of"] = scalar_fn([](Ctx& c) { return go_max(c.args[0].scalar, c.args[1].scalar); });
    m["vector"] = [](Ctx& c) { c.out.vec.push_back(Elem{{}, c.args[0].scalar, nullptr, c.t}); };
    m["scalar"] = [](Ctx& c) {
      c.out.type = ValueType::Scalar;
      const auto& v = c.args[0].vec;
      c.out.scalar = v.size() == 1 && v[0].h == nullptr ? v[0].f : std::nan("");
    };
    m["round"] = [](Ctx& c) {
      double to = c.args.size() > 1 ? c.args[1].scalar : 1;
      double inv = 1.0 / to;
      map_floats(c, [inv](double v) { return std::floor(v * inv + 0.5) / inv; });
    };
    m["clamp"] = [](Ctx& c) {
      double lo = c.args[1].scalar, hi = c.args[2].scalar;
      if (hi < lo) return;
      map_floats(c, [lo, hi](double v) { return go_max(lo, go_min(hi, v)); });
    };
    m["clamp_min"] = [](Ctx& c) {
      double lo = c.args[1].scalar;
      map_floats(c, [lo](double v) { return go_max(lo, v); });
    };
    m["clamp_max"] = [](Ctx& c) {
      double hi = c.args[1].scalar;
      map_floats(c, [hi](double v) { return go_min(hi, v); });
    };
    m["timestamp"] = [](Ctx& c) {
      bool selector = as<VectorSelector>(unparen(c.call->args[0])) != nullptr;
      for (Elem& e : c.args[0].vec) {
        double ts = static_cast<double>(selector ? e.t : c.t) / 1000;
        c.emit(std::move(e.labels), e.drop_name, ts);
      }
    };
    m["minute"] = date_function(
        [](int64_t s) { return static_cast<double>(floor_div(s, 60) - floor_div(s, 3600) * 60); });
    m["hour"] = date_function([](int64_t s) {
      return static_cast<double>(floor_div(s, 3600) - floor_div(s, 86400) * 24);
    });
    m["day_of_week"] = date_function([](int64_t s) {
      int64_t d = floor_div(s, 86400);
      return static_cast<double>(((d % 7) + 7 + 4) % 7);
    });
    m["day_of_month"] = date_function(
        [](int64_t s) { return static_cast<double>(civil_from_days(floor_div(s, 86400)).day); });
    m["day_of_year"] = date_function([](int64_t s) {
      int64_t d = floor_div(s, 86400);
      Civil cv = civil_from_days(d);
      return static_cast<double>(d - days_from_civil(cv.year, 1, 1) + 1);
    });
    m["month"] = date_function(
        [](int64_t s) { return static_cast<double>(civil_from_days(floor_div(s, 86400)).month); });
    m["year"] = date_function(
        [](int64_t s) { return static_cast<double>(civil_from_days(floor_div(s, 86400)).year); });
    m["days_in_month"] = date_function(days_in_month);
    m["label_replace"] = label_replace;
    m["label_join"] = label_join;
    m["sort"] = [](Ctx& c) { sort_by_value(c, false); };
    m["sort_desc"] = [](Ctx& c) { sort_by_value(c, true); };
    m["sort_by_label"] = [](Ctx& c) { sort_by_label(c, false); };
    m["sort_by_label_desc"] = [](Ctx& c) { sort_by_label(c, true); };
    m["absent"] = [](Ctx& c) {
      if (!c.args[0].vec.empty()) return;
      c.out.vec.push_back(Elem{absent_labels(c.call->args[0]), 1, nullptr, c.t});
    };
    m["absent_over_time"] = [](Ctx& c) {
      if (!c.args[0].mat.empty()) return;
      c.out.vec.push_back(Elem{absent_labels(c.call->args[0]), 1, nullptr, c.t});
    };
    m["present_over_time"] = [](Ctx& c) {
      over_time(
          c, [](const std::vector<Point>&) { return 1.0; }, true);
    };
    m["histogram_quantile"] = histogram_quantile;
    m["histogram_fraction"] = histogram_fraction;
    auto histogram_fn = [](double (*fn)(const Histogram&)) {
      return [fn](Ctx& c) {
        for (Elem& e : c.args[0].vec) {
          if (e.h == nullptr) continue;
          Elem r{std::move(e.labels), fn(*e.h), nullptr, c.t, e.drop_name};
          c.ev.drop_name(r);
          c.out.vec.push_back(std::move(r));
        }
      };
    };
    m["histogram_count"] = histogram_fn([](const Histogram& h) { return h.count; });
    m["histogram_sum"] = histogram_fn([](const Histogram& h) { return h.sum; });
    m["histogram_avg"] = histogram_fn([](const Histogram& h) { return h.sum / h.count; });
    m["histogram_stdvar"] = histogram_fn(histogram_variance);
    m["histogram_stddev"] =
        histogram_fn([](const Histogram& h) { return std::sqrt(histogram_variance(h)); });
    m["rate"] = [](Ctx& c) { extrapolated_rate(c, true, true); };
    m["increase"] = [](Ctx& c) { extrapolated_rate(c, true, false); };
    m["delta"] = [](Ctx& c) { extrapolated_rate(c, false, false); };
    m["irate"] = [](Ctx& c) { instant_value(c, true); };
    m["idelta"] = [](Ctx& c) { instant_value(c, false); };
    auto count_changes = [](bool resets) {
      return [resets](Ctx& c) {
        for (const RangeElem& r : c.args[0].mat) {
          std::vector<Point> buf;
          const std::vector<Point>& s = floats_of(r, buf);
          if (s.empty()) continue;
          auto from = first_index(c.args[0], s);
          if (!from) continue;
          double n = 0;
          for (size_t i = *from + 1; i < s.size(); ++i) {
            double x = s[i].f, y = s[i - 1].f;
            if (resets) {
              n += x < y ? 1 : 0;
            } else if (!(x == y || (std::isnan(x) && std::isnan(y)))) {
              n += 1;
            }
          }
          c.emit(r.labels, r.drop_name, n);
        }
      };
    };
    m["resets"] = count_changes(true);
    m["changes"] = count_changes(false);
    m["deriv"] = [](Ctx& c) {
      for (const RangeElem& r : c.args[0].mat) {
        std::vector<Point> buf;
        const std::vector<Point>& s = floats_of(r, buf);
        if (s.size() < 2) continue;
        c.emit(r.labels, r.drop_name, linear_regression(s, s[0].t).first);
      }
    };
    m["predict_linear"] = [](Ctx& c) {
      double d = c.args[1].scalar;
      for (const RangeElem& r : c.args[0].mat) {
        std::vector<Point> buf;
        const std::vector<Point>& s = floats_of(r, buf);
        if (s.size() < 2) continue;
        auto [slope, intercept] = linear_regression(s, c.t);
        c.emit(r.labels, r.drop_name, slope * d + intercept);
      }
    };
    m["avg_over_time"] = [](Ctx& c) { over_time(c, avg_of); };
    m["sum_over_time"] = [](Ctx& c) {
      over_time(c, [](const std::vector<Point>& s) {
        double sum = 0, k = 0;
        for (const Point& p : s) kahan_add(p.f, sum, k);
        return std::isinf(sum) ? sum : sum + k;
      });
    };
    m["count_over_time"] = [](Ctx& c) {
      over_time(
          c, [](const std::vector<Point>& s) { return static_cast<double>(s.size()); }, true);
    };
    m["min_over_time"] = [](Ctx& c) {
      over_time(c, [](const std::vector<Point>& s) {
        return compare_over_time(s, false,
                                 [](double a, double b) { return a < b || std::isnan(b); });
      });
    };
    m["max_over_time"] = [](Ctx& c) {
      over_time(c, [](const std::vector<Point>& s) {
        return compare_over_time(s, false,
                                 [](double a, double b) { return a > b || std::isnan(b); });
      });
    };
    m["ts_of_min_over_time"] = [](Ctx& c) {
      over_time(c, [](const std::vector<Point>& s) {
        return compare_over_time(s, true,
                                 [](double a, double b) { return a <= b || std::isnan(b); });
      });
    };
    m["ts_of_max_over_time"] = [](Ctx& c) {
      over_time(c, [](const std::vector<Point>& s) {
        return compare_over_time(s, true,
                                 [](double a, double b) { return a >= b || std::isnan(b); });
      });
    };
    m["ts_of_last_over_time"] = [](Ctx& c) {
      over_time(
          c, [](const std::vector<Point>& s) { return static_cast<double>(s.back().t) / 1000; },
          true);
    };
    m["ts_of_first_over_time"] = [](Ctx& c) {
      over_time(
          c, [](const std::vector<Point>& s) { return static_cast<double>(s.front().t) / 1000; },
          true);
    };
    m["stddev_over_time"] = [](Ctx& c) {
      over_time(c, [](const std::vector<Point>& s) { return std::sqrt(variance_of(s)); });
    };
    m["stdvar_over_time"] = [](Ctx& c) { over_time(c, variance_of); };
    m["quantile_over_time"] = [](Ctx& c) {
      double q = c.args[0].scalar;
      if (std::isnan(q) || q < 0 || q > 1) {
        c.ev.warn(c.arg_span(0), "quantile value should be between 0 and 1, got " + format_g(q));
      }
      for (const RangeElem& r : c.args[1].mat) {
        std::vector<double> v;
        for (const Point& p : r.points) {
          if (p.h == nullptr) v.push_back(p.f);
        }
        if (v.empty()) continue;
        c.emit(r.labels, r.drop_name, quantile(q, v));
      }
    };
    m["mad_over_time"] = [](Ctx& c) {
      over_time(c, [](const std::vector<Point>& s) {
        std::vector<double> v;
        for (const Point& p : s) {
          if (std::isnan(p.f)) return std::nan("");  // the median is undefined
          v.push_back(p.f);
        }
        double median = quantile(0.5, v);
        for (double& x : v) x = std::fabs(x - median);
        return quantile(0.5, v);
      });
    };
    m["double_exponential_smoothing"] = double_exponential_smoothing;
    auto last_first = [](bool last) {
      return [last](Ctx& c) {
        for (const RangeElem& r : c.args[0].mat) {
          if (r.points.empty()) continue;
          const Point& p = last ? r.points.back() : r.points.front();
          Elem e{r.labels, p.f, p.h, c.t, r.drop_name};
          if (c.call->func->drops_name) c.ev.drop_name(e);
          c.out.vec.push_back(std::move(e));
        }
      };
    };
    m["last_over_time"] = last_first(true);
    m["first_over_time"] = last_first(false);
    return m;
  }();
  return t;
}

}  // namespace

Val apply_function(Evaluator& ev, const Call* call, std::vector<Val>& args, int64_t t) {
  Ctx c{ev, call, args, t, {}};
  c.out.type = call->func->return_type;
  auto it = table().find(call->func->name);
  if (it == table().end()) {
    ev.fail("function \"" + std::string(call->func->name) +
                "\" is not supported by mzrules' "
                "evaluator yet",
            call->span);
  }
  std::string_view name = call->func->name;
  for (const Val& a : args) {
    if (a.anchored && !(name == "resets" || name == "changes" || name == "rate" ||
                        name == "increase" || name == "delta")) {
      ev.fail(
          "anchored modifier can only be used with: changes, delta, increase, rate, resets - "
          "not with " +
              std::string(name),
          call->span);
    }
    if (a.smoothed && !(name == "rate" || name == "increase" || name == "delta")) {
      ev.fail("smoothed modifier can only be used with: delta, increase, rate - not with " +
                  std::string(name),
              call->span);
    }
  }
  if ((name == "sort" || name == "sort_desc" || name == "sort_by_label" ||
       name == "sort_by_label_desc") &&
      ev.multi_step()) {
    ev.warn(call->span,
            "sort is ineffective for range queries since results are always ordered by labels");
  }
  it->second(c);
  return std::move(c.out);
}

}  // namespace mzr::eval::detail
