#include "compiler/dsl/lower_tests.h"

#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <string_view>

namespace mzr::dsl {
namespace {

std::vector<model::LabelPair> pairs(const LabelMap& m) {
  std::vector<model::LabelPair> out;
  for (const LabelPair& p : m.pairs) {
    out.push_back({{p.name.value, p.name.span}, {p.value.value, p.value.span}});
  }
  return out;
}

}  // namespace

model::RouteTest lower_route_test(const RouteTestBlock& b) {
  model::RouteTest t;
  t.span = b.span;
  if (b.title) t.name = model::Text{b.title->value, b.title->span};
  if (b.alert) t.alert = model::Text{b.alert->value, b.alert->span};
  if (b.labels) t.labels = pairs(*b.labels);
  if (b.at) t.at = model::Text{b.at->value, b.at->span};
  for (const TestInhibition& i : b.inhibitions) {
    model::RouteTestInhibition inh;
    inh.expect_inhibited = i.expect_inhibited;
    inh.span = i.span;
    for (const LabelMap& m : i.firing) inh.firing.push_back(pairs(m));
    t.inhibitions.push_back(std::move(inh));
  }
  if (b.receivers) {
    std::vector<model::Text> names;
    for (const Name& n : *b.receivers) names.push_back({n.value, n.span});
    t.receivers = std::move(names);
    t.receivers_span = b.receivers_span;
  }
  return t;
}

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The end of a series description or a sample's labels at `from`: the first white space outside
// braces and quotes.
size_t selector_end(std::string_view s, size_t from) {
  int depth = 0;
  char quote = 0;
  for (size_t i = from; i < s.size(); ++i) {
    char c = s[i];
    if (quote != 0) {
      if (c == '\\' && quote != '`') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'' || c == '`') {
      quote = c;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      --depth;
    } else if (depth <= 0 && is_space(c)) {
      return i;
    }
  }
  return s.size();
}

// `s[from, to)` without surrounding white space, as a Text with its span in the file.
model::Text piece(const Expression& e, size_t from, size_t to) {
  std::string_view s = e.text.text;
  while (from < to && is_space(s[from])) ++from;
  while (to > from && is_space(s[to - 1])) --to;
  std::string value(s.substr(from, to - from));
  // Continuation lines are white space to the series notation; the length stays the same, so
  // that positions inside the value stay exact.
  for (char& c : value) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  uint32_t base = e.span.begin;
  return {std::move(value),
          {e.span.file, base + static_cast<uint32_t>(from), base + static_cast<uint32_t>(to)}};
}

// The top-level separators `sep` of `s` in [from, to): outside quotes and brackets of any kind.
std::vector<size_t> split_top(std::string_view s, size_t from, size_t to, std::string_view sep) {
  std::vector<size_t> out;
  int depth = 0;
  char quote = 0;
  for (size_t i = from; i < to; ++i) {
    char c = s[i];
    if (quote != 0) {
      if (c == '\\' && quote != '`') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'' || c == '`') {
      quote = c;
    } else if (c == '{' || c == '(' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ')' || c == ']') {
      --depth;
    } else if (depth == 0 && s.substr(i, sep.size()) == sep) {
      out.push_back(i);
    }
  }
  return out;
}

Span at_offsets(const Expression& e, size_t from, size_t to) {
  return {e.span.file, e.span.begin + static_cast<uint32_t>(from),
          e.span.begin + static_cast<uint32_t>(to)};
}

std::optional<double> parse_sample_value(std::string_view v) {
  std::string s(v);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return d;
}

// `QUERY -> [LABELS VALUE, ...]`: the query and its expected samples.
std::optional<model::PromqlTestCase> expr_test(const RuleTestEntry& e, Diagnostics& diags) {
  const Expression& raw = *e.raw;
  std::string_view s = raw.text.text;
  std::vector<size_t> arrows = split_top(s, 0, s.size(), "->");
  if (arrows.empty()) {
    diags.report(DiagKind::DslBadTest, raw.span.file == kNoSource ? e.span : raw.span,
                 "an expression test ends in '-> [samples]', e.g. "
                 "'at 5m expr sum(up) -> [{} 3]', or '-> []' for no result");
    return std::nullopt;
  }
  size_t arrow = arrows.back();
  model::PromqlTestCase t;
  t.expr = piece(raw, 0, arrow);
  t.eval_time = {e.at->value, e.at->span};
  t.span = e.span;
  size_t open = s.find_first_not_of(" \t\r\n", arrow + 2);
  size_t close = s.find_last_not_of(" \t\r\n");
  if (open == std::string_view::npos || s[open] != '[' || s[close] != ']' || close <= open) {
    diags.report(DiagKind::DslBadTest, at_offsets(raw, arrow, s.size()),
                 "the expected samples are a list in brackets: '-> [{job=\"a\"} 1, {job=\"b\"} "
                 "2]', or '-> []' for no result");
    return std::nullopt;
  }
  std::vector<size_t> commas = split_top(s, open + 1, close, ",");
  commas.push_back(close);
  size_t from = open + 1;
  for (size_t comma : commas) {
    size_t b = from;
    while (b < comma && is_space(s[b])) ++b;
    from = comma + 1;
    if (b == comma) continue;  // `[]`, or a trailing comma
    size_t lend = selector_end(s, b);
    if (lend > comma) lend = comma;
    model::ExpectedSample sample;
    sample.labels = piece(raw, b, lend);
    model::Text value = piece(raw, lend, comma);
    sample.span = at_offsets(raw, b, comma);
    if (value.value.starts_with("{{")) {
      sample.histogram = value;
    } else if (auto v = parse_sample_value(value.value)) {
      sample.value = *v;
    } else {
      diags.report(DiagKind::DslBadTest, value.value.empty() ? sample.span : value.span,
                   value.value.empty()
                       ? std::string("an expected sample is labels and a value: '{job=\"a\"} 1'")
                       : fmt::format("'{}' is not a sample value (a number, Inf, NaN, or a "
                                     "native histogram '{{{{...}}}}')",
                                     value.value));
      return std::nullopt;
    }
    t.samples.push_back(std::move(sample));
  }
  return t;
}

std::string annotation_name(AlertField::Kind k) {
  switch (k) {
    case AlertField::Kind::Summary: return "summary";
    case AlertField::Kind::Description: return "description";
    case AlertField::Kind::Runbook: return "runbook_url";
    default: return "";
  }
}

}  // namespace

model::RuleTestGroup lower_rule_test(const RuleTestBlock& b, Diagnostics& diags) {
  using Kind = RuleTestEntry::Kind;
  model::RuleTestGroup g;
  g.span = b.span;
  if (b.title) g.name = {b.title->value, b.title->span};
  if (b.every) g.interval = model::TimeSpan{b.every->value, b.every->span};
  std::map<std::pair<int64_t, std::string>, size_t> alert_index;
  std::map<std::pair<int64_t, std::string>, bool> silent;
  for (const RuleTestEntry& e : b.entries) {
    switch (e.kind) {
      case Kind::Series: {
        std::string_view s = e.raw->text.text;
        size_t start = s.find_first_not_of(" \t\r\n");
        if (start == std::string_view::npos) break;  // reported as a missing expression
        size_t end = selector_end(s, start);
        model::InputSeries in;
        in.series = piece(*e.raw, start, end);
        in.values = piece(*e.raw, end, s.size());
        in.span = e.span;
        if (in.values.value.empty()) {
          diags.report(DiagKind::DslBadTest, e.raw->span,
                       "a series is a description and its values: 'series up{job=\"a\"} 1 2 "
                       "0+1x10'");
          break;
        }
        g.input_series.push_back(std::move(in));
        break;
      }
      case Kind::Fires:
      case Kind::Silent: {
        if (!e.at || !e.alert) break;
        auto key = std::make_pair(e.at->value.ms, e.alert->value);
        bool is_silent = e.kind == Kind::Silent;
        auto seen = silent.find(key);
        if (seen != silent.end() && (seen->second || is_silent)) {
          diags.report(DiagKind::DslBadTest, e.span,
                       is_silent ? fmt::format("'{}' is expected at {} already; 'silent' "
                                               "contradicts or repeats that",
                                               e.alert->value, e.at->written)
                                 : fmt::format("'{}' is expected silent at {}; 'fires' "
                                               "contradicts that",
                                               e.alert->value, e.at->written));
          break;
        }
        silent[key] = is_silent;
        auto it = alert_index.find(key);
        if (it == alert_index.end()) {
          model::AlertTestCase a;
          a.eval_time = {e.at->value, e.at->span};
          a.alertname = {e.alert->value, e.alert->span};
          a.span = e.span;
          it = alert_index.emplace(key, g.alert_tests.size()).first;
          g.alert_tests.push_back(std::move(a));
        }
        if (is_silent) break;
        model::ExpectedAlert exp;
        exp.span = e.span;
        if (e.labels) exp.labels = pairs(*e.labels);
        for (const AlertField& f : e.annotations) {
          if (f.map) {
            for (model::LabelPair& p : pairs(*f.map)) exp.annotations.push_back(std::move(p));
          } else if (f.text) {
            exp.annotations.push_back(
                {{annotation_name(f.kind), f.keyword}, {f.text->value, f.text->span}});
          }
        }
        g.alert_tests[it->second].alerts.push_back(std::move(exp));
        break;
      }
      case Kind::Expr:
        if (!e.at) break;
        if (auto t = expr_test(e, diags)) g.promql_tests.push_back(std::move(*t));
        break;
      case Kind::ExternalLabels:
        for (model::LabelPair& p : pairs(*e.labels)) g.external_labels.push_back(std::move(p));
        break;
      case Kind::Setting:
        if (e.setting->value == "external_url" && e.text) {
          g.external_url = e.text->value;
        } else {
          diags.report(DiagKind::DslBadTest, e.setting->span,
                       e.setting->value == "external_url"
                           ? std::string("'external_url' takes a URL in quotes")
                           : fmt::format("unknown entry '{}' in a rule test; entries are 'series', "
                                         "'at TIME fires|silent|expr', 'external_labels' and "
                                         "'external_url'",
                                         e.setting->value));
        }
        break;
    }
  }
  return g;
}

}  // namespace mzr::dsl
