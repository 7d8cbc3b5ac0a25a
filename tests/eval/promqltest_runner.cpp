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
#include "tests/eval/promqltest_harness.h"
#include "tests/eval/promqltest_values.h"

namespace mzr::testing {

namespace {

using eval::Labels;
using syntax::SeriesDescription;
using syntax::SeriesValue;
using namespace promqltest;

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
