#include "compiler/load/rule_test_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "compiler/base/glob.h"
#include "compiler/load/decode.h"
#include "compiler/routing/time_interval.h"

namespace mzr {
namespace {

using model::Text;
using yaml::FieldReader;
using yaml::Node;

// A float as yaml.v2 decodes one into float64: Go's number syntax plus YAML's .inf and .nan.
std::optional<double> yaml_float(std::string_view s) {
  std::string t(s);
  if (t == ".inf" || t == ".Inf" || t == ".INF" || t == "+.inf" || t == "+.Inf" || t == "+.INF") {
    return INFINITY;
  }
  if (t == "-.inf" || t == "-.Inf" || t == "-.INF") return -INFINITY;
  if (t == ".nan" || t == ".NaN" || t == ".NAN") return NAN;
  std::string digits;
  for (char c : t) {
    if (c != '_') digits += c;  // YAML 1.1 allows '_' between digits
  }
  if (digits.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size()) return std::nullopt;
  // strtod reads "inf" and "nan", which YAML does not.
  for (char c : digits) {
    if (std::isalpha(static_cast<unsigned char>(c)) && c != 'e' && c != 'E' && c != 'x' &&
        c != 'X' && !std::isxdigit(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
  }
  return v;
}

class TestFileLoader {
 public:
  explicit TestFileLoader(Diagnostics& diags) : diags_(diags) {}

  model::RuleTestFile load(const Node* root, SourceId id) {
    model::RuleTestFile out;
    out.file = id;
    FieldReader f(root, "the rule test file", diags_);
    if (!f.ok()) return out;
    const Node* rule_files = f.take("rule_files");
    const Node* interval = f.take("evaluation_interval");
    const Node* order = f.take("group_eval_order");
    const Node* tests = f.take("tests");
    const Node* fuzzy = f.take("fuzzy_compare");
    f.finish();
    out.rule_files = strings(rule_files, "'rule_files'");
    out.evaluation_interval = duration(interval, "evaluation_interval");
    out.group_eval_order = strings(order, "'group_eval_order'");
    if (fuzzy != nullptr && fuzzy->is_scalar()) out.fuzzy_compare = fuzzy->value == "true";
    for (const Node* t : items(tests, "test groups")) out.tests.push_back(group(t));
    return out;
  }

 private:
  std::vector<const Node*> items(const Node* n, std::string_view what) {
    std::vector<const Node*> out;
    for (yaml::NodeRef item : yaml::read_items(n, what, diags_)) out.push_back(item.yaml_node());
    return out;
  }

  std::optional<Text> text(const Node* n, std::string_view what) {
    return yaml::read_text(n, what, diags_);
  }

  std::vector<Text> strings(const Node* n, std::string_view what) {
    std::vector<Text> out;
    for (const Node* item : items(n, what)) {
      if (auto t = text(item, what)) out.push_back(std::move(*t));
    }
    return out;
  }

  std::optional<model::TimeSpan> duration(const Node* n, std::string_view field) {
    return yaml::read_duration(n, field, diags_);
  }

  std::vector<model::LabelPair> pairs(const Node* n, std::string_view what) {
    return yaml::read_label_map(n, what, diags_).value_or(std::vector<model::LabelPair>{});
  }

  // promtool's parseTime: Unix seconds (fractions rounded to milliseconds) or RFC 3339.
  std::optional<int64_t> timestamp(const Node* n) {
    auto s = yaml::read_string(n, "'start_timestamp'", diags_);
    if (!s) return std::nullopt;
    if (auto v = yaml_float(*s); v && std::isfinite(*v)) {
      double whole = std::trunc(*v);
      double frac = std::round((*v - whole) * 1000) / 1000;
      return static_cast<int64_t>(whole) * 1000 + static_cast<int64_t>(std::llround(frac * 1000));
    }
    if (auto t = routing::parse_rfc3339(*s)) {
      return static_cast<int64_t>(t->time_since_epoch().count()) * 1000;
    }
    diags_.report(DiagKind::InvalidDuration, n->span,
                  fmt::format("cannot parse '{}' as a timestamp: it is neither Unix seconds nor "
                              "RFC 3339",
                              *s));
    return std::nullopt;
  }

  model::RuleTestGroup group(const Node* n) {
    model::RuleTestGroup g;
    g.span = n->span;
    FieldReader f(n, "test group", diags_);
    if (!f.ok()) return g;
    const Node* interval = f.take("interval");
    const Node* input = f.take("input_series");
    const Node* alerts = f.take("alert_rule_test");
    const Node* exprs = f.take("promql_expr_test");
    const Node* external_labels = f.take("external_labels");
    const Node* external_url = f.take("external_url");
    const Node* name = f.take("name");
    const Node* start = f.take("start_timestamp");
    f.finish();
    g.interval = duration(interval, "interval");
    for (const Node* s : items(input, "input series")) {
      FieldReader sf(s, "input series", diags_);
      if (!sf.ok()) continue;
      const Node* series = sf.take("series");
      const Node* values = sf.take("values");
      sf.finish();
      model::InputSeries is;
      is.span = s->span;
      is.series = text(series, "'series'").value_or(Text{"", s->span});
      is.values = text(values, "'values'").value_or(Text{"", s->span});
      if (series == nullptr) is.series.span = s->span;
      if (values == nullptr) is.values.span = s->span;
      g.input_series.push_back(std::move(is));
    }
    for (const Node* a : items(alerts, "alert rule tests")) g.alert_tests.push_back(alert_test(a));
    for (const Node* e : items(exprs, "PromQL expression tests")) {
      g.promql_tests.push_back(expr_test(e));
    }
    g.external_labels = pairs(external_labels, "'external_labels'");
    if (auto u = text(external_url, "'external_url'")) g.external_url = u->value;
    if (auto t = text(name, "'name'")) g.name = *t;
    if (start != nullptr && !yaml::is_null_text(start)) g.start_ms = timestamp(start).value_or(0);
    return g;
  }

  model::AlertTestCase alert_test(const Node* n) {
    model::AlertTestCase t;
    t.span = n->span;
    t.eval_time.span = n->span;
    FieldReader f(n, "alert rule test", diags_);
    if (!f.ok()) return t;
    const Node* eval_time = f.take("eval_time");
    const Node* alertname = f.take("alertname");
    const Node* exp = f.take("exp_alerts");
    f.finish();
    if (auto d = duration(eval_time, "eval_time")) t.eval_time = *d;
    if (auto a = text(alertname, "'alertname'")) t.alertname = *a;
    for (const Node* e : items(exp, "expected alerts")) {
      FieldReader ef(e, "expected alert", diags_);
      if (!ef.ok()) continue;
      const Node* labels = ef.take("exp_labels");
      const Node* annotations = ef.take("exp_annotations");
      ef.finish();
      model::ExpectedAlert ea;
      ea.span = e->span;
      ea.labels = pairs(labels, "'exp_labels'");
      ea.annotations = pairs(annotations, "'exp_annotations'");
      t.alerts.push_back(std::move(ea));
    }
    return t;
  }

  model::PromqlTestCase expr_test(const Node* n) {
    model::PromqlTestCase t;
    t.span = n->span;
    t.eval_time.span = n->span;
    FieldReader f(n, "PromQL expression test", diags_);
    if (!f.ok()) return t;
    const Node* expr = f.take("expr");
    const Node* eval_time = f.take("eval_time");
    const Node* exp = f.take("exp_samples");
    f.finish();
    if (auto e = text(expr, "'expr'")) t.expr = *e;
    if (auto d = duration(eval_time, "eval_time")) t.eval_time = *d;
    for (const Node* s : items(exp, "expected samples")) {
      FieldReader sf(s, "expected sample", diags_);
      if (!sf.ok()) continue;
      const Node* labels = sf.take("labels");
      const Node* value = sf.take("value");
      const Node* histogram = sf.take("histogram");
      sf.finish();
      model::ExpectedSample es;
      es.span = s->span;
      if (auto l = text(labels, "'labels'")) es.labels = *l;
      if (labels == nullptr) es.labels.span = s->span;
      if (value != nullptr && !yaml::is_null_text(value)) {
        auto v = value->is_scalar() ? yaml_float(value->value) : std::nullopt;
        if (!v) {
          diags_.report(DiagKind::WrongNodeType, value->span, "expected a number for 'value'");
        } else {
          es.value = *v;
        }
      }
      if (auto h = text(histogram, "'histogram'")) es.histogram = *h;
      t.samples.push_back(std::move(es));
    }
    return t;
  }

  Diagnostics& diags_;
};

}  // namespace

model::RuleTestFile load_rule_test_file(const yaml::Stream& stream, SourceId id,
                                        Diagnostics& diags) {
  const Node* root = stream.documents.empty() ? nullptr : stream.documents.front().root;
  return TestFileLoader(diags).load(root, id);
}

std::vector<std::string> resolve_rule_test_rule_files(const FileSystem& fs,
                                                      const ReadBounds& bounds,
                                                      const std::string& test_file_path,
                                                      const model::RuleTestFile& file,
                                                      Diagnostics& diags) {
  std::string dir = test_file_path.rfind('/') == std::string::npos
                        ? std::string(".")
                        : test_file_path.substr(0, test_file_path.rfind('/'));
  std::vector<std::string> out;
  for (const Text& rf : file.rule_files) {
    if (rf.value.empty()) continue;
    // filepath.Join cleans the path, so 'tests/../rules.yml' is 'rules.yml'.
    std::string path =
        lexically_normal(rf.value.front() == '/' ? rf.value : join_path(dir, rf.value));
    if (!bounds.written_inside(path)) {
      diags.report(DiagKind::SourceOutsideRepository, rf.span,
                   fmt::format("rule file '{}' is outside the repository; not read", rf.value));
      continue;
    }
    std::vector<std::string> files;
    size_t slash = path.rfind('/');
    std::string folder = slash == std::string::npos ? std::string(".") : path.substr(0, slash);
    std::string pattern = slash == std::string::npos ? path : path.substr(slash + 1);
    if (glob_has_meta(pattern)) {
      ReadBounds::Place at = bounds.locate(folder);
      if (at.kind != FileKind::Missing && at.inside) {
        for (const std::string& name : fs.list(folder)) {
          if (glob_match(pattern, name) == GlobMatch::Yes) files.push_back(join_path(folder, name));
        }
      }
      std::sort(files.begin(), files.end());
    } else if (bounds.locate(path).kind == FileKind::Regular) {
      files.push_back(path);
    }
    std::vector<std::string> usable;
    for (const std::string& f : files) {
      ReadBounds::Place at = bounds.locate(f);
      if (at.kind != FileKind::Regular) continue;
      if (!at.inside) {
        diags.report(DiagKind::SourceOutsideRepository, rf.span,
                     fmt::format("rule file '{}' leads outside the repository; not read", f));
        continue;
      }
      usable.push_back(f);
    }
    if (usable.empty()) {
      diags.report(DiagKind::RuleTestNoRuleFile, rf.span,
                   fmt::format("no file matches the rule file pattern '{}'", rf.value));
    }
    out.insert(out.end(), usable.begin(), usable.end());
  }
  return out;
}

}  // namespace mzr
