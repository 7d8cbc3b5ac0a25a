// `mzrules query`: evaluates a PromQL expression against series from a file, at one time or over
// a range, and prints the result as `promtool query instant|range` does, or as the `data` object
// of Prometheus' HTTP API (--format=json).

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "compiler/base/duration.h"
#include "compiler/base/go_quote.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/eval/engine.h"
#include "compiler/eval/format.h"
#include "compiler/frontend/promql.h"
#include "compiler/ruletest/series_input.h"
#include "compiler/syntax/series_notation.h"

namespace mzr::driver {
namespace {

constexpr int64_t kMaxPoints = 11000;  // Prometheus' limit of points per series in a range query

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<double> parse_double(std::string_view s) {
  double v = 0;
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// Days since the epoch of a civil date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// RFC 3339 ("2024-01-02T03:04:05Z", "…05.123+02:00") in milliseconds since the epoch.
std::optional<int64_t> parse_rfc3339(std::string_view s) {
  auto num = [&](size_t at, size_t n) -> std::optional<int> {
    if (at + n > s.size()) return std::nullopt;
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2),
       se = num(17, 2);
  if (!y || !mo || !d || !h || !mi || !se || s.size() < 20 || s[4] != '-' || s[7] != '-' ||
      (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 || *mi > 59 || *se > 60) {
    return std::nullopt;
  }
  size_t i = 19;
  int64_t ms = 0;
  if (i < s.size() && s[i] == '.') {
    size_t digits = 0;
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (digits < 3) ms = ms * 10 + (s[i] - '0');
      ++digits;
      ++i;
    }
    if (digits == 0) return std::nullopt;
    for (size_t k = digits; k < 3; ++k) ms *= 10;
  }
  int64_t offset = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    auto oh = num(i + 1, 2), om = num(i + 4, 2);
    if (!oh || !om || i + 3 >= s.size() || s[i + 3] != ':') return std::nullopt;
    offset = (*oh * 60 + *om) * 60 * (s[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  int64_t days = days_from_civil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d));
  int64_t secs = days * 86400 + *h * 3600 + *mi * 60 + *se - offset;
  return secs * 1000 + ms;
}

// A time as promtool takes it (RFC 3339 or Unix seconds), or a duration after the epoch ("10m"),
// the times of promqltest scripts.
std::optional<int64_t> parse_time(const std::string& s) {
  if (auto v = parse_double(s); v && std::isfinite(*v)) {
    return static_cast<int64_t>(std::llround(*v * 1000));
  }
  if (auto t = parse_rfc3339(s)) return t;
  if (auto d = parse_duration(s)) return d->ms;
  return std::nullopt;
}

struct SeriesFile {
  eval::Store store;
  int64_t last_t = 0;
  bool any = false;
};

void add_sample(SeriesFile& f, const eval::Labels& ls, int64_t t, double v) {
  f.store.add(ls, t, v);
  f.last_t = f.any ? std::max(f.last_t, t) : t;
  f.any = true;
}

eval::Labels to_labels(const std::map<std::string, std::string>& m) {
  eval::Labels out;
  for (const auto& [k, v] : m) out.push_back(eval::Label{k, v});
  eval::normalize(out);
  return out;
}

// promqltest's `load <interval>` blocks; every line of the file is either blank, a comment, a
// `load` header or a series description.
void read_load_notation(const std::string& text, SourceId id, SeriesFile& out, Diagnostics& diags) {
  int64_t interval = 0;  // 0 until a valid `load` line
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    std::string_view body = trim(line);
    auto begin = static_cast<uint32_t>(pos + (body.empty() ? 0 : body.data() - line.data()));
    pos = nl + 1;
    if (body.empty() || body[0] == '#') continue;
    if (body.substr(0, 5) == "load ") {
      std::string_view arg = trim(body.substr(5));
      auto d = parse_duration(arg);
      if (!d || d->ms <= 0) {
        diags.report(DiagKind::EvalSeriesNotation,
                     Span{id, begin + 5, begin + static_cast<uint32_t>(body.size())},
                     fmt::format("the interval of a load block must be a positive duration, "
                                 "not '{}'",
                                 arg));
        interval = 0;
      } else {
        interval = d->ms;
      }
      continue;
    }
    if (interval <= 0) {
      diags.report(DiagKind::EvalSeriesNotation,
                   Span{id, begin, begin + static_cast<uint32_t>(body.size())},
                   "a series line must follow a 'load <interval>' line");
      continue;
    }
    syntax::SeriesError error;
    auto desc = syntax::parse_series_description(body, &error);
    if (!desc) {
      uint32_t at = begin + error.offset;
      diags.report(DiagKind::EvalSeriesNotation, Span{id, at, at + 1},
                   "malformed series: " + error.message);
      continue;
    }
    eval::Labels ls = to_labels(desc->labels);
    eval::Histogram prev;  // the last histogram value, for the next step of its item
    for (size_t i = 0; i < desc->values.size(); ++i) {
      const syntax::SeriesValue& v = desc->values[i];
      int64_t t = static_cast<int64_t>(i) * interval;
      using Kind = syntax::SeriesValue::Kind;
      if (v.kind == Kind::Float) add_sample(out, ls, t, v.value);
      if (v.kind == Kind::Stale) add_sample(out, ls, t, eval::stale_nan());
      if (v.kind == Kind::Histogram) {
        bool next = i > 0 && ruletest::continues_item(desc->values[i - 1], v);
        prev = ruletest::series_histogram(v, next ? &prev : nullptr);
        out.store.add_histogram(ls, t, prev);
        out.last_t = std::max(out.last_t, t);
        out.any = true;
      }
    }
  }
}

// OpenMetrics (or Prometheus text) exposition: `name{labels} value [timestamp]` lines; comments
// and `# EOF` are skipped. A timestamp is in seconds; without one the sample is at 0.
void read_openmetrics(const std::string& text, SourceId id, SeriesFile& out, Diagnostics& diags) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    std::string_view body = trim(line);
    auto begin = static_cast<uint32_t>(pos + (body.empty() ? 0 : body.data() - line.data()));
    pos = nl + 1;
    if (body.empty() || body[0] == '#') continue;
    size_t end_of_metric = body.find('}');
    end_of_metric =
        end_of_metric == std::string_view::npos ? body.find_first_of(" \t") : end_of_metric + 1;
    if (end_of_metric == std::string_view::npos) end_of_metric = body.size();
    std::string_view metric = body.substr(0, end_of_metric);
    std::string_view rest = trim(body.substr(end_of_metric));
    std::string_view value = rest.substr(0, rest.find_first_of(" \t"));
    std::string_view stamp =
        value.size() < rest.size() ? trim(rest.substr(value.size())) : std::string_view();
    auto desc = syntax::parse_series_description(metric);
    std::optional<double> v;
    if (value == "+Inf" || value == "Inf") v = INFINITY;
    if (value == "-Inf") v = -INFINITY;
    if (value == "NaN") v = NAN;
    if (!v) v = parse_double(value);
    std::optional<double> ts = stamp.empty() ? std::optional<double>(0) : parse_double(stamp);
    if (!desc || !desc->values.empty() || !v || !ts) {
      uint32_t at = begin;
      std::string what = "malformed sample line: expected 'metric{labels} value [timestamp]'";
      if (desc && desc->values.empty() && !v) {
        at = begin + static_cast<uint32_t>(value.data() - body.data());
        what = fmt::format("malformed sample value '{}'", value);
      } else if (desc && v && !ts) {
        at = begin + static_cast<uint32_t>(stamp.data() - body.data());
        what = fmt::format("malformed timestamp '{}'", stamp);
      }
      diags.report(DiagKind::EvalSeriesNotation, Span{id, at, at + 1}, what);
      continue;
    }
    add_sample(out, to_labels(desc->labels), static_cast<int64_t>(std::llround(*ts * 1000)), *v);
  }
}

bool is_load_notation(const std::string& text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view body = trim(std::string_view(text.data() + pos, nl - pos));
    pos = nl + 1;
    if (body.empty() || body[0] == '#') continue;
    return body.substr(0, 5) == "load ";
  }
  return true;
}

// Prometheus' JSON timestamps: seconds with the milliseconds as up to three digits.
std::string json_time(int64_t t) {
  std::string out = t < 0 ? "-" : "";
  uint64_t a = t < 0 ? static_cast<uint64_t>(-(t + 1)) + 1 : static_cast<uint64_t>(t);
  out += std::to_string(a / 1000);
  if (uint64_t frac = a % 1000; frac != 0) out += fmt::format(".{:03}", frac);
  return out;
}

// model.Time's text: seconds as Go's 'f', -1.
std::string text_time(int64_t t) {
  return eval::format_value(static_cast<double>(t) / 1000.0);
}

// model.Metric's text: name{a="b", c="d"}, sorted; the name alone without other labels.
std::string metric_text(const eval::Labels& ls) {
  std::string name(eval::get(ls, eval::kMetricName));
  std::string inner;
  for (const eval::Label& l : ls) {
    if (l.name == eval::kMetricName) continue;
    if (!inner.empty()) inner += ", ";
    inner += l.name + "=" + go_quote(l.value);
  }
  if (inner.empty()) return name.empty() ? "{}" : name;
  return name + "{" + inner + "}";
}

std::string json_string(std::string_view s) {
  return nlohmann::json(std::string(s)).dump();
}

std::string json_metric(const eval::Labels& ls) {
  std::string out = "{";
  for (size_t i = 0; i < ls.size(); ++i) {
    if (i > 0) out += ",";
    out += json_string(ls[i].name) + ":" + json_string(ls[i].value);
  }
  return out + "}";
}

// The API's histogram: count, sum and the non-empty buckets as [boundary rule, lower, upper,
// count], the rule 0 for (lower, upper], 1 for [lower, upper), 3 for [lower, upper].
std::string json_histogram(const eval::Histogram& h) {
  std::string buckets;
  for (const eval::BucketBounds& b : eval::buckets(h)) {
    if (b.count == 0) continue;
    int rule = b.lower_inclusive ? (b.upper_inclusive ? 3 : 1) : (b.upper_inclusive ? 0 : 2);
    if (!buckets.empty()) buckets += ",";
    buckets += fmt::format("[{},\"{}\",\"{}\",\"{}\"]", rule, eval::format_value(b.lower),
                           eval::format_value(b.upper), eval::format_value(b.count));
  }
  return fmt::format("{{\"count\":\"{}\",\"sum\":\"{}\",\"buckets\":[{}]}}",
                     eval::format_value(h.count), eval::format_value(h.sum), buckets);
}

std::string json_point(const eval::Point& p) {
  return "[" + json_time(p.t) + "," +
         (p.h != nullptr ? json_histogram(*p.h) : json_string(eval::format_value(p.f))) + "]";
}

void print_json(const eval::Result& r, int64_t t, bool range, Environment& env) {
  using promql::ValueType;
  std::string out;
  if (r.type == ValueType::Scalar) {
    out = "{\"resultType\":\"scalar\",\"result\":[" + json_time(t) + "," +
          json_string(eval::format_value(r.scalar)) + "]}";
  } else if (r.type == ValueType::String) {
    out = "{\"resultType\":\"string\",\"result\":[" + json_time(t) + "," + json_string(r.string) +
          "]}";
  } else if (r.type == ValueType::Vector) {
    out = "{\"resultType\":\"vector\",\"result\":[";
    for (size_t i = 0; i < r.vector.size(); ++i) {
      const eval::InstantSample& s = r.vector[i];
      if (i > 0) out += ",";
      out += "{\"metric\":" + json_metric(s.labels) + "," +
             (s.h != nullptr ? "\"histogram\":" : "\"value\":") +
             json_point(eval::Point{t, s.f, s.h}) + "}";
    }
    out += "]}";
  } else {
    out = "{\"resultType\":\"matrix\",\"result\":[";
    for (size_t i = 0; i < r.matrix.size(); ++i) {
      const eval::SeriesPoints& s = r.matrix[i];
      if (i > 0) out += ",";
      std::string floats, hists;
      for (const eval::Point& p : s.points) {
        std::string& into = p.h != nullptr ? hists : floats;
        if (!into.empty()) into += ",";
        into += json_point(p);
      }
      out += "{\"metric\":" + json_metric(s.labels);
      if (!floats.empty() || hists.empty()) out += ",\"values\":[" + floats + "]";
      if (!hists.empty()) out += ",\"histograms\":[" + hists + "]";
      out += "}";
    }
    out += "]}";
  }
  (void)range;
  env.out << out << "\n";
}

std::string text_value(const eval::Point& p) {
  return p.h != nullptr ? eval::prometheus_string(*p.h) : eval::format_value(p.f);
}

void print_text(const eval::Result& r, int64_t t, Environment& env) {
  using promql::ValueType;
  if (r.type == ValueType::Scalar) {
    env.out << "scalar: " << eval::format_value(r.scalar) << " @[" << text_time(t) << "]\n";
  } else if (r.type == ValueType::String) {
    env.out << r.string << " @[" << text_time(t) << "]\n";
  } else if (r.type == ValueType::Vector) {
    for (const eval::InstantSample& s : r.vector) {
      env.out << metric_text(s.labels) << " => " << text_value(eval::Point{t, s.f, s.h}) << " @["
              << text_time(t) << "]\n";
    }
  } else {
    for (const eval::SeriesPoints& s : r.matrix) {
      env.out << metric_text(s.labels) << " =>\n";
      for (const eval::Point& p : s.points) {
        env.out << text_value(p) << " @[" << text_time(p.t) << "]\n";
      }
    }
  }
}

}  // namespace

int run_query(const std::vector<std::string>& args, Environment& env) {
  CLI::App app(
      "Evaluate a PromQL expression against series from a file, at one time (--time) or over a "
      "range (--start, --end, --step), with Prometheus 3's engine semantics.",
      "query");
  OutputOptions output;
  app.add_option("--color", output.color, "colour in human output: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  std::string format = "text";
  app.add_option("--format", format,
                 "result format: text (as promtool query prints) or json (the 'data' object of "
                 "Prometheus' HTTP API)")
      ->check(CLI::IsMember({"text", "json"}));
  std::string series_path, time_arg, start_arg, end_arg, step_arg, lookback_arg = "5m",
                                                                   timeout_arg = "2m";
  std::string features;
  size_t max_samples = 50'000'000;
  bool delayed = false;
  std::string expr;
  app.add_option("--series", series_path,
                 "series file: promqltest 'load <interval>' blocks, or OpenMetrics text");
  app.add_option("--time", time_arg,
                 "evaluation time of an instant query: RFC 3339, Unix seconds, or a duration after "
                 "the epoch (10m); default: the last sample of the series file");
  app.add_option("--start", start_arg, "start of a range query");
  app.add_option("--end", end_arg, "end of a range query");
  app.add_option("--step", step_arg, "step of a range query (a duration or seconds)");
  app.add_option("--lookback-delta", lookback_arg, "how far back a selector looks for a sample");
  app.add_option("--max-samples", max_samples,
                 "most samples a query may hold in memory (like --query.max-samples)");
  app.add_option("--timeout", timeout_arg, "longest evaluation (like --query.timeout)");
  app.add_option("--features", features,
                 "comma-separated PromQL feature gates to enable, by Prometheus' names");
  app.add_flag("--delayed-name-removal", delayed,
               "remove __name__ at the end of the evaluation (promql-delayed-name-removal)");
  app.add_option("expr", expr, "the expression")->required();
  if (int code = parse_args(app, args, env); code >= 0) return code;

  Compilation c;
  SourceId query_id = c.sources.add("<query>", expr);
  Span query_span{query_id, 0, static_cast<uint32_t>(expr.size())};
  auto bad_time = [&](std::string what) {
    c.diags.report(DiagKind::EvalBadQueryTime, query_span, std::move(what));
  };

  promql::Options popts;
  for (size_t pos = 0; pos < features.size();) {
    size_t comma = features.find(',', pos);
    if (comma == std::string::npos) comma = features.size();
    std::string name = features.substr(pos, comma - pos);
    pos = comma + 1;
    if (name.empty()) continue;
    if (!promql::is_known_feature(name)) {
      env.err << fmt::format("mzrules query: unknown feature '{}'\n", name);
      return kExitUsage;
    }
    popts.features.insert(name);
  }

  SeriesFile series;
  if (!series_path.empty()) {
    std::string text;
    FsError fs_error;
    if (!env.fs.read(series_path, text, fs_error)) {
      env.err << fmt::format("mzrules query: cannot read series file '{}'\n", series_path);
      return kExitUsage;
    }
    SourceId id = c.sources.add(series_path, text);
    if (is_load_notation(text)) {
      read_load_notation(text, id, series, c.diags);
    } else {
      read_openmetrics(text, id, series, c.diags);
    }
  }

  eval::QueryOptions qopts;
  qopts.max_samples = max_samples;
  qopts.delayed_name_removal = delayed;
  qopts.experimental_functions =
      popts.features.count(std::string(promql::kFeatureExperimentalFunctions)) > 0;
  auto lookback = parse_duration(lookback_arg);
  auto timeout = parse_duration(timeout_arg);
  if (!lookback || lookback->ms <= 0) bad_time("--lookback-delta must be a positive duration");
  if (!timeout || timeout->ms <= 0) bad_time("--timeout must be a positive duration");
  if (lookback) qopts.lookback_ms = lookback->ms;
  if (timeout) qopts.timeout = std::chrono::milliseconds(timeout->ms);

  bool range = !start_arg.empty() || !end_arg.empty() || !step_arg.empty();
  int64_t at = 0, start = 0, end = 0, step = 0;
  if (range) {
    if (!time_arg.empty())
      bad_time("--time is for instant queries; a range query takes --start, --end and --step");
    auto s = parse_time(start_arg), e = parse_time(end_arg);
    std::optional<int64_t> st;
    if (auto d = parse_duration(step_arg)) st = d->ms;
    if (auto v = parse_double(step_arg); !st && v)
      st = static_cast<int64_t>(std::llround(*v * 1000));
    if (!s) bad_time(fmt::format("--start '{}' is not a time", start_arg));
    if (!e) bad_time(fmt::format("--end '{}' is not a time", end_arg));
    if (!st || *st <= 0) bad_time(fmt::format("--step '{}' is not a positive duration", step_arg));
    if (s && e && *e < *s) bad_time("the end of the range is before its start");
    if (s && e && st && *st > 0 && *e >= *s && (*e - *s) / *st >= kMaxPoints) {
      bad_time(
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the "
          "query resolution (?step=XX)");
    }
    start = s.value_or(0);
    end = e.value_or(0);
    step = st.value_or(1);
  } else if (!time_arg.empty()) {
    auto t = parse_time(time_arg);
    if (!t) bad_time(fmt::format("--time '{}' is not a time", time_arg));
    at = t.value_or(0);
  } else {
    at = series.last_t;
  }
  // Without a result, --format=json writes the diagnostics as the document on stdout.
  auto failed = [&] {
    OutputOptions as_json = output;
    if (format == "json") as_json.format = "json";
    return report(c, as_json, env);
  };
  if (c.diags.has_errors()) return failed();

  promql::ParseResult parsed =
      promql::parse_expr(EmbeddedText::verbatim(expr, query_id, 0), popts, c.diags);
  if (!parsed.ok) return failed();
  eval::Outcome out = range ? eval::range_query(series.store, parsed.root, start, end, step, qopts)
                            : eval::instant_query(series.store, parsed.root, at, qopts);
  eval::report(out, query_span, c.diags);
  if (!out.ok) return failed();
  int code = report(c, output, env);
  if (format == "json") {
    print_json(out.result, at, range, env);
  } else {
    print_text(out.result, at, env);
  }
  return code;
}

}  // namespace mzr::driver
