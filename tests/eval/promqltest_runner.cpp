#include "tests/eval/promqltest_runner.h"

#include <re2/re2.h>

#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>

#include "compiler/base/duration.h"
#include "compiler/base/go_quote.h"
#include "compiler/base/source.h"
#include "compiler/eval/engine.h"
#include "compiler/eval/format.h"
#include "compiler/frontend/promql.h"
#include "compiler/promql/functions.h"
#include "compiler/ruletest/series_input.h"
#include "compiler/syntax/series_notation.h"

namespace mzr::testing {

namespace {

using eval::Labels;
using syntax::SeriesDescription;
using syntax::SeriesValue;

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

struct AnnotationExpectation {
  bool any = false;
  bool none = false;
  std::vector<std::pair<bool, std::string>> patterns;  // (regex, text)
};

struct EvalCommand {
  int line = 0;
  std::string query;
  bool range = false;
  int64_t at = 0, start = 0, end = 0, step = 0;
  bool fail = false;
  std::optional<std::pair<bool, std::string>> fail_pattern;
  bool ordered = false;
  AnnotationExpectation warn, info;
  std::optional<std::string> string;
  bool range_vector = false;
  int64_t rv_start = 0, rv_end = 0, rv_step = 0;
  std::optional<double> scalar;
  std::vector<SeriesDescription> series;
};

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

class Runner {
 public:
  explicit Runner(const RunnerOptions& options) : options_(options) {}
  ScriptReport run(std::string_view script);

 private:
  void load(const std::vector<std::pair<int, std::string_view>>& lines, int64_t interval,
            bool nhcb);
  std::optional<std::string> run_eval(const EvalCommand& cmd);
  std::optional<std::string> check_instant(const EvalCommand& cmd, const eval::Outcome& out);
  std::optional<std::string> check_vector(const EvalCommand& cmd,
                                          const std::vector<eval::InstantSample>& got);
  std::optional<std::string> check_matrix(const std::vector<SeriesDescription>& want,
                                          const std::vector<eval::SeriesPoints>& got, int64_t start,
                                          int64_t step);
  std::optional<std::string> check_annotations(const EvalCommand& cmd, const eval::Outcome& out);

  RunnerOptions options_;
  bool recording_skipped_ = false;
  eval::Store store_;
  bool histograms_ = false;
};

// load_with_nhcb: classic histograms (`_bucket` with `le`, `_count`, `_sum`) are also stored as
// native histograms with custom buckets, named without the suffix.
struct ClassicHistogram {
  std::map<double, std::vector<const SeriesValue*>> buckets;  // le → value per step
  std::vector<const SeriesValue*> count, sum;
};

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

void Runner::load(const std::vector<std::pair<int, std::string_view>>& lines, int64_t interval,
                  bool nhcb) {
  std::vector<SeriesDescription> descs;
  for (const auto& [line, text] : lines) {
    std::string_view metric = text.substr(0, text.find_first_of(" \t"));
    if (metric.size() >= 3 && metric.substr(metric.size() - 3) == "@st") continue;
    auto desc = syntax::parse_series_description(text);
    if (!desc) continue;
    if (nhcb) descs.push_back(*desc);
    Labels ls = ruletest::series_labels(desc->labels);
    eval::Histogram prev;  // the last histogram value, for the next step of its item
    for (size_t i = 0; i < desc->values.size(); ++i) {
      const SeriesValue& v = desc->values[i];
      int64_t t = static_cast<int64_t>(i) * interval;
      switch (v.kind) {
        case SeriesValue::Kind::Omitted: break;
        case SeriesValue::Kind::Stale: store_.add(ls, t, eval::stale_nan()); break;
        case SeriesValue::Kind::Float: store_.add(ls, t, v.value); break;
        case SeriesValue::Kind::Histogram:
          histograms_ = true;
          bool next = i > 0 && ruletest::continues_item(desc->values[i - 1], v);
          prev = ruletest::series_histogram(v, next ? &prev : nullptr);
          store_.add_histogram(ls, t, prev);
          break;
      }
    }
  }
  if (nhcb) add_nhcb(store_, descs, interval);
}

std::optional<std::string> Runner::check_annotations(const EvalCommand& cmd,
                                                     const eval::Outcome& out) {
  for (bool warning : {true, false}) {
    const AnnotationExpectation& e = warning ? cmd.warn : cmd.info;
    std::vector<const eval::Annotation*> got;
    for (const eval::Annotation& a : out.annotations) {
      if (a.warning == warning) got.push_back(&a);
    }
    const char* kind = warning ? "warning" : "info";
    if (e.none && !got.empty()) {
      return std::string("unexpected ") + kind + ": " + got[0]->message;
    }
    if (e.any && got.empty()) return std::string("expected a ") + kind + " annotation, got none";
    if (!e.patterns.empty()) {
      for (const eval::Annotation* a : got) {
        bool matched = false;
        for (const auto& [regex, text] : e.patterns) {
          matched |=
              regex ? re2::RE2::PartialMatch(a->message, re2::RE2(text)) : a->message == text;
        }
        if (!matched) return std::string("unexpected ") + kind + ": " + a->message;
      }
      for (const auto& [regex, text] : e.patterns) {
        bool found = false;
        for (const eval::Annotation* a : got) {
          found |= regex ? re2::RE2::PartialMatch(a->message, re2::RE2(text)) : a->message == text;
        }
        if (!found) return std::string("expected ") + kind + " not returned: " + text;
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> Runner::check_vector(const EvalCommand& cmd,
                                                const std::vector<eval::InstantSample>& got) {
  if (got.size() != cmd.series.size()) {
    std::string msg = "expected " + std::to_string(cmd.series.size()) + " series, got " +
                      std::to_string(got.size()) + ":";
    for (const auto& s : got) msg += " " + eval::to_string(s.labels) + " " + show(s.f, s.h);
    return msg;
  }
  for (size_t i = 0; i < got.size(); ++i) {
    const eval::InstantSample& s = got[i];
    const SeriesDescription* want = nullptr;
    if (cmd.ordered) {
      if (ruletest::series_labels(cmd.series[i].labels) != s.labels) {
        return "series " + std::to_string(i) + " should be " +
               eval::to_string(ruletest::series_labels(cmd.series[i].labels)) + ", got " +
               eval::to_string(s.labels);
      }
      want = &cmd.series[i];
    } else {
      for (const auto& d : cmd.series) {
        if (ruletest::series_labels(d.labels) == s.labels) want = &d;
      }
    }
    if (want == nullptr) return "unexpected series " + eval::to_string(s.labels);
    if (want->values.size() != 1) return "expected series with more than one value";
    const SeriesValue& v = want->values[0];
    if (!value_matches(v, s.f, s.h,
                       v.kind == SeriesValue::Kind::Histogram ? &v.histogram : nullptr)) {
      return "for " + eval::to_string(s.labels) + " got " + show(s.f, s.h);
    }
  }
  return std::nullopt;
}

std::optional<std::string> Runner::check_matrix(const std::vector<SeriesDescription>& want,
                                                const std::vector<eval::SeriesPoints>& got,
                                                int64_t start, int64_t step) {
  size_t expected_series = 0;
  for (const auto& d : want) {
    bool any = false;
    for (const auto& v : d.values) any |= v.kind != SeriesValue::Kind::Omitted;
    expected_series += any ? 1 : 0;
  }
  if (got.size() != expected_series) {
    std::string msg = "expected " + std::to_string(expected_series) + " series, got " +
                      std::to_string(got.size()) + ":";
    for (const auto& s : got) msg += " " + eval::to_string(s.labels);
    return msg;
  }
  for (const eval::SeriesPoints& s : got) {
    const SeriesDescription* d = nullptr;
    for (const auto& w : want) {
      if (ruletest::series_labels(w.labels) == s.labels) d = &w;
    }
    if (d == nullptr) return "unexpected series " + eval::to_string(s.labels);
    size_t k = 0;
    for (size_t i = 0; i < d->values.size(); ++i) {
      const SeriesValue& v = d->values[i];
      if (v.kind == SeriesValue::Kind::Omitted) continue;
      int64_t t = start + static_cast<int64_t>(i) * step;
      if (k >= s.points.size() || s.points[k].t != t) {
        return "for " + eval::to_string(s.labels) + " no point at " + std::to_string(t) + "ms";
      }
      const eval::Point& p = s.points[k++];
      if (!value_matches(v, p.f, p.h,
                         v.kind == SeriesValue::Kind::Histogram ? &v.histogram : nullptr)) {
        return "for " + eval::to_string(s.labels) + " at " + std::to_string(t) + "ms got " +
               show(p.f, p.h);
      }
    }
    if (k != s.points.size()) {
      return "for " + eval::to_string(s.labels) + " unexpected point at " +
             std::to_string(s.points[k].t) + "ms";
    }
  }
  return std::nullopt;
}

std::optional<std::string> Runner::check_instant(const EvalCommand& cmd, const eval::Outcome& out) {
  const eval::Result& r = out.result;
  if (cmd.string) {
    if (r.type != promql::ValueType::String) return "expected a string result";
    if (r.string != *cmd.string) return "expected string " + *cmd.string + ", got " + r.string;
    return std::nullopt;
  }
  if (cmd.range_vector) {
    if (r.type != promql::ValueType::Matrix) return "expected a range vector result";
    return check_matrix(cmd.series, r.matrix, cmd.rv_start, cmd.rv_step);
  }
  if (cmd.scalar) {
    if (r.type != promql::ValueType::Scalar) return "expected a scalar result";
    if (!almost_equal(*cmd.scalar, r.scalar)) {
      return "expected scalar " + eval::format_value(*cmd.scalar) + ", got " +
             eval::format_value(r.scalar);
    }
    return std::nullopt;
  }
  if (r.type == promql::ValueType::Scalar) {
    return "got scalar " + eval::format_value(r.scalar) + ", expected a vector";
  }
  if (r.type != promql::ValueType::Vector) return "expected an instant vector result";
  return check_vector(cmd, r.vector);
}

bool uses_time_functions(const promql::Expr* e) {
  bool found = false;
  std::vector<const promql::Expr*> stack{e};
  while (!stack.empty() && !found) {
    const promql::Expr* x = stack.back();
    stack.pop_back();
    if (x == nullptr) continue;
    using namespace promql;
    switch (x->kind) {
      case ExprKind::Call: {
        const auto* c = static_cast<const Call*>(x);
        for (std::string_view n : {"step", "range", "start", "end"}) found |= c->func->name == n;
        for (const Expr* a : c->args) stack.push_back(a);
        break;
      }
      case ExprKind::Duration: {
        const auto* d = static_cast<const DurationExpr*>(x);
        found |= d->op == DurationOp::Step || d->op == DurationOp::Range;
        stack.push_back(d->lhs);
        stack.push_back(d->rhs);
        break;
      }
      case ExprKind::MatrixSelector: {
        const auto* m = static_cast<const MatrixSelector*>(x);
        stack.push_back(m->selector);
        stack.push_back(m->range);
        break;
      }
      case ExprKind::VectorSelector: {
        const auto* v = static_cast<const VectorSelector*>(x);
        found |= v->modifiers.at == AtKind::Start || v->modifiers.at == AtKind::End;
        stack.push_back(v->modifiers.offset);
        break;
      }
      case ExprKind::Subquery: {
        const auto* s = static_cast<const SubqueryExpr*>(x);
        found |= s->modifiers.at == AtKind::Start || s->modifiers.at == AtKind::End;
        stack.push_back(s->expr);
        stack.push_back(s->range);
        stack.push_back(s->step);
        stack.push_back(s->modifiers.offset);
        break;
      }
      case ExprKind::Paren: stack.push_back(static_cast<const ParenExpr*>(x)->expr); break;
      case ExprKind::Unary: stack.push_back(static_cast<const UnaryExpr*>(x)->expr); break;
      case ExprKind::Binary:
        stack.push_back(static_cast<const BinaryExpr*>(x)->lhs);
        stack.push_back(static_cast<const BinaryExpr*>(x)->rhs);
        break;
      case ExprKind::Aggregate:
        stack.push_back(static_cast<const AggregateExpr*>(x)->expr);
        stack.push_back(static_cast<const AggregateExpr*>(x)->param);
        break;
      default: break;
    }
  }
  return found;
}

// Functions whose result depends on the evaluation time: the harness does not move such queries
// to other times (Prometheus' AtModifierUnsafeFunctions, and start/end/range/step).
bool uses_unsafe_functions(const promql::Expr* e) {
  if (uses_time_functions(e)) return true;
  bool found = false;
  std::vector<const promql::Expr*> stack{e};
  while (!stack.empty() && !found) {
    const promql::Expr* x = stack.back();
    stack.pop_back();
    if (x == nullptr) continue;
    using namespace promql;
    if (const auto* c = as<Call>(x)) {
      for (std::string_view n :
           {"time", "timestamp", "hour", "minute", "month", "year", "day_of_month", "day_of_week",
            "day_of_year", "days_in_month", "predict_linear"}) {
        found |= c->func->name == n;
      }
      for (const Expr* a : c->args) stack.push_back(a);
    } else if (const auto* b = as<BinaryExpr>(x)) {
      stack.push_back(b->lhs);
      stack.push_back(b->rhs);
    } else if (const auto* a = as<AggregateExpr>(x)) {
      stack.push_back(a->expr);
      stack.push_back(a->param);
    } else if (const auto* u = as<UnaryExpr>(x)) {
      stack.push_back(u->expr);
    } else if (const auto* p = as<ParenExpr>(x)) {
      stack.push_back(p->expr);
    } else if (const auto* q = as<SubqueryExpr>(x)) {
      stack.push_back(q->expr);
    }
  }
  return found;
}

// The harness's rewrite: `@ t` on every selector and subquery that has none (not inside one
// that has one).
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

std::optional<std::string> Runner::run_eval(const EvalCommand& cmd) {
  SourceManager sources;
  SourceId id = sources.add("query", cmd.query);
  Diagnostics diags;
  promql::Options popts;
  popts.features = {std::string(promql::kFeatureDurationExpr),
                    std::string(promql::kFeatureExperimentalFunctions),
                    std::string(promql::kFeatureExtendedRangeSelectors),
                    std::string(promql::kFeatureBinopFillModifiers)};
  promql::ParseResult parsed =
      promql::parse_expr(EmbeddedText::verbatim(cmd.query, id, 0), popts, diags);
  eval::QueryOptions qopts;
  qopts.max_samples = options_.max_samples;
  qopts.delayed_name_removal = true;
  auto fail_check = [&](const std::string& message) -> std::optional<std::string> {
    if (!cmd.fail) return "unexpected error: " + message;
    if (cmd.fail_pattern) {
      const auto& [regex, text] = *cmd.fail_pattern;
      bool ok = regex ? re2::RE2::PartialMatch(message, re2::RE2(text)) : message == text;
      if (!ok) return "error \"" + message + "\" does not match \"" + text + "\"";
    }
    return std::nullopt;
  };
  if (!parsed.ok) {
    std::string message = "parse error";
    for (const Diagnostic& d : diags.all()) {
      if (d.severity == Severity::Error) {
        message = d.message;
        break;
      }
    }
    if (options_.record != nullptr) *options_.record += "  expect fail\n";
    return fail_check(message);
  }
  eval::Outcome out;
  if (cmd.range) {
    out = eval::range_query(store_, parsed.root, cmd.start, cmd.end, cmd.step, qopts);
  } else {
    out = eval::instant_query(store_, parsed.root, cmd.at, qopts);
  }
  if (options_.record != nullptr) {
    // The harness also runs an instant query as a range query around its time; when that fails
    // (an error at a neighbouring step), no expectation of the instant result holds there.
    bool skip = false;
    if (!cmd.range && out.ok && !uses_time_functions(parsed.root)) {
      eval::Outcome ranged =
          eval::range_query(store_, parsed.root, cmd.at - 60000, cmd.at + 60000, 60000, qopts);
      skip = !ranged.ok;
      // Prometheus renames a series of a range query as a whole (delayed __name__ removal), so
      // its middle step can differ from the instant result: no expectation holds for both.
      if (!skip && out.result.type == promql::ValueType::Vector) {
        std::map<Labels, double> instant, middle;
        for (const auto& e : out.result.vector) instant[e.labels] = e.f;
        for (const auto& series : ranged.result.matrix) {
          for (const auto& p : series.points) {
            if (p.t == cmd.at) middle[series.labels] = p.f;
          }
        }
        skip = instant.size() != middle.size();
        for (const auto& [labels, f] : instant) {
          auto it = middle.find(labels);
          skip = skip || it == middle.end() || !almost_equal(it->second, f);
        }
      }
    }
    if (skip) {
      *options_.record += "  expect fail\n";  // marks the eval; the caller drops it
      recording_skipped_ = true;
    } else {
      *options_.record += record_eval(out, cmd.range, cmd.start, cmd.end, cmd.step);
    }
  }
  if (!out.ok) return fail_check(out.error);
  if (cmd.fail) return "expected an error, the query succeeded";
  if (auto a = check_annotations(cmd, out)) return a;
  if (cmd.range) return check_matrix(cmd.series, out.result.matrix, cmd.start, cmd.step);
  if (auto e = check_instant(cmd, out)) return e;
  if (!options_.range_check || cmd.string || cmd.range_vector || uses_time_functions(parsed.root)) {
    return std::nullopt;
  }
  if (out.result.type != promql::ValueType::Vector &&
      out.result.type != promql::ValueType::Scalar) {
    return std::nullopt;
  }
  eval::Outcome ranged =
      eval::range_query(store_, parsed.root, cmd.at - 60000, cmd.at + 60000, 60000, qopts);
  if (!ranged.ok) return "as a range query: " + ranged.error;
  if (out.result.type == promql::ValueType::Scalar) {
    for (const auto& s : ranged.result.matrix) {
      for (const auto& p : s.points) {
        if (p.t == cmd.at && !almost_equal(p.f, out.result.scalar)) {
          return "as a range query: scalar " + eval::format_value(p.f);
        }
      }
    }
    return std::nullopt;
  }
  std::vector<eval::InstantSample> middle;
  for (const auto& s : ranged.result.matrix) {
    for (const auto& p : s.points) {
      if (p.t == cmd.at) middle.push_back(eval::InstantSample{s.labels, p.f, p.h});
    }
  }
  EvalCommand unordered = cmd;
  unordered.ordered = false;
  if (auto e = check_vector(unordered, middle)) return "as a range query: " + *e;
  if (uses_unsafe_functions(parsed.root)) return std::nullopt;
  // The same query with `@ <time>` fixed, at other evaluation times (the harness's check that
  // the @ modifier makes a query independent of when it runs).
  fix_at(const_cast<promql::Expr*>(parsed.root), static_cast<double>(cmd.at) / 1000.0);
  std::vector<int64_t> times = {-10 * cmd.at, 0, cmd.at / 5, cmd.at, 10 * cmd.at};
  if (cmd.at == 0) times = {-1000, 0, 1000};
  for (int64_t t : times) {
    eval::Outcome moved = eval::instant_query(store_, parsed.root, t, qopts);
    if (!moved.ok) return "with @ at " + std::to_string(t) + "ms: " + moved.error;
    if (auto e = check_instant(cmd, moved)) return "with @ at " + std::to_string(t) + "ms: " + *e;
  }
  return std::nullopt;
}

}  // namespace

ScriptReport Runner::run(std::string_view script) {
  ScriptReport report;
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos <= script.size();) {
    size_t nl = script.find('\n', pos);
    if (nl == std::string_view::npos) nl = script.size();
    lines.push_back(script.substr(pos, nl - pos));
    pos = nl + 1;
  }
  auto blank = [&](size_t i) {
    std::string_view t = trim(lines[i]);
    return t.empty() || t[0] == '#';
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    if (blank(i)) continue;
    std::string_view head = trim(lines[i]);
    int line = static_cast<int>(i + 1);
    std::string_view rest = head;
    std::string_view cmd = word(rest);
    size_t record_mark = options_.record != nullptr ? options_.record->size() : 0;
    if (options_.record != nullptr) *options_.record += std::string(head) + "\n";
    if (cmd == "clear") {  // a command of one line
      store_.clear();
      histograms_ = false;
      continue;
    }
    size_t j = i + 1;
    std::vector<std::pair<int, std::string_view>> body;
    while (j < lines.size() && !blank(j)) {
      body.emplace_back(static_cast<int>(j + 1), trim(lines[j]));
      ++j;
    }
    i = j - 1;
    if (cmd == "load" || cmd == "load_with_nhcb") {
      auto interval = parse_time(word(rest));
      if (!interval) {
        report.fatal = "line " + std::to_string(line) + ": bad load interval";
        return report;
      }
      if (options_.record != nullptr) {
        for (const auto& b : body) *options_.record += "  " + std::string(b.second) + "\n";
        *options_.record += "\n";
      }
      load(body, *interval, cmd == "load_with_nhcb");
      if (cmd == "load_with_nhcb") histograms_ = true;
      continue;
    }
    if (!starts_with(cmd, "eval")) {
      report.fatal = "line " + std::to_string(line) + ": unknown command " + std::string(cmd);
      return report;
    }
    EvalCommand ev;
    ev.line = line;
    if (cmd == "eval_fail") ev.fail = true;
    if (cmd == "eval_warn") ev.warn.any = true;
    if (cmd == "eval_info") ev.info.any = true;
    if (cmd == "eval_ordered") ev.ordered = true;
    std::string_view kind = word(rest);
    bool ok = true;
    if (kind == "instant") {
      ok = word(rest) == "at";
      auto at = parse_time(word(rest));
      ok = ok && at.has_value();
      ev.at = at.value_or(0);
    } else if (kind == "range") {
      ok = word(rest) == "from";
      auto s = parse_time(word(rest));
      ok = ok && word(rest) == "to";
      auto e = parse_time(word(rest));
      ok = ok && word(rest) == "step";
      auto st = parse_time(word(rest));
      ok = ok && s && e && st;
      ev.range = true;
      ev.start = s.value_or(0);
      ev.end = e.value_or(0);
      ev.step = st.value_or(1);
    } else {
      ok = false;
    }
    ev.query = std::string(rest);
    bool float_only = !histograms_;
    for (const auto& [bline, text] : body) {
      std::string_view b = text;
      if (starts_with(b, "expected_fail_message")) {
        b.remove_prefix(21);
        ev.fail_pattern = {false, std::string(trim(b))};
        continue;
      }
      if (starts_with(b, "expected_fail_regexp")) {
        b.remove_prefix(20);
        ev.fail_pattern = {true, std::string(trim(b))};
        continue;
      }
      if (starts_with(b, "expect ")) {
        b.remove_prefix(7);
        std::string_view what = word(b);
        std::optional<std::pair<bool, std::string>> pattern;
        if (starts_with(b, "msg:")) pattern = {false, std::string(trim(b.substr(4)))};
        if (starts_with(b, "regex:")) pattern = {true, std::string(trim(b.substr(6)))};
        if (what == "fail") {
          if (!ev.fail) ev.fail_pattern = pattern;
          ev.fail = true;
        } else if (what == "warn" || what == "info") {
          AnnotationExpectation& a = what == "warn" ? ev.warn : ev.info;
          a.any = true;
          if (pattern) a.patterns.push_back(*pattern);
        } else if (what == "no_warn") {
          ev.warn.none = true;
        } else if (what == "no_info") {
          ev.info.none = true;
        } else if (what == "ordered") {
          ev.ordered = true;
        } else if (what == "string") {
          std::string_view s = trim(b);
          if (s.size() >= 2) s = s.substr(1, s.size() - 2);
          ev.string = std::string(s);
        } else if (what == "range") {
          ev.range_vector = true;
          std::string_view r = b;
          word(r);  // vector
          word(r);  // from
          ev.rv_start = parse_time(word(r)).value_or(0);
          word(r);  // to
          ev.rv_end = parse_time(word(r)).value_or(0);
          word(r);  // step
          ev.rv_step = parse_time(word(r)).value_or(1);
        } else {
          ok = false;
        }
        continue;
      }
      if (auto n = parse_number(b)) {
        ev.scalar = *n;
        continue;
      }
      auto desc = syntax::parse_series_description(b);
      if (!desc) {
        ok = false;
        continue;
      }
      for (const auto& v : desc->values) float_only &= v.kind != SeriesValue::Kind::Histogram;
      ev.series.push_back(std::move(*desc));
    }
    ++report.evals;
    if (float_only) ++report.float_evals;
    std::optional<std::string> problem =
        ok ? run_eval(ev) : std::optional<std::string>("the runner could not read this eval");
    if (options_.record != nullptr) {
      if (recording_skipped_) {
        options_.record->resize(record_mark);
        *options_.record +=
            "# not compared (its range variant fails or differs): " + std::string(head);
        recording_skipped_ = false;
      }
      *options_.record += "\n";
    }
    if (!problem) {
      ++report.passed;
      if (float_only) ++report.float_passed;
    } else {
      report.failures.push_back(EvalFailure{line, *problem, float_only});
    }
  }
  return report;
}

ScriptReport run_promqltest(std::string_view script, const RunnerOptions& options) {
  Runner runner(options);
  return runner.run(script);
}

}  // namespace mzr::testing
