#include "tests/eval/promqltest_values.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "compiler/base/duration.h"
#include "compiler/base/go_quote.h"
#include "compiler/eval/format.h"
#include "compiler/ruletest/series_input.h"

namespace mzr::testing::promqltest {

using eval::Labels;
using syntax::SeriesValue;

namespace {

bool same_histogram(const eval::Histogram& want, const eval::Histogram& got, bool check_hint) {
  auto trimmed = [](std::vector<double> v, int32_t off) {
    std::map<int32_t, double> m;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] != 0) m[off + static_cast<int32_t>(i)] = v[i];
    }
    return m;
  };
  auto eq = [](const std::map<int32_t, double>& a, const std::map<int32_t, double>& b) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
      if (ia->first != ib->first || !almost_equal(ia->second, ib->second)) return false;
    }
    return true;
  };
  if (want.schema != got.schema || !almost_equal(want.count, got.count) ||
      !almost_equal(want.sum, got.sum) || !almost_equal(want.zero_count, got.zero_count) ||
      want.zero_threshold != got.zero_threshold) {
    return false;
  }
  if (check_hint && want.hint != got.hint) return false;
  if (want.custom_bounds != got.custom_bounds) return false;
  return eq(trimmed(want.positive, want.positive_offset),
            trimmed(got.positive, got.positive_offset)) &&
         eq(trimmed(want.negative, want.negative_offset),
            trimmed(got.negative, got.negative_offset));
}

// A value in series notation.
std::string notation(double v) {
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  return eval::format_value(v);
}

std::string notation(const Labels& ls) {
  std::string name(eval::get(ls, eval::kMetricName));
  std::string inner;
  for (const eval::Label& l : ls) {
    if (l.name == eval::kMetricName) continue;
    if (!inner.empty()) inner += ", ";
    inner += l.name + "=" + go_quote(l.value);
  }
  return name + "{" + inner + "}";
}

// A sample in promqltest's notation; a histogram with its counter-reset hint, which the
// harness then compares too.
std::string notation(double f, const eval::Histogram* h) {
  if (h == nullptr) return notation(f);
  std::string text = eval::to_string(*h);
  // What Prometheus' series parser reads back: no empty custom bounds list, Inf unsigned.
  auto replace_all = [&text](std::string_view from, std::string_view to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
      text.replace(at, from.size(), to);
      at += to.size();
    }
  };
  replace_all("custom_values:[] ", "");
  replace_all(":+Inf", ":Inf");
  replace_all("[+Inf", "[Inf");
  replace_all(" +Inf", " Inf");
  static constexpr const char* kHints[] = {"unknown", "reset", "not_reset", "gauge"};
  text.insert(text.size() - 2,
              std::string(" counter_reset_hint:") + kHints[static_cast<int>(h->hint)]);
  return text;
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// Splits off the first whitespace-separated word.
std::string_view word(std::string_view& s) {
  s = trim(s);
  size_t n = 0;
  while (n < s.size() && s[n] != ' ' && s[n] != '\t') ++n;
  std::string_view w = s.substr(0, n);
  s = trim(s.substr(n));
  return w;
}

std::optional<int64_t> parse_time(std::string_view s) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  auto d = parse_duration(s);
  if (!d) {
    int64_t secs = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), secs);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    d = Duration{secs * 1000};
  }
  return neg ? -d->ms : d->ms;
}

// The harness's parseNumber: Go's ParseInt (base 0) or ParseFloat.
std::optional<double> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string_view body = s;
  bool neg = false;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  std::string lower;
  for (char c : body) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  double v = 0;
  if (lower == "inf" || lower == "infinity") {
    v = INFINITY;
  } else if (lower == "nan") {
    v = NAN;
  } else if (starts_with(lower, "0x")) {
    int64_t i = 0;
    auto r = std::from_chars(lower.data() + 2, lower.data() + lower.size(), i, 16);
    if (r.ec != std::errc() || r.ptr != lower.data() + lower.size()) return std::nullopt;
    v = static_cast<double>(i);
  } else {
    auto r = std::from_chars(body.data(), body.data() + body.size(), v);
    if (r.ec != std::errc() || r.ptr != body.data() + body.size()) return std::nullopt;
  }
  return neg ? -v : v;
}

bool almost_equal(double a, double b) {
  if (eval::is_stale(a) || eval::is_stale(b)) return eval::is_stale(a) && eval::is_stale(b);
  constexpr double kMinNormal = 2.2250738585072014e-308;
  constexpr double kEpsilon = 1e-6;
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  double sum = std::fabs(a) + std::fabs(b);
  double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || sum < kMinNormal) return diff < kEpsilon * kMinNormal;
  return diff / std::min(sum, std::numeric_limits<double>::max()) < kEpsilon;
}

std::string show(double f, const eval::Histogram* h) {
  return h != nullptr ? eval::to_string(*h) : eval::format_value(f);
}

// Does the expected value match a sample?
bool value_matches(const SeriesValue& want, double f, const eval::Histogram* h,
                   const syntax::SeriesHistogram* raw) {
  switch (want.kind) {
    case SeriesValue::Kind::Float: return h == nullptr && almost_equal(want.value, f);
    case SeriesValue::Kind::Stale: return h == nullptr && eval::is_stale(f);
    case SeriesValue::Kind::Histogram:
      return h != nullptr && same_histogram(ruletest::series_histogram(want), *h,
                                            raw != nullptr && raw->counter_reset_hint != "unknown");
    case SeriesValue::Kind::Omitted: return false;
  }
  return false;
}

// The expectation lines of an eval that would pass with `out` as its result.
std::string record_eval(const eval::Outcome& out, bool range, int64_t start, int64_t end,
                        int64_t step) {
  std::string text;
  if (!out.ok) return "  expect fail\n";
  bool warn = false, info = false;
  for (const eval::Annotation& a : out.annotations) {
    // Prometheus' harness also runs the query rewritten with `@`, which moves the positions: the
    // text is compared exactly, the (line:column) only in form.
    std::string body = a.message.substr(0, a.message.rfind(" ("));
    // The times histogram_quantile's monotonicity info names move with `@` too.
    std::string_view times = ", from buckets ";
    size_t cut = body.find(times);
    if (cut != std::string::npos) body.resize(cut);
    std::string pattern;
    for (char ch : body) {
      if (std::string_view("\\.+*?()|[]{}^$").find(ch) != std::string_view::npos) pattern += '\\';
      pattern += ch;
    }
    if (cut != std::string::npos) pattern += ", from buckets .*";
    text += std::string("  expect ") + (a.warning ? "warn" : "info") + " regex: ^" + pattern +
            " \\([0-9]+:[0-9]+\\)$\n";
    (a.warning ? warn : info) = true;
  }
  if (!warn) text += "  expect no_warn\n";
  if (!info) text += "  expect no_info\n";
  const eval::Result& r = out.result;
  if (range) {
    for (const eval::SeriesPoints& s : r.matrix) {
      text += "  " + notation(s.labels);
      size_t k = 0;
      for (int64_t t = start; t <= end; t += step) {
        if (k < s.points.size() && s.points[k].t == t) {
          text += " " + notation(s.points[k].f, s.points[k].h);
          ++k;
        } else {
          text += " _";
        }
      }
      text += "\n";
    }
  } else if (r.type == promql::ValueType::Scalar) {
    text += "  " + notation(r.scalar) + "\n";
  } else {
    for (const eval::InstantSample& s : r.vector) {
      text += "  " + notation(s.labels) + " " + notation(s.f, s.h) + "\n";
    }
  }
  return text;
}

}  // namespace mzr::testing::promqltest
